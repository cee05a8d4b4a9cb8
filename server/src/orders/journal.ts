// Rows of the execution journal (migration 20261201T1500_orders). Reads for the API are bound to a
// workspace (another workspace's order is simply not found); the worker's reads are by connection.
// Every write takes an executor, so a state change, its event and its fill commit together. The
// per-order queries are precompiled (journal-queries.ts, journal-shaped-queries.ts).
import type { Kysely, Selectable } from 'kysely';
import { base32, randomIdBytes } from '../common/index.ts';
import type { Database, Db } from '../db/index.ts';
import type { OrderState } from '../domain/index.ts';
import * as q from './journal-queries.ts';
import { accountOrdersInStates, ordersInStates, updateOrder, type OrderPatch } from './journal-shaped-queries.ts';

export interface OrdersTable {
  id: string;
  workspace_id: string;
  connection_id: string;
  signal_id: string;
  account: string;
  con_id: number;
  symbol: string;
  side: string;
  quantity: number;
  order_type: string;
  intent: string;
  state: OrderState;
  ib_client_id: number | null;
  ib_order_id: number | null;
  perm_id: number | null;
  sent_attempt: number | null;
  ib_status: string | null;
  filled_quantity: number;
  avg_fill_price: number | null;
  commission: number | null;
  last_error: string | null;
  expires_at: number;
  created_at: number;
  updated_at: number;
  /** A bracket child: its parent's Kairox order id (migration 20261201T1800_order_brackets). */
  parent_order_id: string | null;
  /** parent | take_profit | stop_loss; null outside a bracket. */
  bracket_role: BracketRole | null;
}

export type BracketRole = 'parent' | 'take_profit' | 'stop_loss';

export interface OrderEventsTable {
  id: string;
  workspace_id: string;
  order_id: string;
  at: number;
  kind: string;
  event: string | null;
  from_state: string | null;
  to_state: string | null;
  detail: string;
}

export interface OrderFillsTable {
  exec_id: string;
  workspace_id: string;
  order_id: string;
  connection_id: string;
  account: string | null;
  side: string | null;
  shares: number;
  price: number;
  cum_qty: number | null;
  avg_price: number | null;
  ib_time: string | null;
  commission: number | null;
  commission_currency: string | null;
  realized_pnl: number | null;
  received_at: number;
}

export interface OrderCommissionsTable {
  exec_id: string;
  connection_id: string;
  commission: number | null;
  currency: string | null;
  realized_pnl: number | null;
  received_at: number;
}

export interface OrderIdFloorsTable {
  connection_id: string;
  client_id: number;
  highest_used: number;
}

export type OrderTables = Database & {
  orders: OrdersTable;
  order_events: OrderEventsTable;
  order_fills: OrderFillsTable;
  order_commissions: OrderCommissionsTable;
  order_id_floors: OrderIdFloorsTable;
};

export type OrderRow = Selectable<OrdersTable>;
export type OrderEventRow = Selectable<OrderEventsTable>;
export type FillRow = Selectable<OrderFillsTable>;
export type JournalExecutor = Kysely<OrderTables>;

// Event ids sort in the order this process made them (milliseconds, then a counter, then random
// bits): an order's steps are listed by (at, id), and several steps often share a millisecond of
// `at` (a pinned clock shares all of them), where random ids listed them shuffled.
let lastEventMs = 0;
let eventsThisMs = 0;
const EVENTS_PER_MS = 32 ** 4;

function orderEventId(): string {
  const now = Date.now();
  if (now > lastEventMs) {
    lastEventMs = now;
    eventsThisMs = 0;
  } else if (++eventsThisMs >= EVENTS_PER_MS) {
    lastEventMs += 1;
    eventsThisMs = 0;
  }
  return `oev_${lastEventMs.toString(32).padStart(9, '0')}${eventsThisMs.toString(32).padStart(4, '0')}${base32(randomIdBytes(8))}`;
}

const nullableNumber = (v: number | null): number | null => (v === null ? null : Number(v));

/** bigint columns come back as strings from pg. */
function normalise(row: OrderRow): OrderRow {
  return {
    ...row, ib_order_id: nullableNumber(row.ib_order_id), perm_id: nullableNumber(row.perm_id),
    expires_at: Number(row.expires_at), created_at: Number(row.created_at), updated_at: Number(row.updated_at),
  };
}

const childRank = (row: OrderRow): number => (row.bracket_role === 'take_profit' ? 0 : 1);

/**
 * One journal executor per Kysely (the root one, each transaction's), kept while that Kysely lives:
 * withTables() copies the instance (0.6-0.9 us), and execution asks for one about nine times an order.
 * withTables() changes only types, so the kept copy is the one a new call would make.
 */
const journals = new WeakMap<Kysely<Database>, JournalExecutor>();

export function journalOf(db: Db | Kysely<Database>): JournalExecutor {
  const kysely = 'kysely' in db ? db.kysely : db;
  let executor = journals.get(kysely);
  if (!executor) {
    executor = kysely.withTables<{
      orders: OrdersTable; order_events: OrderEventsTable; order_fills: OrderFillsTable; order_commissions: OrderCommissionsTable; order_id_floors: OrderIdFloorsTable;
    }>();
    journals.set(kysely, executor);
  }
  return executor;
}

export type OrderEventInput = Omit<OrderEventsTable, 'id' | 'workspace_id' | 'order_id' | 'detail'> & { detail: unknown };

export const journal = {
  /** An order outside a bracket needs no bracket columns. */
  async insert(db: JournalExecutor, row: Omit<OrdersTable, 'parent_order_id' | 'bracket_role'> & Partial<Pick<OrdersTable, 'parent_order_id' | 'bracket_role'>>): Promise<void> {
    const values = { parent_order_id: null, bracket_role: null, ...row };
    if (q.holdsExactly(values, q.ORDER_COLUMNS)) await q.insertOrder.run(db, values);
    else await db.insertInto('orders').values(values).execute();
  },

  async byId(db: JournalExecutor, id: string): Promise<OrderRow | undefined> {
    const row = await q.orderById.first(db, { id });
    return row && normalise(row);
  },

  async inWorkspace(db: JournalExecutor, workspaceId: string, id: string): Promise<OrderRow | undefined> {
    const row = await q.orderInWorkspace.first(db, { workspaceId, id });
    return row && normalise(row);
  },

  async byPermId(db: JournalExecutor, connectionId: string, permId: number): Promise<OrderRow | undefined> {
    const row = await q.orderByPermId.first(db, { connectionId, permId });
    return row && normalise(row);
  },

  async byIbOrderId(db: JournalExecutor, connectionId: string, clientId: number, orderId: number): Promise<OrderRow | undefined> {
    const row = await q.orderByIbOrderId.first(db, { connectionId, clientId, orderId });
    return row && normalise(row);
  },

  /** The connection's orders in these states, oldest first. */
  async inStates(db: JournalExecutor, connectionId: string, states: readonly OrderState[]): Promise<OrderRow[]> {
    if (states.length === 0) return [];
    const rows = await ordersInStates(db, connectionId, states) ?? await db.selectFrom('orders').selectAll().where('connection_id', '=', connectionId).where('state', 'in', states)
      .orderBy('created_at').orderBy('id').execute();
    return rows.map(normalise);
  },

  /** The connection's orders for the account in these states, oldest first (risk: what may still fill). */
  async ofAccount(db: JournalExecutor, workspaceId: string, connectionId: string, account: string, states: readonly OrderState[]): Promise<OrderRow[]> {
    // Sorted here, not by SQL: an ORDER BY created_at made SQLite walk the workspace's every order
    // by orders_workspace_idx (0.4 ms at 2,000 orders, on every signal) instead of this connection's
    // few open ones by orders_connection_state_idx.
    const rows = await accountOrdersInStates(db, workspaceId, connectionId, account, states) ?? await db.selectFrom('orders').selectAll()
      .where('workspace_id', '=', workspaceId).where('connection_id', '=', connectionId).where('account', '=', account).where('state', 'in', states)
      .execute();
    return rows.map(normalise).sort((a, b) => a.created_at - b.created_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  },

  async list(db: JournalExecutor, workspaceId: string, filter: { connectionId?: string; state?: string; signalId?: string; limit: number }): Promise<OrderRow[]> {
    let q = db.selectFrom('orders').selectAll().where('workspace_id', '=', workspaceId);
    if (filter.connectionId !== undefined) q = q.where('connection_id', '=', filter.connectionId);
    if (filter.state !== undefined) q = q.where('state', '=', filter.state as OrderState);
    if (filter.signalId !== undefined) q = q.where('signal_id', '=', filter.signalId);
    return (await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute()).map(normalise);
  },

  /** A bracket parent's children, take-profit first (the order they are sent in). */
  async children(db: JournalExecutor, parentId: string): Promise<OrderRow[]> {
    const rows = await db.selectFrom('orders').selectAll().where('parent_order_id', '=', parentId).execute();
    return rows.map(normalise).sort((a, b) => childRank(a) - childRank(b));
  },

  /** Throws on a key that is not a column the update may set; a patch that sets nothing fails as Kysely fails it. */
  async update(db: JournalExecutor, id: string, patch: OrderPatch): Promise<void> {
    if (!await updateOrder(db, id, patch)) await db.updateTable('orders').set(patch).where('id', '=', id).execute();
  },

  async addEvent(db: JournalExecutor, order: Pick<OrderRow, 'id' | 'workspace_id'>, event: OrderEventInput): Promise<void> {
    const row = { ...event, id: orderEventId(), workspace_id: order.workspace_id, order_id: order.id, detail: JSON.stringify(event.detail ?? {}) };
    if (q.holdsExactly(row, q.ORDER_EVENT_COLUMNS)) await q.insertOrderEvent.run(db, row);
    else await db.insertInto('order_events').values(row).execute();
  },

  async events(db: JournalExecutor, orderId: string): Promise<OrderEventRow[]> {
    const rows = await db.selectFrom('order_events').selectAll().where('order_id', '=', orderId).orderBy('at').orderBy('id').execute();
    return rows.map((r) => ({ ...r, at: Number(r.at) }));
  },

  /** The highest IB order id ever used on the connection under this client id (0: none). */
  async floor(db: JournalExecutor, connectionId: string, clientId: number): Promise<number> {
    const row = await q.idFloor.first(db, { connectionId, clientId });
    return row ? Number(row.highest_used) : 0;
  },

  /** Never lowers it: the stored floor moves only to a higher `used`. */
  async raiseFloor(db: JournalExecutor, connectionId: string, clientId: number, used: number): Promise<void> {
    await q.raiseIdFloor.run(db, { connectionId, clientId, used });
  },

  /** Inserts the fill unless its execId is known; true when it was new. */
  async addFill(db: JournalExecutor, fill: OrderFillsTable): Promise<boolean> {
    if (!q.holdsExactly(fill, q.FILL_COLUMNS)) {
      const built = await db.insertInto('order_fills').values(fill).onConflict((oc) => oc.column('exec_id').doNothing()).executeTakeFirst();
      return Number(built.numInsertedOrUpdatedRows ?? 0n) > 0;
    }
    // The driver's affected rows, which Kysely's numInsertedOrUpdatedRows is: 0 when the conflict did nothing (both engines).
    const result = await q.insertFillOnce.run(db, fill);
    return Number(result.numAffectedRows ?? 0n) > 0;
  },

  async fills(db: JournalExecutor, orderId: string): Promise<FillRow[]> {
    const rows = await db.selectFrom('order_fills').selectAll().where('order_id', '=', orderId).orderBy('received_at').orderBy('exec_id').execute();
    return rows.map((r) => ({ ...r, received_at: Number(r.received_at) }));
  },

  async fillByExecId(db: JournalExecutor, execId: string): Promise<FillRow | undefined> {
    return q.fillByExecId.first(db, { execId });
  },

  async setFillCommission(db: JournalExecutor, execId: string, c: { commission: number | null; currency: string | null; realizedPnl: number | null }): Promise<void> {
    if (c.commission === undefined || c.currency === undefined || c.realizedPnl === undefined) {
      // Kysely leaves an undefined value out of the SET.
      await db.updateTable('order_fills').set({ commission: c.commission, commission_currency: c.currency, realized_pnl: c.realizedPnl }).where('exec_id', '=', execId).execute();
      return;
    }
    await q.setFillCommission.run(db, { execId, commission: c.commission, currency: c.currency, realizedPnl: c.realizedPnl });
  },

  async parkCommission(db: JournalExecutor, row: OrderCommissionsTable): Promise<void> {
    if (q.holdsExactly(row, q.COMMISSION_COLUMNS)) await q.parkCommissionOnce.run(db, row);
    else await db.insertInto('order_commissions').values(row).onConflict((oc) => oc.column('exec_id').doNothing()).execute();
  },

  async takeParkedCommission(db: JournalExecutor, execId: string): Promise<Selectable<OrderCommissionsTable> | undefined> {
    const row = await q.parkedCommission.first(db, { execId });
    if (row) await q.unparkCommission.run(db, { execId });
    return row;
  },
};
