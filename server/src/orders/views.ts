// Orders as the API shows them: the journal row with its intent, fills and every step; a bracket
// parent with its children (role, state, fills), a child with its parent's id. Reads need only the
// database, so any process answers them.
import { NotFound } from '../common/index.ts';
import type { Db } from '../db/index.ts';
import type { OrderIntent, OrderSide, OrderState, OrderType } from '../domain/index.ts';
import { journal, journalOf, type BracketRole, type FillRow, type OrderRow } from './journal.ts';

export interface OrderView {
  id: string;
  connectionId: string;
  signalId: string;
  account: string;
  conId: number;
  symbol: string;
  side: OrderSide;
  quantity: number;
  orderType: OrderType;
  state: OrderState;
  ib: { clientId: number | null; orderId: number | null; permId: number | null; status: string | null; sentOnAttempt: number | null };
  filledQuantity: number;
  avgFillPrice: number | null;
  commission: number | null;
  /** IB's last error on the order, verbatim, with its code. */
  lastError: { code: number; message: string } | null;
  expiresAt: string;
  createdAt: string;
  updatedAt: string;
  intent: OrderIntent;
  /** A bracket child: its parent's Kairox order id. */
  parentOrderId: string | null;
  /** parent, take_profit or stop_loss; null outside a bracket. */
  bracketRole: BracketRole | null;
}

type FillView = OrderDetail['fills'][number];

export interface OrderDetail extends OrderView {
  fills: Array<{ execId: string; shares: number; price: number; side: string | null; time: string | null; commission: number | null; commissionCurrency: string | null; realizedPnl: number | null }>;
  steps: Array<{ at: string; kind: string; event: string | null; from: string | null; to: string | null; detail: Record<string, unknown> }>;
  /** A bracket parent's take-profit and stop-loss orders (empty for any other order). */
  children: Array<Pick<OrderView, 'id' | 'bracketRole' | 'state' | 'side' | 'quantity' | 'orderType' | 'filledQuantity' | 'avgFillPrice' | 'commission' | 'lastError' | 'ib'> & { fills: FillView[] }>;
}

const ORDER_ID = /^kxo_[0-9a-z]{26}$/;
const iso = (ms: number): string => new Date(ms).toISOString();

export function orderViewOf(row: OrderRow): OrderView {
  return {
    id: row.id, connectionId: row.connection_id, signalId: row.signal_id, account: row.account, conId: row.con_id, symbol: row.symbol,
    // The journal writes these columns from the intent's side and type only.
    side: row.side as OrderSide, quantity: row.quantity, orderType: row.order_type as OrderType, state: row.state,
    ib: { clientId: row.ib_client_id, orderId: row.ib_order_id, permId: row.perm_id, status: row.ib_status, sentOnAttempt: row.sent_attempt },
    filledQuantity: row.filled_quantity, avgFillPrice: row.avg_fill_price, commission: row.commission,
    lastError: row.last_error === null ? null : (JSON.parse(row.last_error) as { code: number; message: string }),
    expiresAt: iso(row.expires_at), createdAt: iso(row.created_at), updatedAt: iso(row.updated_at),
    intent: JSON.parse(row.intent) as OrderIntent,
    parentOrderId: row.parent_order_id, bracketRole: row.bracket_role,
  };
}

const fillViewOf = (f: FillRow): FillView => ({
  execId: f.exec_id, shares: f.shares, price: f.price, side: f.side, time: f.ib_time, commission: f.commission, commissionCurrency: f.commission_currency, realizedPnl: f.realized_pnl,
});

/**
 * The working orders, each with the quantity risk counts. A bracket is one position taken and its
 * way out, not three orders: a child cannot fill before its parent did, so while the parent works
 * only the parent is listed (cancelling it takes the children); once it filled, its children are
 * one-cancels-all, so both are listed (a cancel signal stops both) but only the larger counts.
 */
function countedAsWorking(rows: readonly OrderRow[], parentState: ReadonlyMap<string, OrderState>): Array<{ row: OrderRow; counted: number }> {
  const left = (r: OrderRow): number => Math.max(0, r.quantity - r.filled_quantity);
  const largestChild = new Map<string, OrderRow>();
  for (const r of rows) {
    if (r.parent_order_id === null || parentState.get(r.parent_order_id) !== 'filled') continue;
    const other = largestChild.get(r.parent_order_id);
    if (!other || left(r) > left(other)) largestChild.set(r.parent_order_id, r);
  }
  return rows.flatMap((r) => {
    if (r.parent_order_id === null) return [{ row: r, counted: left(r) }];
    if (parentState.get(r.parent_order_id) !== 'filled' || left(r) === 0) return [];
    return [{ row: r, counted: largestChild.get(r.parent_order_id) === r ? left(r) : 0 }];
  });
}

/** Orders that may still fill: accepted and not yet sent, at IB, or being cancelled (a cancel can lose to a fill). */
const MAY_STILL_FILL: readonly OrderState[] = ['accepted', 'journaled', 'sent', 'not_sent', 'unknown', 'working', 'partially_filled', 'cancelling'];

export class OrderQueries {
  constructor(private readonly db: Db) {}

  /** The connection's Kairox orders for the account that may still fill, with what is left of each (as risk counts it: a bracket once). */
  async working(workspaceId: string, connectionId: string, account: string): Promise<Array<{ kairoxOrderId: string; conId: number; side: 'BUY' | 'SELL'; remainingQuantity: number }>> {
    const db = journalOf(this.db);
    const rows = await journal.ofAccount(db, workspaceId, connectionId, account, MAY_STILL_FILL);
    const parentIds = [...new Set(rows.flatMap((r) => (r.parent_order_id === null ? [] : [r.parent_order_id])))];
    const parents = await Promise.all(parentIds.map((id) => journal.byId(db, id)));
    const parentState = new Map(parents.flatMap((p) => (p ? [[p.id, p.state] as const] : [])));
    return countedAsWorking(rows, parentState)
      .filter(({ row, counted }) => counted > 0 || row.parent_order_id !== null)
      .map(({ row, counted }) => ({ kairoxOrderId: row.id, conId: row.con_id, side: row.side as 'BUY' | 'SELL', remainingQuantity: counted }));
  }

  async list(workspaceId: string, filter: { connectionId?: string; state?: string; signalId?: string; limit: number }): Promise<OrderView[]> {
    return (await journal.list(journalOf(this.db), workspaceId, filter)).map(orderViewOf);
  }

  /** Throws NotFound for an id of another workspace, as for one that does not exist. */
  async row(workspaceId: string, id: string): Promise<OrderRow> {
    const row = ORDER_ID.test(id) ? await journal.inWorkspace(journalOf(this.db), workspaceId, id) : undefined;
    if (!row) throw new NotFound('Order');
    return row;
  }

  async get(workspaceId: string, id: string): Promise<OrderDetail> {
    const row = await this.row(workspaceId, id);
    const db = journalOf(this.db);
    const [fills, events, children] = await Promise.all([journal.fills(db, row.id), journal.events(db, row.id), row.bracket_role === 'parent' ? journal.children(db, row.id) : []]);
    const childFills = await Promise.all(children.map((c) => journal.fills(db, c.id)));
    return {
      ...orderViewOf(row),
      fills: fills.map(fillViewOf),
      children: children.map((c, i) => {
        const v = orderViewOf(c);
        return {
          id: v.id, bracketRole: v.bracketRole, state: v.state, side: v.side, quantity: v.quantity, orderType: v.orderType,
          filledQuantity: v.filledQuantity, avgFillPrice: v.avgFillPrice, commission: v.commission, lastError: v.lastError, ib: v.ib, fills: (childFills[i] ?? []).map(fillViewOf),
        };
      }),
      steps: events.map((e) => ({ at: iso(e.at), kind: e.kind, event: e.event, from: e.from_state, to: e.to_state, detail: JSON.parse(e.detail) as Record<string, unknown> })),
    };
  }
}
