// Approved instruments: searching IB through a connection, approving by conId, revoking. Answer
// shapes as server/src/instruments/service.ts builds them (ContractCandidate, InstrumentView).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client.ts';

export type SecType = 'STK' | 'FUT' | 'OPT' | 'CASH';

export interface ContractFacts {
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
  strike?: number;
  right?: 'C' | 'P';
  tradingHours?: string;
  liquidHours?: string;
  timeZoneId?: string;
}

export interface Candidate extends ContractFacts {
  /** The approval of this contract on this connection, when there is one. */
  approvedInstrumentId: string | null;
}

export interface SearchAnswer {
  candidates: Candidate[];
  /** IB's own words when nothing matched. */
  notFound?: string;
}

export interface Instrument extends ContractFacts {
  id: string;
  connectionId: string;
  approvedAt: number;
  revokedAt: number | null;
}

export interface SearchSpec {
  symbol: string;
  secType: SecType;
  exchange?: string;
  currency?: string;
  expiry?: string;
  strike?: number;
  right?: 'C' | 'P';
}

export function useInstruments() {
  return useQuery({
    queryKey: ['instruments'],
    queryFn: async () => (await unwrap<{ instruments: Instrument[] }>(api.GET('/api/instruments'))).instruments,
  });
}

export async function searchContracts(connectionId: string, spec: SearchSpec): Promise<SearchAnswer> {
  return unwrap<SearchAnswer>(api.POST('/api/connections/{id}/instruments/search', { params: { path: { id: connectionId } }, body: spec }));
}

export function useApprove() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: { connectionId: string; conId: number }) =>
      (await unwrap<{ instrument: Instrument }>(api.POST('/api/instruments', { body }))).instrument,
    onSuccess: () => client.invalidateQueries({ queryKey: ['instruments'] }),
  });
}

export function useRevoke() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => (await unwrap<{ instrument: Instrument }>(api.DELETE('/api/instruments/{id}', { params: { path: { id } } }))).instrument,
    onSuccess: () => client.invalidateQueries({ queryKey: ['instruments'] }),
  });
}

/** IB's session string ("20261201:0930-20261201:1600;20261202:CLOSED") as today's first window, e.g. "09:30–16:00". */
export function firstWindow(hours: string | undefined): string {
  if (!hours) return '—';
  const first = hours.split(';').find((part) => !part.endsWith('CLOSED'));
  const match = first && /^\d{8}:(\d{2})(\d{2})-\d{8}:(\d{2})(\d{2})$/.exec(first);
  return match ? `${match[1]}:${match[2]}–${match[3]}:${match[4]}` : first ?? 'closed';
}
