// Read-only questions about orders and executions (reqOpenOrders, reqCompletedOrders, reqExecutions),
// answered as wire views. "Today" is the New York trading day of the clock's now.
import type { Instrument } from '../market/types.ts';
import type { ExecutionLog } from './execution-log.ts';
import { nyDay, parseFilterTime } from './ny-time.ts';
import type { OrderBook } from './order-book.ts';
import type { ExecRecord } from './state.ts';
import type { CommissionReport, ExecutionFilter, ExecutionView, OrderView } from './types.ts';
import type { WireViews } from './wire-views.ts';

/** Working orders (of one client when given), oldest permId first. */
export function openOrders(book: OrderBook, views: WireViews, clientId?: number): OrderView[] {
  return book
    .working()
    .filter((o) => clientId === undefined || o.clientId === clientId)
    .sort((a, b) => a.permId - b.permId)
    .map((o) => views.order(o));
}

/** Orders that reached a terminal state today, in the order they did. */
export function completedOrders(book: OrderBook, views: WireViews, now: number): OrderView[] {
  const today = nyDay(now);
  return book
    .completedInOrder()
    .filter((o) => o.completedAt !== undefined && nyDay(o.completedAt) === today)
    .map((o) => views.order(o));
}

/** Today's executions matching a reqExecutions filter (empty string / 0 = no constraint). */
export function executions(
  log: ExecutionLog,
  views: WireViews,
  instrument: (conId: number) => Instrument,
  filter: ExecutionFilter,
  now: number,
): { execution: ExecutionView; commission: CommissionReport }[] {
  const today = nyDay(now);
  const since = filter.time ? parseFilterTime(filter.time) : undefined;
  const side = filter.side?.toUpperCase();
  const matches = (e: ExecRecord): boolean => {
    if (nyDay(e.timeMs) !== today) return false;
    if (filter.clientId !== undefined && filter.clientId !== 0 && e.clientId !== filter.clientId) return false;
    if (filter.acctCode && e.account !== filter.acctCode) return false;
    if (since !== undefined && e.timeMs < since) return false;
    const i = instrument(e.conId);
    if (filter.symbol && i.symbol !== filter.symbol.toUpperCase()) return false;
    if (filter.secType && i.secType !== filter.secType.toUpperCase()) return false;
    if (filter.exchange && e.exchange !== filter.exchange.toUpperCase() && i.exchange !== filter.exchange.toUpperCase()) return false;
    if (side && !(side === 'BUY' || side === 'BOT' ? e.side === 'BOT' : e.side === 'SLD')) return false;
    return true;
  };
  return log
    .all()
    .filter(matches)
    .map((e) => ({ execution: views.execution(e), commission: views.commission(e) }));
}
