// Reports that carry no orderRef or permId (an orderError, a status on client 0) find their order
// by the connection, the client id and IB's order id. No index covered that: each look-up walked
// the connection's every order (about 220 us at 2,000 orders, growing with the journal).
import type { Kysely } from 'kysely';
import type { DbKind } from '../connect.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb, _kind: DbKind): Promise<void> {
  await db.schema.createIndex('orders_ib_order_idx').on('orders').columns(['connection_id', 'ib_client_id', 'ib_order_id']).execute();
}
