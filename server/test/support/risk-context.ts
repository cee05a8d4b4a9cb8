// A risk context in which every rule passes, at a fixed moment (Tuesday 2026-12-01 10:00 in New
// York, inside AAPL's liquid hours), so a test changes only what its scenario is about.
import type { RiskContext, RiskInstrument, RiskOrder } from '../../src/risk/context.ts';
import { defaultRiskPolicy, effectiveLimits, type RiskLimits } from '../../src/risk/policy.ts';

export const NOW = Date.parse('2026-12-01T15:00:00Z');

export const AAPL: RiskInstrument = {
  conId: 265598,
  symbol: 'AAPL',
  secType: 'STK',
  currency: 'USD',
  multiplier: 1,
  liquidHours: '20261201:0930-20261201:1600;20261202:0930-20261202:1600',
  tradingHours: '20261201:0400-20261201:2000;20261202:0400-20261202:2000',
  timeZoneId: 'US/Eastern',
};

export interface ContextChanges extends Partial<Omit<RiskContext, 'order'>> {
  order?: Partial<Omit<RiskOrder, 'instrument'>>;
  instrument?: Partial<RiskInstrument>;
}

export function riskContext(changes: ContextChanges = {}): RiskContext {
  const { order, instrument, ...rest } = changes;
  return {
    order: { side: 'BUY', quantity: 10, orderType: 'LMT', limitPrice: 100, outsideRth: false, reduceOnly: false, ...order, instrument: { ...AAPL, ...instrument } },
    referencePrice: 100,
    account: { netLiquidation: 100_000, availableFunds: 80_000, currency: 'USD' },
    positions: [],
    openOrders: [],
    usage: { ordersLastMinute: 0, ordersToday: 0, dailyPnl: { realized: 0, unrealized: 0 } },
    recentSignals: [],
    tradingState: 'active',
    workspaceHalted: false,
    now: NOW,
    signal: { time: NOW - 1_000, ttlSeconds: 60, fingerprint: 'fp-this-signal' },
    ...rest,
  };
}

/** The default limits for AAPL with `changes` applied. */
export function limitsWith(changes: Partial<RiskLimits> = {}): RiskLimits {
  return { ...effectiveLimits(defaultRiskPolicy(), 'STK', 'AAPL'), ...changes };
}
