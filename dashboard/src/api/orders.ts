// Orders: the workspace's Kairox orders (the execution journal), one order with its fills, steps and
// bracket children, cancel and modify, and the connection's open orders at IB (every client's, each
// marked Kairox's or not). The answer types come from the server's OpenAPI document (schema.gen.ts).
// Keys start with orders / order, so every order event of the live stream refreshes them
// (api/live-events.ts).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type AnswerOf } from './client.ts';

export type Order = AnswerOf<'/api/orders', 'get'>['orders'][number];
export type OrderState = Order['state'];
export type OrderDetail = AnswerOf<'/api/orders/{id}', 'get'>['order'];
export type IbOrder = AnswerOf<'/api/connections/{id}/ib-orders', 'get'>['orders'][number];

/** Every state, in the order of an order's life (the blotter's filter). */
export const ORDER_STATES: readonly OrderState[] = [
  'accepted', 'journaled', 'sent', 'not_sent', 'unknown', 'working', 'partially_filled', 'cancelling',
  'filled', 'cancelled', 'rejected', 'expired_unsent', 'withheld',
];

/** States in which an order can still be cancelled or modified at IB. */
export const WORKING: ReadonlySet<string> = new Set(['working', 'partially_filled']);
export const FINAL: ReadonlySet<string> = new Set(['filled', 'cancelled', 'rejected', 'expired_unsent', 'withheld']);

export interface OrderFilters { connectionId?: string; state?: OrderState }

/** The newest orders (at most 200, the API's page), filtered on the server. */
export function useOrders(filters: OrderFilters) {
  return useQuery({
    queryKey: ['orders', 'list', filters],
    queryFn: async () => (await unwrap(api.GET('/api/orders', { params: { query: { limit: 200, ...filters } } }))).orders,
  });
}

export function useOrder(id: string) {
  return useQuery({
    queryKey: ['order', id],
    queryFn: async () => (await unwrap(api.GET('/api/orders/{id}', { params: { path: { id } } }))).order,
  });
}

/** The connection's open orders at IB (asked of IB on each read; refreshed by every order event). */
export function useIbOrders(connectionId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['orders', 'at-ib', connectionId],
    queryFn: async () => (await unwrap(api.GET('/api/connections/{id}/ib-orders', { params: { path: { id: connectionId } } }))).orders,
    enabled,
    retry: false,
    // IB pushes other clients' orders only to client id 0, so no event says one appeared: ask again now and then.
    refetchInterval: 15_000,
  });
}

export function useCancelOrder(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async () => (await unwrap(api.POST('/api/orders/{id}/cancel', { params: { path: { id } } }))).order,
    onSuccess: (order) => {
      client.setQueryData(['order', id], order);
      void client.invalidateQueries({ queryKey: ['orders'] });
    },
  });
}

export interface Modification { quantity?: number; limitPrice?: number; stopPrice?: number }

export async function modifyOrder(id: string, body: Modification): Promise<OrderDetail> {
  return (await unwrap(api.PATCH('/api/orders/{id}', { params: { path: { id } }, body }))).order;
}

export const stateText = (state: string): string => state.replaceAll('_', ' ');

export function money(value: number | null | undefined, digits = 2): string {
  return value === null || value === undefined ? '—' : value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: Math.max(digits, 4) });
}
