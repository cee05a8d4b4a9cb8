// Approved instruments: searching IB through a connection, approving by conId, revoking. The
// answer types come from the server's OpenAPI document (schema.gen.ts).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type AnswerOf } from './client.ts';

export type SearchAnswer = AnswerOf<'/api/connections/{id}/instruments/search', 'post'>;
/** A contract IB offers, with its approval on this connection when there is one. */
export type Candidate = SearchAnswer['candidates'][number];
/** An approved (or revoked) instrument: the contract as IB described it when it was approved. */
export type Instrument = AnswerOf<'/api/instruments', 'get'>['instruments'][number];
export type SecType = Instrument['secType'];

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
    queryFn: async () => (await unwrap(api.GET('/api/instruments'))).instruments,
  });
}

export async function searchContracts(connectionId: string, spec: SearchSpec): Promise<SearchAnswer> {
  return unwrap(api.POST('/api/connections/{id}/instruments/search', { params: { path: { id: connectionId } }, body: spec }));
}

export function useApprove() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: { connectionId: string; conId: number }) =>
      (await unwrap(api.POST('/api/instruments', { body }))).instrument,
    onSuccess: () => client.invalidateQueries({ queryKey: ['instruments'] }),
  });
}

export function useRevoke() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => (await unwrap(api.DELETE('/api/instruments/{id}', { params: { path: { id } } }))).instrument,
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
