// The only way to read or write rows that belong to a workspace. A scope is bound to one
// workspace id and adds it to every query, so code holding workspace A's scope cannot see
// workspace B's rows: asking for one by id finds nothing (and the API answers 404, not 403).
import { sql, type Selectable } from 'kysely';
import type { DbKind } from './connect.ts';
import type { Executor } from './accounts-store.ts';
import type { ApiTokensTable, AuditEventsTable, MembershipRole } from './schema.ts';
import { precompiled } from './precompiled.ts';
import { insertAuditRows } from './audit-rows-insert.ts';

export type ApiTokenRecord = Selectable<ApiTokensTable>;
export type AuditEventRecord = Selectable<AuditEventsTable>;

/** 13 columns a row: 13,000 parameters, below SQLite's 32,766 and PostgreSQL's 65,535. */
const AUDIT_INSERT_CHUNK = 1000;

// Every append (several per signal) reserves sequence numbers and moves the chain head: built and
// compiled once (precompiled.ts).
const reserveAudit = precompiled('reserve audit sequence numbers', (db: Executor, p: { workspaceId: string; count: number }) => db
  .updateTable('workspaces')
  .set((eb) => ({ audit_seq: eb('audit_seq', '+', p.count) }))
  .where('id', '=', p.workspaceId)
  .returning(['audit_seq', 'audit_head_hash']));
const setAuditHead = precompiled('set the audit chain head', (db: Executor, p: { workspaceId: string; hash: string }) =>
  db.updateTable('workspaces').set({ audit_head_hash: p.hash }).where('id', '=', p.workspaceId));

/** Narrows a page of the audit trail; times are epoch ms, `until` exclusive. */
export interface AuditFilter {
  target?: { type: string; id: string };
  /** The connection's own events and every event whose data names it (connectionId). */
  connectionId?: string;
  since?: number;
  until?: number;
}

/** A member of the workspace: the membership with the user's public fields. */
export interface MemberRecord {
  userId: string;
  email: string;
  name: string | null;
  role: MembershipRole;
  joinedAt: number;
}

// A scope is made several times per signal (forWorkspace, each transaction's own scope), so its
// query groups are classes whose methods live on the prototype, each made on first use and kept:
// making a scope allocates one small object, not every group's closures.
export class WorkspaceScope {
  private memberQueries: MemberQueries | undefined;
  private tokenQueries: TokenQueries | undefined;
  private auditQueries: AuditQueries | undefined;

  constructor(
    readonly workspaceId: string,
    private readonly db: Executor,
    readonly kind: DbKind,
  ) {}

  /** The executor the scope's queries run on (a transaction's, inside one). */
  get executor(): Executor {
    return this.db;
  }

  /** Runs `work` in one transaction (or in the caller's, when already inside one). */
  async transaction<T>(work: (scope: WorkspaceScope) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return work(this);
    return this.db.transaction().execute((trx) => work(new WorkspaceScope(this.workspaceId, trx, this.kind)));
  }

  async workspace(): Promise<{ id: string; name: string; createdAt: number } | undefined> {
    const row = await this.db.selectFrom('workspaces').select(['id', 'name', 'created_at']).where('id', '=', this.workspaceId).executeTakeFirst();
    return row && { id: row.id, name: row.name, createdAt: row.created_at };
  }

  get members(): MemberQueries {
    return (this.memberQueries ??= new MemberQueries(this.workspaceId, this.db, this.kind));
  }

  get tokens(): TokenQueries {
    return (this.tokenQueries ??= new TokenQueries(this.workspaceId, this.db));
  }

  get audit(): AuditQueries {
    return (this.auditQueries ??= new AuditQueries(this.workspaceId, this.db));
  }
}

class MemberQueries {
  constructor(
    private readonly workspaceId: string,
    private readonly db: Executor,
    private readonly kind: DbKind,
  ) {}

  async list(): Promise<MemberRecord[]> {
    return this.memberQuery().orderBy('m.created_at').orderBy('m.user_id').execute();
  }

  async get(userId: string): Promise<MemberRecord | undefined> {
    return this.memberQuery().where('m.user_id', '=', userId).executeTakeFirst();
  }

  async countOwners(): Promise<number> {
    const row = await this.db
      .selectFrom('memberships')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('workspace_id', '=', this.workspaceId)
      .where('role', '=', 'owner')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * Holds the workspace row until the transaction ends, so membership changes (the last-owner
   * rule) are decided one at a time. SQLite transactions are already serialised.
   */
  async lock(): Promise<void> {
    if (this.kind === 'postgres') await this.db.selectFrom('workspaces').select('id').where('id', '=', this.workspaceId).forUpdate().execute();
  }

  async setRole(userId: string, role: MembershipRole): Promise<void> {
    await this.db.updateTable('memberships').set({ role }).where('workspace_id', '=', this.workspaceId).where('user_id', '=', userId).execute();
  }

  async remove(userId: string): Promise<void> {
    await this.db.deleteFrom('memberships').where('workspace_id', '=', this.workspaceId).where('user_id', '=', userId).execute();
  }

  /** Ends the user's sign-ins to this workspace. */
  async endSessions(userId: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('workspace_id', '=', this.workspaceId).where('user_id', '=', userId).execute();
  }

  private memberQuery() {
    return this.db
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.user_id as userId', 'u.email as email', 'u.name as name', 'm.role as role', 'm.created_at as joinedAt'])
      .where('m.workspace_id', '=', this.workspaceId);
  }
}

class TokenQueries {
  constructor(
    private readonly workspaceId: string,
    private readonly db: Executor,
  ) {}

  async insert(row: Omit<ApiTokenRecord, 'workspace_id'>): Promise<void> {
    await this.db.insertInto('api_tokens').values({ ...row, workspace_id: this.workspaceId }).execute();
  }

  async list(): Promise<ApiTokenRecord[]> {
    return this.db.selectFrom('api_tokens').selectAll().where('workspace_id', '=', this.workspaceId).orderBy('created_at', 'desc').orderBy('id').execute();
  }

  async get(id: string): Promise<ApiTokenRecord | undefined> {
    return this.db.selectFrom('api_tokens').selectAll().where('workspace_id', '=', this.workspaceId).where('id', '=', id).executeTakeFirst();
  }

  /** Sets revoked_at once; returns false when the token is not in this workspace. */
  async revoke(id: string, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('api_tokens')
      .set({ revoked_at: now })
      .where('workspace_id', '=', this.workspaceId)
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Revokes every live token the user made in this workspace; returns how many. */
  async revokeAllOf(userId: string, now: number): Promise<number> {
    const result = await this.db
      .updateTable('api_tokens')
      .set({ revoked_at: now })
      .where('workspace_id', '=', this.workspaceId)
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}

class AuditQueries {
  constructor(
    private readonly workspaceId: string,
    private readonly db: Executor,
  ) {}

  /**
   * Takes the next sequence number and the current chain head. The UPDATE holds the workspace
   * row lock until the transaction ends, so appends to one workspace are serialised.
   */
  async reserveNext(): Promise<{ seq: number; headHash: string }> {
    const { firstSeq, headHash } = await this.reserve(1);
    return { seq: firstSeq, headHash };
  }

  /**
   * Takes `count` consecutive sequence numbers (from `firstSeq`) and the chain head before them,
   * with one UPDATE that holds the workspace row lock until the transaction ends.
   */
  async reserve(count: number): Promise<{ firstSeq: number; headHash: string }> {
    if (!Number.isInteger(count) || count < 1) throw new Error(`audit.reserve needs a positive whole count, not ${count}`);
    const values = { workspaceId: this.workspaceId, count };
    const row = await reserveAudit.first(this.db, values);
    if (!row) throw new Error(`workspace ${this.workspaceId} does not exist`);
    return { firstSeq: Number(row.audit_seq) - count + 1, headHash: row.audit_head_hash };
  }

  async insert(row: Omit<AuditEventRecord, 'workspace_id'>): Promise<void> {
    await this.insertMany([row]);
  }

  /** Multi-row INSERTs, chunked to stay far below either engine's limit on bound parameters. */
  async insertMany(rows: ReadonlyArray<Omit<AuditEventRecord, 'workspace_id'>>): Promise<void> {
    if (await insertAuditRows(this.db, this.workspaceId, rows)) return;
    for (let at = 0; at < rows.length; at += AUDIT_INSERT_CHUNK) {
      const chunk = rows.slice(at, at + AUDIT_INSERT_CHUNK).map((row) => ({ ...row, workspace_id: this.workspaceId }));
      await this.db.insertInto('audit_events').values(chunk).execute();
    }
  }

  async setHead(hash: string): Promise<void> {
    const values = { workspaceId: this.workspaceId, hash };
    await setAuditHead.run(this.db, values);
  }

  async head(): Promise<{ seq: number; hash: string }> {
    const row = await this.db.selectFrom('workspaces').select(['audit_seq', 'audit_head_hash']).where('id', '=', this.workspaceId).executeTakeFirstOrThrow();
    return { seq: Number(row.audit_seq), hash: row.audit_head_hash };
  }

  async get(id: string): Promise<AuditEventRecord | undefined> {
    return this.db.selectFrom('audit_events').selectAll().where('workspace_id', '=', this.workspaceId).where('id', '=', id).executeTakeFirst();
  }

  /** Newest first, `limit` rows with seq below `beforeSeq` when given. */
  async page(limit: number, beforeSeq?: number, filter: AuditFilter = {}): Promise<AuditEventRecord[]> {
    let q = this.filtered(filter);
    if (beforeSeq !== undefined) q = q.where('seq', '<', beforeSeq);
    return q.orderBy('seq', 'desc').limit(limit).execute();
  }

  /**
   * Oldest first, `limit` rows with seq above `afterSeq` (and at most `throughSeq`), for walking
   * the whole trail (verification, export) without loading it at once.
   */
  async batchAfter(afterSeq: number, limit: number, filter: AuditFilter = {}, throughSeq?: number): Promise<AuditEventRecord[]> {
    let q = this.filtered(filter).where('seq', '>', afterSeq);
    if (throughSeq !== undefined) q = q.where('seq', '<=', throughSeq);
    return q.orderBy('seq').limit(limit).execute();
  }

  /** The workspace's audit rows narrowed by a filter: one definition for paging either way. */
  private filtered(filter: AuditFilter) {
    let q = this.db.selectFrom('audit_events').selectAll().where('workspace_id', '=', this.workspaceId);
    if (filter.target) q = q.where('target_type', '=', filter.target.type).where('target_id', '=', filter.target.id);
    if (filter.since !== undefined) q = q.where('occurred_at', '>=', filter.since);
    if (filter.until !== undefined) q = q.where('occurred_at', '<', filter.until);
    const connectionId = filter.connectionId;
    if (connectionId !== undefined) {
      // The connection's own events, and every event that names it in its data (canonical JSON: no spaces).
      const named = `%"connectionId":"${connectionId.replace(/[\\%_]/g, (c) => `\\${c}`)}"%`;
      q = q.where((eb) => eb.or([
        eb.and([eb('target_type', '=', 'connection'), eb('target_id', '=', connectionId)]),
        sql<boolean>`${sql.ref('data')} like ${named} escape '\\'`,
      ]));
    }
    return q;
  }
}
