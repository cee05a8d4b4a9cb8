// A connection's risk policy with the usage next to each limit (GET/PUT /api/connections/:id/risk).
// The answer types come from the server's OpenAPI document (schema.gen.ts); the units are the ones
// risk/policy.ts documents for each limit. The query key starts with risk, so a risk_policy event
// refreshes it.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type AnswerOf } from './client.ts';

export type RiskView = AnswerOf<'/api/connections/{id}/risk', 'get'>['risk'];
export type RiskPolicy = RiskView['policy'];
export type RiskUsage = RiskView['usage'];
export type UsageItem = RiskUsage['ordersToday'];
export type SecType = RiskPolicy['allowedMarkets'][number];
/** The limits one market (or, without allowedSymbols, one symbol) overrides. */
export type Limits = NonNullable<NonNullable<RiskPolicy['markets']>[SecType]>;

export const SEC_TYPES: readonly SecType[] = ['STK', 'FUT', 'OPT', 'CASH'];

export type NumberLimit =
  | 'maxOrderQuantity' | 'maxOrderNotional' | 'maxPositionQuantity' | 'maxPositionNotional' | 'maxGrossExposure'
  | 'maxOpenPositions' | 'maxOrdersPerMinute' | 'maxOrdersPerDay' | 'maxDailyLoss' | 'priceCollarPercent'
  | 'duplicateWindowSeconds' | 'defaultSignalTtlSeconds' | 'nearExpiryDays';
export type FlagLimit = 'allowOutsideRth' | 'allowNearExpiry' | 'allowDelayedData';

const MONEY = "account's base currency";
const QUANTITY = 'shares, contracts or currency units';

/** Every number limit: its label, its unit (as risk/policy.ts states it) and the usage measured against it. */
export const NUMBER_LIMITS: ReadonlyArray<{ key: NumberLimit; label: string; unit: string; integer?: boolean; usage?: Exclude<keyof RiskUsage, 'account'> }> = [
  { key: 'maxOrderQuantity', label: 'Largest order quantity', unit: QUANTITY },
  { key: 'maxOrderNotional', label: 'Largest order value', unit: MONEY },
  { key: 'maxPositionQuantity', label: 'Largest position per contract', unit: QUANTITY },
  { key: 'maxPositionNotional', label: 'Largest position value per contract', unit: MONEY },
  { key: 'maxGrossExposure', label: 'Largest gross exposure', unit: MONEY, usage: 'grossExposure' },
  { key: 'maxOpenPositions', label: 'Most open positions', unit: 'positions', integer: true, usage: 'openPositions' },
  { key: 'maxOrdersPerMinute', label: 'Most orders per minute', unit: 'orders', integer: true, usage: 'ordersLastMinute' },
  { key: 'maxOrdersPerDay', label: 'Most orders per day', unit: 'orders', integer: true, usage: 'ordersToday' },
  { key: 'maxDailyLoss', label: 'Largest daily loss', unit: MONEY, usage: 'dailyLoss' },
  { key: 'priceCollarPercent', label: 'Price collar', unit: 'percent of the reference price' },
  { key: 'duplicateWindowSeconds', label: 'Duplicate window', unit: 'seconds', integer: false },
  { key: 'defaultSignalTtlSeconds', label: 'Signal time-to-live', unit: 'seconds' },
  { key: 'nearExpiryDays', label: 'Near-expiry days', unit: 'calendar days', integer: true },
];

export const FLAG_LIMITS: ReadonlyArray<{ key: FlagLimit; label: string }> = [
  { key: 'allowOutsideRth', label: 'Allow orders outside regular trading hours' },
  { key: 'allowNearExpiry', label: 'Allow entries near expiry' },
  { key: 'allowDelayedData', label: 'Allow delayed market data' },
];

export function useRisk(id: string) {
  return useQuery({
    queryKey: ['risk', id],
    queryFn: async () => (await unwrap(api.GET('/api/connections/{id}/risk', { params: { path: { id } } }))).risk,
  });
}

export function useReplaceRisk(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (policy: RiskPolicy) =>
      (await unwrap(api.PUT('/api/connections/{id}/risk', { params: { path: { id } }, body: policy as never }))).risk,
    onSuccess: (risk) => client.setQueryData(['risk', id], risk),
  });
}
