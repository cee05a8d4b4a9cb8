// Orders: the workspace's Kairox orders (the execution journal), one order with its fills, steps and
// bracket children, cancel and modify, and the connection's open orders at IB (every client's, each
// marked Kairox's or not). Shapes as server/src/orders/views.ts (OrderView, OrderDetail) and
// orders/ib-book.ts (IbOrderView) build them. Keys start with orders / order, so every order event
// of the live stream refreshes them (api/live-events.ts).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client.ts';

export const ORDER_STATES = [
  'accepted', 'journaled', 'sent', 'not_sent', 'unknown', 'working', 'partially_filled', 'cancelling',
  'filled', 'cancelled', 'rejected', 'expired_unsent', 'withheld',
] as const;
export type OrderState = (typeof ORDER_STATES)[number];

/** States in which an order can still be cancelled or modified at IB. */
export const WORKING: ReadonlySet<string> = new Set(['working', 'partially_filled']);
export const FINAL: ReadonlySet<string> = new Set(['filled', 'cancelled', 'rejected', 'expired_unsent', 'withheld']);

export interface IbIds { clientId: number | null; orderId: number | null; permId: number | null; status: string | null; sentOnAttempt: number | null }

export interface OrderIntent {
  limitPrice?: number;
  stopPrice?: number;
  tif?: string;
  [key: string]: unknown;
}

export interface Order {
  id: string;
  connectionId: string;
  signalId: string;
  account: string;
  conId: number;
  symbol: string;
  side: string;
  quantity: number;
  orderType: string;
  state: OrderState;
  ib: IbIds;
  filledQuantity: number;
  avgFillPrice: number | null;
  commission: number | null;
  lastError: { code: number; message: string } | null;
  expiresAt: string;
  createdAt: string;
  updatedAt: string;
  intent: OrderIntent;
  parentOrderId: string | null;
  bracketRole: 'parent' | 'take_profit' | 'stop_loss' | null;
}

export interface Fill {
  execId: string; shares: number; price: number; side: string | null; time: string | null;
  commission: number | null; commissionCurrency: string | null; realizedPnl: number | null;
}

export interface OrderStep { at: string; kind: string; event: string | null; from: string | null; to: string | null; detail: Record<string, unknown> }

export interface OrderDetail extends Order {
  fills: Fill[];
  steps: OrderStep[];
  children: Array<Pick<Order, 'id' | 'bracketRole' | 'state' | 'side' | 'quantity' | 'orderType' | 'filledQuantity' | 'avgFillPrice' | 'commission' | 'lastError' | 'ib'> & { fills: Fill[] }>;
}

export interface IbOrder {
  clientId: number | null; orderId: number; permId: number | null; orderRef: string | null; account: string | null;
  conId: number | null; symbol: string | null; secType: string | null; action: string | null; quantity: number | null;
  orderType: string | null; limitPrice: number | null; auxPrice: number | null; tif: string | null;
  status: string | null; filled: number | null; remaining: number | null;
  kairox: boolean; kairoxOrderId: string | null;
}

export interface OrderFilters { connectionId?: string; state?: OrderState }

/** The newest orders (at most 200, the API's page), filtered on the server. */
export function useOrders(filters: OrderFilters) {
  return useQuery({
    queryKey: ['orders', 'list', filters],
    queryFn: async () => (await unwrap<{ orders: Order[] }>(api.GET('/api/orders', { params: { query: { limit: 200, ...filters } } }))).orders,
  });
}

export function useOrder(id: string) {
  return useQuery({
    queryKey: ['order', id],
    queryFn: async () => (await unwrap<{ order: OrderDetail }>(api.GET('/api/orders/{id}', { params: { path: { id } } }))).order,
  });
}

/** The connection's open orders at IB (asked of IB on each read; refreshed by every order event). */
export function useIbOrders(connectionId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['orders', 'at-ib', connectionId],
    queryFn: async () => (await unwrap<{ orders: IbOrder[] }>(api.GET('/api/connections/{id}/ib-orders', { params: { path: { id: connectionId } } }))).orders,
    enabled,
    retry: false,
    // IB pushes other clients' orders only to client id 0, so no event says one appeared: ask again now and then.
    refetchInterval: 15_000,
  });
}

export function useCancelOrder(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async () => (await unwrap<{ order: OrderDetail }>(api.POST('/api/orders/{id}/cancel', { params: { path: { id } } }))).order,
    onSuccess: (order) => {
      client.setQueryData(['order', id], order);
      void client.invalidateQueries({ queryKey: ['orders'] });
    },
  });
}

export interface Modification { quantity?: number; limitPrice?: number; stopPrice?: number }

export async function modifyOrder(id: string, body: Modification): Promise<OrderDetail> {
  return (await unwrap<{ order: OrderDetail }>(api.PATCH('/api/orders/{id}', { params: { path: { id } }, body }))).order;
}

export const stateText = (state: string): string => state.replaceAll('_', ' ');

export function money(value: number | null | undefined, digits = 2): string {
  return value === null || value === undefined ? '—' : value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: Math.max(digits, 4) });
}
