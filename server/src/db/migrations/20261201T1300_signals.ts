// Signals: every signal Kairox received (API or webhook), with what was decided and the order
// intent it produced. One row per signal, written with its decision in one transaction before
// the answer. An idempotency key is unique per workspace (a repeat finds the first row). JSON
// columns hold the payload as sent (secrets removed), the parsed signal, the decision and the intent.
import { sql, type Kysely } from 'kysely';
import type { DbKind } from '../connect.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb, _kind: DbKind): Promise<void> {
  await db.schema
    .createTable('signals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    // No foreign key: a deleted connection's signals are kept for history.
    .addColumn('connection_id', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('webhook_id', 'text')
    .addColumn('idempotency_key', 'text')
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('signal', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('intent', 'text')
    .addColumn('kairox_order_id', 'text')
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('decided_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('signals_idempotency_uq')
    .on('signals')
    .columns(['workspace_id', 'idempotency_key'])
    .unique()
    .where(sql.ref('idempotency_key'), 'is not', null)
    .execute();
  // Listing newest first per workspace / connection, and the usage counts of the risk gate.
  await db.schema.createIndex('signals_connection_idx').on('signals').columns(['workspace_id', 'connection_id', 'received_at']).execute();
  await db.schema.createIndex('signals_received_idx').on('signals').columns(['workspace_id', 'received_at']).execute();
}
