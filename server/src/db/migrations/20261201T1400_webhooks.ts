// Webhooks: doors for alert senders (TradingView and the like), one per connection, each with a
// secret shown once (only its sha256 is kept). Their deliveries are kept for the re-delivery window
// (an identical body re-sent within it gets the first answer) and for the user to see what came in.
// Conventions in ../schema.ts.
import type { Kysely } from 'kysely';
import type { DbKind } from '../connect.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb, _kind: DbKind): Promise<void> {
  await db.schema
    .createTable('webhooks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    // No foreign key: a deleted connection's webhooks and deliveries stay as history (its signals are refused).
    .addColumn('connection_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    /** sha256 hex of the current secret; the secret itself is shown once and never stored. */
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('created_by_type', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('rotated_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .addColumn('last_delivery_at', 'bigint')
    .execute();
  await db.schema.createIndex('webhooks_workspace_idx').on('webhooks').columns(['workspace_id', 'created_at']).execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('webhook_id', 'text', (c) => c.notNull().references('webhooks.id'))
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    /** deliveryFingerprint of the decoded body (secrets out); null when the body could not be read. */
    .addColumn('fingerprint', 'text')
    /** accepted | repeated | rejected | unauthorized | failed */
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('http_status', 'integer', (c) => c.notNull())
    .addColumn('signal_id', 'text')
    /** The problem's stable code and the sender's field, when refused. */
    .addColumn('code', 'text')
    .addColumn('field', 'text')
    /** Canonical JSON of the body without its secret fields; null when it was not a readable JSON object. */
    .addColumn('payload', 'text')
    /** JSON of the answer given, replayed to a re-delivery. */
    .addColumn('response', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text')
    .execute();
  await db.schema.createIndex('webhook_deliveries_recent_idx').on('webhook_deliveries').columns(['webhook_id', 'received_at']).execute();
  await db.schema.createIndex('webhook_deliveries_fingerprint_idx').on('webhook_deliveries').columns(['webhook_id', 'fingerprint', 'received_at']).execute();
}
