// Trading controls (issue 8): per connection its trading state and the execution switch (off by
// default, remembering the account type it was enabled for); per workspace the kill switch and the
// paper-first evidence (the first fill a paper account of one of its connections reported).
// Booleans are integers 0/1; conventions in ../schema.ts.
import type { Kysely } from 'kysely';
import type { DbKind } from '../connect.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb, _kind: DbKind): Promise<void> {
  // One column per statement: SQLite adds only one at a time.
  const table = () => db.schema.alterTable('broker_connections');
  await table().addColumn('trading_state', 'text', (c) => c.notNull().defaultTo('active')).execute();
  await table().addColumn('trading_state_reason', 'text').execute();
  await table().addColumn('trading_state_at', 'bigint').execute();
  await table().addColumn('trading_state_by', 'text').execute();
  await table().addColumn('execution_enabled', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  /** The account type execution was enabled for: paper | live (null while never enabled). */
  await table().addColumn('execution_mode', 'text').execute();
  await table().addColumn('execution_enabled_by', 'text').execute();
  await table().addColumn('execution_enabled_at', 'bigint').execute();

  await db.schema
    .createTable('workspace_trading_controls')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey().references('workspaces.id'))
    /** The kill switch: on while halted_at is set. */
    .addColumn('halted_at', 'bigint')
    .addColumn('halted_by', 'text')
    .addColumn('halt_reason', 'text')
    /** Paper-first evidence, written once. No foreign key: the evidence outlives its connection. */
    .addColumn('paper_fill_seen_at', 'bigint')
    .addColumn('paper_fill_connection_id', 'text')
    .addColumn('paper_fill_exec_id', 'text')
    .execute();
}
