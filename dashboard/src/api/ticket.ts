// The order ticket: the approved instruments of a connection, a signal's preview (POST
// /api/signals/preview: the decision it would get and IB's what-if), its submission (POST
// /api/signals, the same body) and the signal it became, followed live. The answer shapes are the
// server's (intake/preview.ts SignalPreview, intake/submit.ts SubmitResult, intake/service.ts
// SignalView, instruments/service.ts InstrumentView). Query keys start with instruments / signals,
// so the live events refresh them (api/live-events.ts).
import { useQuery } from '@tanstack/react-query';
import { api, ApiError, unwrap } from './client.ts';
import type { paths } from './schema.gen.ts';

/** The body POST /api/signals and its preview take (the one Kairox signal schema). */
export type SignalBody = paths['/api/signals']['post']['requestBody']['content']['application/json'];

export interface ApprovedInstrument {
  id: string;
  connectionId: string;
  conId: number;
  symbol: string;
  secType: string;
  exchange: string;
  primaryExchange?: string;
  currency: string;
  multiplier: number;
  minTick: number;
  sizeIncrement: number;
  longName?: string;
  localSymbol?: string;
  lastTradeDate?: string;
  revokedAt: number | null;
}

export interface DecisionStep {
  step: string;
  outcome: 'pass' | 'deny' | 'skip';
  code?: string;
  message?: string;
  values?: Record<string, unknown>;
}

export interface DecisionView {
  status: string;
  code?: string;
  message?: string;
  steps: DecisionStep[];
}

/** IB's what-if (domain OrderWhatIf): absent where IB left a value unset. */
export interface WhatIf {
  initMarginBefore?: number;
  maintMarginBefore?: number;
  equityWithLoanBefore?: number;
  initMarginChange?: number;
  maintMarginChange?: number;
  equityWithLoanChange?: number;
  initMarginAfter?: number;
  maintMarginAfter?: number;
  equityWithLoanAfter?: number;
  commission?: number;
  minCommission?: number;
  maxCommission?: number;
  commissionCurrency?: string;
  warningText?: string;
}

export interface PreviewOrder {
  account: string;
  instrument: { conId: number; symbol: string; secType: string; exchange: string; currency: string };
  side: 'BUY' | 'SELL';
  quantity: number;
  orderType: string;
  limitPrice?: number;
  stopPrice?: number;
  trailingAmount?: number;
  trailingPercent?: number;
  tif: string;
  outsideRth: boolean;
  bracket?: { takeProfit?: { limitPrice: number }; stopLoss?: { stopPrice: number } };
  reduceOnly: boolean;
  expiresAt: number;
}

export interface SignalPreview {
  recorded: false;
  decision: DecisionView;
  order: PreviewOrder | null;
  cancels: string[] | null;
  executionEnabled: boolean;
  whatIf: WhatIf | null;
  whatIfUnavailable: string | null;
  idempotencyKeyUsedBy: string | null;
}

export interface SubmitAnswer {
  signal: { id: string; status: string; decision: DecisionView };
  repeated: boolean;
}

export interface SignalView {
  id: string;
  connectionId: string;
  status: string;
  decision: DecisionView;
  kairoxOrderId: string | null;
  receivedAt: number;
}

export function useApprovedInstruments(connectionId: string | undefined) {
  return useQuery({
    queryKey: ['instruments', { connectionId }],
    enabled: connectionId !== undefined,
    queryFn: async () => (await unwrap<{ instruments: ApprovedInstrument[] }>(api.GET('/api/instruments', { params: { query: { connectionId: connectionId! } } }))).instruments,
  });
}

export async function previewSignal(body: SignalBody): Promise<SignalPreview> {
  return (await unwrap<{ preview: SignalPreview }>(api.POST('/api/signals/preview', { body }))).preview;
}

export function submitSignal(body: SignalBody): Promise<SubmitAnswer> {
  return unwrap<SubmitAnswer>(api.POST('/api/signals', { body }));
}

/** The signal a ticket sent, refreshed by the events stream as execution moves it on. */
export function useSignal(id: string | undefined) {
  return useQuery({
    queryKey: ['signals', id],
    enabled: id !== undefined,
    queryFn: async () => (await unwrap<{ signal: SignalView }>(api.GET('/api/signals/{id}', { params: { path: { id: id! } } }))).signal,
  });
}

/** The order a sent signal became (orders/views.ts OrderView, the fields the ticket shows). */
export interface TicketOrder {
  id: string;
  state: string;
  quantity: number;
  filledQuantity: number;
  avgFillPrice: number | null;
  commission: number | null;
  lastError: { code: number; message: string } | null;
}

/** The sent signal's order, live (order events refresh ['order', …]); null while execution has none (execution off: prepared only). */
export function useTicketOrder(id: string | null | undefined) {
  return useQuery({
    queryKey: ['order', id],
    enabled: typeof id === 'string',
    queryFn: async (): Promise<TicketOrder | null> => {
      try {
        return (await unwrap<{ order: TicketOrder }>(api.GET('/api/orders/{id}', { params: { path: { id: id! } } }))).order;
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
  });
}
