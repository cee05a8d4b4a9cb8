// Broker connections (the Connect Brokers & Exchanges form) and their timeline of session
// state changes. Workspace-scoped like every other row; conventions in ../schema.ts.
import type { Kysely } from 'kysely';
import type { DbKind } from '../connect.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb, _kind: DbKind): Promise<void> {
  await db.schema
    .createTable('broker_connections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('connection_type', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('port', 'integer', (c) => c.notNull())
    .addColumn('client_id', 'bigint', (c) => c.notNull())
    .addColumn('account_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('disabled_at', 'bigint')
    /** Bumped on every change of the settings, so the worker knows to restart the session. */
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    /** The worker's last published session status (JSON), for API readers in other processes. */
    .addColumn('status', 'text')
    .addColumn('status_at', 'bigint')
    .execute();
  // IB would reject the second session with 326: one host:port + client id per workspace.
  await db.schema.createIndex('broker_connections_target_uq').on('broker_connections').columns(['workspace_id', 'host', 'port', 'client_id']).unique().execute();

  await db.schema
    .createTable('connection_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('connection_id', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('from_state', 'text', (c) => c.notNull())
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('code', 'integer')
    .execute();
  await db.schema.createIndex('connection_events_connection_idx').on('connection_events').columns(['workspace_id', 'connection_id', 'at']).execute();
}
