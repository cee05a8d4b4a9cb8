// Executions as the API shows them: the journal's fills (one per IB execId), newest first, with the
// order's instrument. Only Kairox orders' fills are here; IB's own list is the reconciliation's.
import type { Db } from '../db/index.ts';
import { journalOf } from './journal.ts';

export interface FillView {
  execId: string;
  orderId: string;
  connectionId: string;
  account: string | null;
  conId: number;
  symbol: string;
  side: string | null;
  shares: number;
  price: number;
  commission: number | null;
  commissionCurrency: string | null;
  realizedPnl: number | null;
  /** IB's execution time, as IB wrote it. */
  time: string | null;
  /** When Kairox recorded it. */
  receivedAt: string;
}

export interface FillFilter { connectionId?: string; orderId?: string; since?: number; limit: number }

export class FillQueries {
  constructor(private readonly db: Db) {}

  async list(workspaceId: string, filter: FillFilter): Promise<FillView[]> {
    let q = journalOf(this.db).selectFrom('order_fills').innerJoin('orders', 'orders.id', 'order_fills.order_id')
      .select([
        'order_fills.exec_id', 'order_fills.order_id', 'order_fills.connection_id', 'order_fills.account', 'order_fills.side', 'order_fills.shares', 'order_fills.price',
        'order_fills.commission', 'order_fills.commission_currency', 'order_fills.realized_pnl', 'order_fills.ib_time', 'order_fills.received_at', 'orders.con_id', 'orders.symbol',
      ])
      .where('order_fills.workspace_id', '=', workspaceId);
    if (filter.connectionId !== undefined) q = q.where('order_fills.connection_id', '=', filter.connectionId);
    if (filter.orderId !== undefined) q = q.where('order_fills.order_id', '=', filter.orderId);
    if (filter.since !== undefined) q = q.where('order_fills.received_at', '>=', filter.since);
    const rows = await q.orderBy('order_fills.received_at', 'desc').orderBy('order_fills.exec_id', 'desc').limit(filter.limit).execute();
    return rows.map((r) => ({
      execId: r.exec_id, orderId: r.order_id, connectionId: r.connection_id, account: r.account, conId: Number(r.con_id), symbol: r.symbol, side: r.side,
      shares: Number(r.shares), price: Number(r.price), commission: r.commission === null ? null : Number(r.commission), commissionCurrency: r.commission_currency,
      realizedPnl: r.realized_pnl === null ? null : Number(r.realized_pnl), time: r.ib_time, receivedAt: new Date(Number(r.received_at)).toISOString(),
    }));
  }
}
