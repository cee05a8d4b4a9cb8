// The risk gate's reads of `signals` stay index lookups however many signals a connection has:
// - the order-rate limits count the signals that became orders (a Kairox order id) in a time range:
//   a partial index holds only those, so the count reads no table rows and no denied signals;
// - duplicate suppression looks for one fingerprint in the window: an exact-match index instead of
//   reading every signal of the connection in the window.
import { sql, type Kysely } from 'kysely';
import type { DbKind } from '../connect.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb, _kind: DbKind): Promise<void> {
  await db.schema
    .createIndex('signals_orders_idx')
    .on('signals')
    .columns(['workspace_id', 'connection_id', 'received_at'])
    .where(sql.ref('kairox_order_id'), 'is not', null)
    .execute();
  await db.schema.createIndex('signals_fingerprint_idx').on('signals').columns(['workspace_id', 'connection_id', 'fingerprint', 'received_at']).execute();
}
