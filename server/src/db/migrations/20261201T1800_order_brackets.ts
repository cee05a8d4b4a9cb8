// Bracket orders: a parent and its take-profit / stop-loss children are rows of their own (each
// its own Kairox order id = orderRef, its own IB order id and state); a child names its parent.
// bracket_role is 'parent' on the parent, 'take_profit' or 'stop_loss' on a child, null on an
// order outside a bracket. Forward-only; earlier orders keep nulls (none of them was a bracket:
// they were withheld before this migration).
import type { Kysely } from 'kysely';
import type { DbKind } from '../connect.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb, _kind: DbKind): Promise<void> {
  await db.schema.alterTable('orders').addColumn('parent_order_id', 'text').execute();
  await db.schema.alterTable('orders').addColumn('bracket_role', 'text').execute();
  await db.schema.createIndex('orders_parent_idx').on('orders').columns(['parent_order_id']).execute();
}
