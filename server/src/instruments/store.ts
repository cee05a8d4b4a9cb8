// Rows of `instruments`. An InstrumentsScope is bound to one workspace and adds it to every query
// (the WorkspaceScope pattern), so another workspace's instrument is simply not found.
import type { Kysely, Selectable } from 'kysely';
import type { Db, Database } from '../db/index.ts';

export interface InstrumentsTable {
  id: string;
  workspace_id: string;
  connection_id: string;
  con_id: number;
  symbol: string;
  sec_type: string;
  exchange: string;
  currency: string;
  /** Canonical JSON of the ContractCandidate IB sent at approval. */
  details: string;
  approved_by_type: string;
  approved_by: string | null;
  approved_at: number;
  revoked_by_type: string | null;
  revoked_by: string | null;
  revoked_at: number | null;
}

interface InstrumentTables extends Database {
  instruments: InstrumentsTable;
}

export type InstrumentRow = Selectable<InstrumentsTable>;

/** bigint columns come back as strings from pg. */
function normalise(row: InstrumentRow): InstrumentRow {
  return {
    ...row,
    con_id: Number(row.con_id),
    approved_at: Number(row.approved_at),
    revoked_at: row.revoked_at === null ? null : Number(row.revoked_at),
  };
}

export interface InstrumentFilter {
  connectionId?: string;
  /** Only approvals of this IB contract. */
  conId?: number;
  /** Revoked ones too (history); default only active. */
  includeRevoked?: boolean;
}

export class InstrumentsScope {
  constructor(readonly workspaceId: string, private readonly db: Kysely<InstrumentTables>) {}

  async insert(row: Omit<InstrumentRow, 'workspace_id' | 'revoked_by_type' | 'revoked_by' | 'revoked_at'>): Promise<void> {
    await this.db.insertInto('instruments').values({ ...row, workspace_id: this.workspaceId, revoked_by_type: null, revoked_by: null, revoked_at: null }).execute();
  }

  async get(id: string): Promise<InstrumentRow | undefined> {
    const row = await this.db.selectFrom('instruments').selectAll().where('workspace_id', '=', this.workspaceId).where('id', '=', id).executeTakeFirst();
    return row && normalise(row);
  }

  /** Oldest approval first. */
  async list(filter: InstrumentFilter = {}): Promise<InstrumentRow[]> {
    let q = this.db.selectFrom('instruments').selectAll().where('workspace_id', '=', this.workspaceId);
    if (filter.connectionId !== undefined) q = q.where('connection_id', '=', filter.connectionId);
    if (filter.conId !== undefined) q = q.where('con_id', '=', filter.conId);
    if (filter.includeRevoked !== true) q = q.where('revoked_at', 'is', null);
    return (await q.orderBy('approved_at').orderBy('id').execute()).map(normalise);
  }

  async activeByConId(connectionId: string, conId: number): Promise<InstrumentRow | undefined> {
    const row = await this.db
      .selectFrom('instruments').selectAll()
      .where('workspace_id', '=', this.workspaceId).where('connection_id', '=', connectionId).where('con_id', '=', conId).where('revoked_at', 'is', null)
      .executeTakeFirst();
    return row && normalise(row);
  }

  /** Sets revoked_at once; false when it is not in this workspace or already revoked. */
  async revoke(id: string, by: { type: string; id: string | null }, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('instruments')
      .set({ revoked_at: now, revoked_by_type: by.type, revoked_by: by.id })
      .where('workspace_id', '=', this.workspaceId).where('id', '=', id).where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}

export function instrumentsOf(db: Db, workspaceId: string): InstrumentsScope {
  return new InstrumentsScope(workspaceId, db.kysely.withTables<{ instruments: InstrumentsTable }>());
}
