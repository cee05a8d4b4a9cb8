// Orders: the execution journal. One row per Kairox order (its id is the orderRef IB keeps with
// the order for its whole life), written with its signal before anything is sent; the IB order id
// is reserved and committed before the send. Every change of state, every refused (impossible)
// transition and every IB message about the order is an order event. Fills are keyed by IB's
// execId, so a re-sent execution is a no-op; a commission that comes before its execution waits
// in order_commissions until the execution arrives. order_id_floors keeps the highest IB order id
// ever used per connection and client id, so an id is never used twice even when the gateway's
// nextValidId comes back lower. Conventions in ../schema.ts.
import type { Kysely } from 'kysely';
import type { DbKind } from '../connect.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb, _kind: DbKind): Promise<void> {
  await db.schema
    .createTable('orders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    // No foreign key: a deleted connection's orders are history.
    .addColumn('connection_id', 'text', (c) => c.notNull())
    .addColumn('signal_id', 'text', (c) => c.notNull())
    .addColumn('account', 'text', (c) => c.notNull())
    .addColumn('con_id', 'integer', (c) => c.notNull())
    .addColumn('symbol', 'text', (c) => c.notNull())
    .addColumn('side', 'text', (c) => c.notNull())
    .addColumn('quantity', 'double precision', (c) => c.notNull())
    .addColumn('order_type', 'text', (c) => c.notNull())
    /** JSON: the OrderIntent as intake prepared it. */
    .addColumn('intent', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    /** The client id and IB order id it was (last) reserved under; null until reserved. */
    .addColumn('ib_client_id', 'integer')
    .addColumn('ib_order_id', 'bigint')
    .addColumn('perm_id', 'bigint')
    /** The session attempt it was handed to the socket on. */
    .addColumn('sent_attempt', 'integer')
    .addColumn('ib_status', 'text')
    .addColumn('filled_quantity', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('avg_fill_price', 'double precision')
    .addColumn('commission', 'double precision')
    /** IB's text of the last error on the order, verbatim, with its code. */
    .addColumn('last_error', 'text')
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('orders_workspace_idx').on('orders').columns(['workspace_id', 'created_at']).execute();
  await db.schema.createIndex('orders_connection_state_idx').on('orders').columns(['connection_id', 'state']).execute();
  await db.schema.createIndex('orders_signal_idx').on('orders').columns(['signal_id']).execute();
  await db.schema.createIndex('orders_perm_idx').on('orders').columns(['connection_id', 'perm_id']).execute();

  await db.schema
    .createTable('order_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
    .addColumn('at', 'bigint', (c) => c.notNull())
    /** transition | impossible | ib_status | ib_error | fill | commission | note */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('event', 'text')
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text')
    /** JSON: what the event carried (IB's status and text, the execution, the reconciliation's evidence). */
    .addColumn('detail', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('order_events_order_idx').on('order_events').columns(['order_id', 'at']).execute();

  await db.schema
    .createTable('order_fills')
    .addColumn('exec_id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
    .addColumn('connection_id', 'text', (c) => c.notNull())
    .addColumn('account', 'text')
    .addColumn('side', 'text')
    .addColumn('shares', 'double precision', (c) => c.notNull())
    .addColumn('price', 'double precision', (c) => c.notNull())
    .addColumn('cum_qty', 'double precision')
    .addColumn('avg_price', 'double precision')
    /** IB's execution time as IB wrote it. */
    .addColumn('ib_time', 'text')
    .addColumn('commission', 'double precision')
    .addColumn('commission_currency', 'text')
    .addColumn('realized_pnl', 'double precision')
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('order_fills_order_idx').on('order_fills').columns(['order_id', 'received_at']).execute();

  await db.schema
    .createTable('order_commissions')
    .addColumn('exec_id', 'text', (c) => c.primaryKey())
    .addColumn('connection_id', 'text', (c) => c.notNull())
    .addColumn('commission', 'double precision')
    .addColumn('currency', 'text')
    .addColumn('realized_pnl', 'double precision')
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('order_id_floors')
    .addColumn('connection_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'integer', (c) => c.notNull())
    .addColumn('highest_used', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('order_id_floors_pk', ['connection_id', 'client_id'])
    .execute();
}
