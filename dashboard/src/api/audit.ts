// The audit screens' reads: the workspace's audit trail (GET /api/audit, a page at a time), its
// chain verification (GET /api/audit/verify), the export's address, the signals (GET /api/signals)
// and one signal with its decision, and the order it became (GET /api/orders/:id) with its steps
// and fills. The answer types come from the server's OpenAPI document (schema.gen.ts); the signal's
// and the order's are the ticket's and the orders' own. Query keys start with audit / signals /
// order, so the live events stream refreshes them (api/live-events.ts).
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, unwrap, type AnswerOf } from './client.ts';
import type { Connection } from './connections.ts';
import type { OrderDetail } from './orders.ts';

export type { OrderDetail } from './orders.ts';
export type { DecisionStep, SignalView } from './ticket.ts';

export type AuditPage = AnswerOf<'/api/audit', 'get'>;
export type AuditEvent = AuditPage['events'][number];
export type ChainVerdict = AnswerOf<'/api/audit/verify', 'get'>;
export type OrderStep = OrderDetail['steps'][number];

export interface AuditFilters {
  signalId?: string;
  connectionId?: string;
  since?: string;
  until?: string;
}

export const AUDIT_EXPORT_FORMATS = ['jsonl', 'csv'] as const;
export type AuditExportFormat = (typeof AUDIT_EXPORT_FORMATS)[number];

const PAGE_SIZE = 50;

/** The trail, newest first; `fetchNextPage` reads the older page (the server's nextBefore). */
export function useAuditTrail(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: ['audit', 'trail', filters],
    queryFn: ({ pageParam }) => unwrap(api.GET('/api/audit', { params: { query: { ...filters, limit: PAGE_SIZE, ...(pageParam !== null && { before: pageParam }) } } })),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextBefore,
    placeholderData: keepPreviousData,
  });
}

export function useChainVerdict() {
  return useQuery({ queryKey: ['audit', 'verify'], queryFn: () => unwrap(api.GET('/api/audit/verify')) });
}

/** Where the browser downloads the trail matching `filters` (the server names the file). */
export function exportHref(filters: AuditFilters, format: AuditExportFormat): string {
  const query = new URLSearchParams({ format });
  for (const [key, value] of Object.entries(filters)) if (value) query.set(key, value);
  return `/api/audit/export?${query.toString()}`;
}

export function useSignals(filters: { connectionId?: string } = {}) {
  return useQuery({
    queryKey: ['signals', 'list', filters],
    queryFn: () => unwrap(api.GET('/api/signals', { params: { query: { ...filters, limit: 50 } } })),
  });
}

export function useSignal(id: string) {
  return useQuery({ queryKey: ['signals', 'one', id], queryFn: async () => (await unwrap(api.GET('/api/signals/{id}', { params: { path: { id } } }))).signal });
}

export function useOrder(id: string | null) {
  return useQuery({
    queryKey: ['order', id],
    enabled: id !== null,
    queryFn: async () => (await unwrap(api.GET('/api/orders/{id}', { params: { path: { id: id ?? '' } } }))).order,
  });
}

/** The order states nothing changes any more (domain/order-lifecycle.ts isTerminalOrderState). */
export const SETTLED_ORDER_STATES: readonly string[] = ['filled', 'cancelled', 'rejected', 'expired_unsent', 'withheld'];

/** IB's words on the order, verbatim, from its steps (an ib_error note, a rejection or a cancel). */
export function ibMessagesOf(steps: readonly OrderStep[]): Array<{ at: string; code: number; message: string; step: OrderStep }> {
  const out: Array<{ at: string; code: number; message: string; step: OrderStep }> = [];
  for (const step of steps) {
    const { code, message } = step.detail;
    if (typeof code === 'number' && typeof message === 'string') out.push({ at: step.at, code, message, step });
  }
  return out;
}

/** Connections, to filter by and to bind a webhook to (GET /api/connections). */
export type ConnectionSummary = Pick<Connection, 'id' | 'hostPort' | 'clientId' | 'accountId'>;

export function useConnectionChoices() {
  return useQuery({
    queryKey: ['connections', 'choices'],
    queryFn: async () => (await unwrap(api.GET('/api/connections'))).connections,
  });
}

export function connectionLabel(c: ConnectionSummary): string {
  return `${c.accountId ?? 'no account'} · ${c.hostPort} · client ${c.clientId}`;
}
