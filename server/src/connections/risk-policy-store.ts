// Rows of `risk_policies`: one per connection, bound to one workspace like every scope (another
// workspace's policy is simply not found). The policy is stored as canonical JSON of what
// parseRiskPolicy returned; the revision counts replacements from 1 (no row: the defaults, 0).
import type { Kysely, Selectable } from 'kysely';
import type { Database, Db, DbKind } from '../db/index.ts';

export interface RiskPoliciesTable {
  workspace_id: string;
  connection_id: string;
  /** Canonical JSON of the validated policy. */
  policy: string;
  revision: number;
  updated_by_type: string;
  updated_by: string | null;
  updated_at: number;
}

interface RiskPolicyTables extends Database {
  risk_policies: RiskPoliciesTable;
}

export type RiskPolicyRow = Selectable<RiskPoliciesTable>;

/** bigint columns come back as strings from pg. */
function normalise(row: RiskPolicyRow): RiskPolicyRow {
  return { ...row, revision: Number(row.revision), updated_at: Number(row.updated_at) };
}

export interface PolicyWrite {
  policy: string;
  by: { type: string; id: string | null };
  at: number;
}

export class RiskPoliciesScope {
  constructor(readonly workspaceId: string, private readonly db: Kysely<RiskPolicyTables>, private readonly kind: DbKind) {}

  async get(connectionId: string): Promise<RiskPolicyRow | undefined> {
    const row = await this.db.selectFrom('risk_policies').selectAll()
      .where('workspace_id', '=', this.workspaceId).where('connection_id', '=', connectionId).executeTakeFirst();
    return row && normalise(row);
  }

  /**
   * Replaces the connection's policy in one transaction: returns the row it replaced (undefined:
   * the defaults) and the new revision. On PostgreSQL the old row is locked, so two concurrent
   * replacements each see the one before them; the upsert counts the revision either way.
   */
  async replace(connectionId: string, write: PolicyWrite): Promise<{ before: RiskPolicyRow | undefined; revision: number }> {
    return this.db.transaction().execute(async (trx) => {
      let read = trx.selectFrom('risk_policies').selectAll().where('workspace_id', '=', this.workspaceId).where('connection_id', '=', connectionId);
      if (this.kind === 'postgres') read = read.forUpdate();
      const before = await read.executeTakeFirst();
      const values = { policy: write.policy, updated_by_type: write.by.type, updated_by: write.by.id, updated_at: write.at };
      const row = await trx.insertInto('risk_policies')
        .values({ workspace_id: this.workspaceId, connection_id: connectionId, revision: 1, ...values })
        .onConflict((oc) => oc.columns(['workspace_id', 'connection_id']).doUpdateSet((eb) => ({ ...values, revision: eb('risk_policies.revision', '+', 1) })))
        .returning('revision')
        .executeTakeFirstOrThrow();
      return { before: before && normalise(before), revision: Number(row.revision) };
    });
  }
}

export function riskPoliciesOf(db: Db, workspaceId: string): RiskPoliciesScope {
  return new RiskPoliciesScope(workspaceId, db.kysely.withTables<{ risk_policies: RiskPoliciesTable }>(), db.kind);
}
