// Every open order of the login's accounts, whichever client placed it (reqAllOpenOrders: other API
// clients' and those entered in TWS), read once on demand: no subscription, so other clients' later
// changes are not followed (IB pushes those only to client 0 / the master client id). The answer
// shares the open-orders channel with the sync's reqOpenOrders, so one of them at a time.
import type { Collected } from './pending-requests.ts';
import type { BrokerReport, OpenOrderReport, OrderStatusReport } from './reports.ts';
import type { SessionChannel } from './session-channel.ts';

export interface OpenOrderAtIb {
  order: OpenOrderReport;
  /** IB's latest orderStatus for it in the same answer, when one came. */
  status?: OrderStatusReport;
}

/** No ready check: the session's method does it. */
export async function readAllOpenOrders(channel: SessionChannel): Promise<{ orders: OpenOrderAtIb[]; collected: BrokerReport[] }> {
  const collected = (await channel.request('openOrders', "every client's open orders", 'normal', (api) => api.reqAllOpenOrders())) as Collected as BrokerReport[];
  const statuses = collected.filter((r): r is OrderStatusReport => r.kind === 'orderStatus');
  // Order ids are per client: a status belongs to the order with its permId, else its client and id.
  const statusOf = (o: OpenOrderReport) => statuses.findLast((s) => (s.permId !== undefined && s.permId > 0 && s.permId === o.permId) || (s.orderId === o.orderId && s.clientId === o.clientId));
  // Live pushes of an order (just placed, just changed) land in the same answer: its latest message
  // stands for it (order ids are unique per client id; a permId may still be 0 in the first push).
  const latest = new Map<string, OpenOrderReport>();
  for (const o of collected) if (o.kind === 'openOrder') latest.set(o.clientId !== undefined ? `${o.clientId}|${o.orderId}` : `#${o.permId ?? o.orderId}`, o);
  const orders = [...latest.values()].map((order) => {
    const status = statusOf(order);
    return status ? { order, status } : { order };
  });
  return { orders, collected };
}
