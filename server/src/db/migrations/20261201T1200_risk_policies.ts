// Risk policies: one row per connection holding the policy as sent and validated (canonical JSON
// of RiskPolicySchema's output, defaults filled in), with a revision counted from 1 and who changed
// it last. No row means the connection runs on the defaults (revision 0). The row goes with its
// connection; the audit trail keeps every change. Conventions in ../schema.ts.
import type { Kysely } from 'kysely';
import type { DbKind } from '../connect.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb, _kind: DbKind): Promise<void> {
  await db.schema
    .createTable('risk_policies')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('connection_id', 'text', (c) => c.notNull().references('broker_connections.id').onDelete('cascade'))
    /** Canonical JSON of the validated policy (every limit, defaults filled in, overrides as sent). */
    .addColumn('policy', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('updated_by_type', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('risk_policies_pk', ['workspace_id', 'connection_id'])
    .execute();
}
