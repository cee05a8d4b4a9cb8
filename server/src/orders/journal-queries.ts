// The journal's per-order queries, built and compiled once (db/precompiled.ts): each order runs
// about thirty of them, and Kysely's building and compiling cost more CPU than SQLite's running
// them. Only what cannot be precompiled safely goes through Kysely's builder: a row or patch with
// an undefined value or a key that is not a column (Kysely leaves such a value out, or fails on
// the unknown column, and the journal keeps doing exactly that) and an empty `in` list.
import type { Kysely, Selectable } from 'kysely';
import { precompiled } from '../db/index.ts';
import type { OrderCommissionsTable, OrderEventsTable, OrderFillsTable, OrdersTable, OrderTables } from './journal.ts';

type J = Kysely<OrderTables>;

/** Every column of `orders`, in the order of the table (checked against OrdersTable below). */
export const ORDER_COLUMNS = [
  'id', 'workspace_id', 'connection_id', 'signal_id', 'account', 'con_id', 'symbol', 'side', 'quantity', 'order_type', 'intent', 'state',
  'ib_client_id', 'ib_order_id', 'perm_id', 'sent_attempt', 'ib_status', 'filled_quantity', 'avg_fill_price', 'commission', 'last_error',
  'expires_at', 'created_at', 'updated_at', 'parent_order_id', 'bracket_role',
] as const satisfies ReadonlyArray<keyof OrdersTable>;

const ORDER_EVENT_COLUMNS = ['id', 'workspace_id', 'order_id', 'at', 'kind', 'event', 'from_state', 'to_state', 'detail'] as const satisfies ReadonlyArray<keyof OrderEventsTable>;

const FILL_COLUMNS = [
  'exec_id', 'workspace_id', 'order_id', 'connection_id', 'account', 'side', 'shares', 'price', 'cum_qty', 'avg_price', 'ib_time',
  'commission', 'commission_currency', 'realized_pnl', 'received_at',
] as const satisfies ReadonlyArray<keyof OrderFillsTable>;

const COMMISSION_COLUMNS = ['exec_id', 'connection_id', 'commission', 'currency', 'realized_pnl', 'received_at'] as const satisfies ReadonlyArray<keyof OrderCommissionsTable>;

// A column added to a table and not to its list fails type-checking here.
type Unlisted<Table, Listed> = Exclude<keyof Table, Listed>;
const everyColumnListed: [Unlisted<OrdersTable, (typeof ORDER_COLUMNS)[number]>, Unlisted<OrderEventsTable, (typeof ORDER_EVENT_COLUMNS)[number]>,
  Unlisted<OrderFillsTable, (typeof FILL_COLUMNS)[number]>, Unlisted<OrderCommissionsTable, (typeof COMMISSION_COLUMNS)[number]>] extends [never, never, never, never] ? true : never = true;
void everyColumnListed;

/**
 * Whether `row` has exactly these keys, none undefined: then the precompiled insert writes what
 * Kysely's `values(row)` writes. Counting the keys suffices, as an object cannot repeat one.
 */
export function holdsExactly(row: object, columns: ReadonlyArray<string>): boolean {
  let keys = 0;
  for (const key in row) {
    if (!Object.hasOwn(row, key)) return false;
    keys += 1;
  }
  if (keys !== columns.length) return false;
  for (const column of columns) if ((row as Record<string, unknown>)[column] === undefined) return false;
  return true;
}

/** The listed columns of `values` (placeholders while a query is built), for an insert of every column. */
function pick<T extends object>(columns: ReadonlyArray<keyof T & string>, values: T): T {
  const row = {} as T;
  for (const column of columns) row[column] = values[column];
  return row;
}

export const insertOrder = precompiled('insert an order', (db: J, p: Selectable<OrdersTable>) =>
  db.insertInto('orders').values(pick(ORDER_COLUMNS, p)));

export const orderById = precompiled('order by id', (db: J, p: { id: string }) => db.selectFrom('orders').selectAll().where('id', '=', p.id));

export const orderInWorkspace = precompiled('order by id in a workspace', (db: J, p: { workspaceId: string; id: string }) =>
  db.selectFrom('orders').selectAll().where('workspace_id', '=', p.workspaceId).where('id', '=', p.id));

export const orderByPermId = precompiled('order by permId on a connection', (db: J, p: { connectionId: string; permId: number }) =>
  db.selectFrom('orders').selectAll().where('connection_id', '=', p.connectionId).where('perm_id', '=', p.permId));

export const orderByIbOrderId = precompiled('order by client and IB order id on a connection', (db: J, p: { connectionId: string; clientId: number; orderId: number }) =>
  db.selectFrom('orders').selectAll().where('connection_id', '=', p.connectionId).where('ib_client_id', '=', p.clientId).where('ib_order_id', '=', p.orderId));

export const insertOrderEvent = precompiled('insert an order event', (db: J, p: Selectable<OrderEventsTable>) =>
  db.insertInto('order_events').values(pick(ORDER_EVENT_COLUMNS, p)));

export const idFloor = precompiled('IB order id floor', (db: J, p: { connectionId: string; clientId: number }) =>
  db.selectFrom('order_id_floors').select('highest_used').where('connection_id', '=', p.connectionId).where('client_id', '=', p.clientId));

export const raiseIdFloor = precompiled('raise an IB order id floor', (db: J, p: { connectionId: string; clientId: number; used: number }) =>
  db.insertInto('order_id_floors').values({ connection_id: p.connectionId, client_id: p.clientId, highest_used: p.used })
    .onConflict((oc) => oc.columns(['connection_id', 'client_id']).doUpdateSet({ highest_used: p.used }).where('order_id_floors.highest_used', '<', p.used)));

export const insertFillOnce = precompiled('insert a fill unless its execId is known', (db: J, p: Selectable<OrderFillsTable>) =>
  db.insertInto('order_fills').values(pick(FILL_COLUMNS, p)).onConflict((oc) => oc.column('exec_id').doNothing()));

export const fillByExecId = precompiled('fill by execId', (db: J, p: { execId: string }) => db.selectFrom('order_fills').selectAll().where('exec_id', '=', p.execId));

export const setFillCommission = precompiled('set a fill\'s commission', (db: J, p: { execId: string; commission: number | null; currency: string | null; realizedPnl: number | null }) =>
  db.updateTable('order_fills').set({ commission: p.commission, commission_currency: p.currency, realized_pnl: p.realizedPnl }).where('exec_id', '=', p.execId));

export const parkCommissionOnce = precompiled('park a commission unless its execId is parked', (db: J, p: Selectable<OrderCommissionsTable>) =>
  db.insertInto('order_commissions').values(pick(COMMISSION_COLUMNS, p)).onConflict((oc) => oc.column('exec_id').doNothing()));

export const parkedCommission = precompiled('parked commission by execId', (db: J, p: { execId: string }) =>
  db.selectFrom('order_commissions').selectAll().where('exec_id', '=', p.execId));

export const unparkCommission = precompiled('delete a parked commission', (db: J, p: { execId: string }) =>
  db.deleteFrom('order_commissions').where('exec_id', '=', p.execId));

export { COMMISSION_COLUMNS, FILL_COLUMNS, ORDER_EVENT_COLUMNS };
