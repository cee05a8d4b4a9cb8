// Rows of `instruments`. An InstrumentsScope is bound to one workspace and adds it to every query
// (the WorkspaceScope pattern), so another workspace's instrument is simply not found.
import type { Kysely, Selectable } from 'kysely';
import { precompiled, type Db, type Database } from '../db/index.ts';

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
  /** Revoked ones too (history); default only active. */
  includeRevoked?: boolean;
}

// The look-ups deciding a signal runs, built once (db/precompiled.ts).
const activeOfConnection = precompiled('active instruments of a connection', (db: Kysely<InstrumentTables>, p: { workspaceId: string; connectionId: string }) =>
  db.selectFrom('instruments').selectAll()
    .where('workspace_id', '=', p.workspaceId).where('connection_id', '=', p.connectionId).where('revoked_at', 'is', null)
    .orderBy('approved_at').orderBy('id'));

const activeOfContract = precompiled('active instruments of a contract on a connection', (db: Kysely<InstrumentTables>, p: { workspaceId: string; connectionId: string; conId: number }) =>
  db.selectFrom('instruments').selectAll()
    .where('workspace_id', '=', p.workspaceId).where('connection_id', '=', p.connectionId).where('con_id', '=', p.conId).where('revoked_at', 'is', null)
    .orderBy('approved_at').orderBy('id'));

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
    if (filter.includeRevoked !== true) q = q.where('revoked_at', 'is', null);
    return (await q.orderBy('approved_at').orderBy('id').execute()).map(normalise);
  }

  /** The connection's active approvals, oldest first; only `conId`'s when given. What each signal looks its instrument up in. */
  async active(connectionId: string, conId?: number): Promise<InstrumentRow[]> {
    const { workspaceId } = this;
    const rows = conId === undefined
      ? await activeOfConnection.all(this.db, { workspaceId, connectionId })
      : await activeOfContract.all(this.db, { workspaceId, connectionId, conId });
    return rows.map(normalise);
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
