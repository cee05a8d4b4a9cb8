// Approved instruments: contracts a workspace automates, pinned by IB's conId on one connection,
// with the details IB gave when they were approved (JSON). A revoked one is kept for history;
// only one active approval per (workspace, connection, conId). Conventions in ../schema.ts.
import { sql, type Kysely } from 'kysely';
import type { DbKind } from '../connect.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb, _kind: DbKind): Promise<void> {
  await db.schema
    .createTable('instruments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    // No foreign key: the history of a deleted connection's approvals is kept.
    .addColumn('connection_id', 'text', (c) => c.notNull())
    .addColumn('con_id', 'bigint', (c) => c.notNull())
    .addColumn('symbol', 'text', (c) => c.notNull())
    .addColumn('sec_type', 'text', (c) => c.notNull())
    .addColumn('exchange', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    /** Canonical JSON of the contract details IB sent at approval (multiplier, minTick, sizeIncrement, hours, ...). */
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('approved_by_type', 'text', (c) => c.notNull())
    .addColumn('approved_by', 'text')
    .addColumn('approved_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_by_type', 'text')
    .addColumn('revoked_by', 'text')
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('instruments_active_uq')
    .on('instruments')
    .columns(['workspace_id', 'connection_id', 'con_id'])
    .unique()
    .where(sql.ref('revoked_at'), 'is', null)
    .execute();
  await db.schema.createIndex('instruments_connection_idx').on('instruments').columns(['workspace_id', 'connection_id', 'approved_at']).execute();
}
