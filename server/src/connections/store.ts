// Rows of broker_connections and connection_events. A ConnectionsScope is bound to one
// workspace and adds it to every query (the foundation's WorkspaceScope pattern), so another
// workspace's connection is simply not found. The worker alone reads across workspaces.
import { sql, type Kysely, type Selectable } from 'kysely';
import { encodeSessionStatus, type SessionStatus } from '../broker/index.ts';
import type { Db, Database } from '../db/index.ts';

export interface BrokerConnectionsTable {
  id: string;
  workspace_id: string;
  connection_type: string;
  platform: string;
  host: string;
  port: number;
  client_id: number;
  account_id: string | null;
  created_at: number;
  updated_at: number;
  disabled_at: number | null;
  revision: number;
  status: string | null;
  status_at: number | null;
}

export interface ConnectionEventsTable {
  id: string;
  workspace_id: string;
  connection_id: string;
  at: number;
  from_state: string;
  to_state: string;
  event: string;
  reason: string;
  code: number | null;
  /** Order of writing per connection, from 1 (events of one millisecond keep their order). */
  seq: number;
}

export interface ConnectionTables extends Database {
  broker_connections: BrokerConnectionsTable;
  connection_events: ConnectionEventsTable;
}

export type ConnectionRow = Selectable<BrokerConnectionsTable>;
export type ConnectionEventRow = Selectable<ConnectionEventsTable>;

export function connectionTables(db: Db): Kysely<ConnectionTables> {
  return db.kysely.withTables<{ broker_connections: BrokerConnectionsTable; connection_events: ConnectionEventsTable }>();
}

/** bigint columns come back as strings from pg; numbers everywhere else. */
function normalise(row: ConnectionRow): ConnectionRow {
  return {
    ...row,
    port: Number(row.port),
    client_id: Number(row.client_id),
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
    disabled_at: row.disabled_at === null ? null : Number(row.disabled_at),
    revision: Number(row.revision),
    status_at: row.status_at === null ? null : Number(row.status_at),
  };
}

export class ConnectionsScope {
  constructor(readonly workspaceId: string, private readonly db: Kysely<ConnectionTables>) {}

  async insert(row: Omit<ConnectionRow, 'workspace_id' | 'status' | 'status_at' | 'revision'>): Promise<void> {
    await this.db.insertInto('broker_connections').values({ ...row, workspace_id: this.workspaceId, revision: 1, status: null, status_at: null }).execute();
  }

  async list(): Promise<ConnectionRow[]> {
    const rows = await this.db.selectFrom('broker_connections').selectAll().where('workspace_id', '=', this.workspaceId).orderBy('created_at').orderBy('id').execute();
    return rows.map(normalise);
  }

  async get(id: string): Promise<ConnectionRow | undefined> {
    const row = await this.db.selectFrom('broker_connections').selectAll().where('workspace_id', '=', this.workspaceId).where('id', '=', id).executeTakeFirst();
    return row && normalise(row);
  }

  /** Another connection of this workspace with the same target, if any. */
  async findTarget(host: string, port: number, clientId: number, exceptId?: string): Promise<ConnectionRow | undefined> {
    let q = this.db.selectFrom('broker_connections').selectAll()
      .where('workspace_id', '=', this.workspaceId).where('host', '=', host).where('port', '=', port).where('client_id', '=', clientId);
    if (exceptId) q = q.where('id', '!=', exceptId);
    const row = await q.executeTakeFirst();
    return row && normalise(row);
  }

  async update(id: string, patch: Partial<Pick<ConnectionRow, 'host' | 'port' | 'client_id' | 'account_id' | 'disabled_at'>>, now: number): Promise<boolean> {
    const result = await this.db.updateTable('broker_connections')
      .set((eb) => ({ ...patch, updated_at: now, revision: eb('revision', '+', 1) }))
      .where('workspace_id', '=', this.workspaceId).where('id', '=', id).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async delete(id: string): Promise<boolean> {
    await this.db.deleteFrom('connection_events').where('workspace_id', '=', this.workspaceId).where('connection_id', '=', id).execute();
    const result = await this.db.deleteFrom('broker_connections').where('workspace_id', '=', this.workspaceId).where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async setStatus(id: string, status: string, at: number): Promise<void> {
    await this.db.updateTable('broker_connections').set({ status, status_at: at }).where('workspace_id', '=', this.workspaceId).where('id', '=', id).execute();
  }

  /**
   * Appends with the connection's next sequence number, taken in the same statement. One worker
   * writes a connection's events, one at a time (sessions/worker.ts); were two ever to race, the
   * unique (connection, seq) index refuses the second instead of misordering.
   */
  async appendEvent(row: Omit<ConnectionEventRow, 'workspace_id' | 'seq'>): Promise<void> {
    const next = sql<number>`(select coalesce(max(seq), 0) + 1 from connection_events where workspace_id = ${this.workspaceId} and connection_id = ${row.connection_id})`;
    await this.db.insertInto('connection_events').values({ ...row, workspace_id: this.workspaceId, seq: next }).execute();
  }

  /** Newest first, in the order they were written. */
  async events(connectionId: string, limit: number): Promise<ConnectionEventRow[]> {
    const rows = await this.db.selectFrom('connection_events').selectAll()
      .where('workspace_id', '=', this.workspaceId).where('connection_id', '=', connectionId)
      .orderBy('seq', 'desc').limit(limit).execute();
    return rows.map((r) => ({ ...r, at: Number(r.at), code: r.code === null ? null : Number(r.code), seq: Number(r.seq) }));
  }
}

export function connectionsOf(db: Db, workspaceId: string): ConnectionsScope {
  return new ConnectionsScope(workspaceId, connectionTables(db));
}

/** Every enabled connection of every workspace: what the worker should be running. */
export async function allEnabledConnections(db: Db): Promise<ConnectionRow[]> {
  const rows = await connectionTables(db).selectFrom('broker_connections').selectAll().where('disabled_at', 'is', null).orderBy('id').execute();
  return rows.map(normalise);
}

/**
 * What the session worker reads and writes, over this store. Shaped like sessions/'s
 * ConnectionSource port (structurally: the two folders do not import each other).
 */
export function connectionSource(db: Db) {
  return {
    async enabledConnections() {
      return (await allEnabledConnections(db)).map((r) => ({
        id: r.id, workspaceId: r.workspace_id, host: r.host, port: r.port, clientId: r.client_id, accountId: r.account_id, revision: r.revision,
      }));
    },
    async appendTimeline(workspaceId: string, connectionId: string, e: { id: string; at: number; from: string; to: string; event: string; reason: string; code: number | null }) {
      const scope = connectionsOf(db, workspaceId);
      // A deleted connection's last "stopped" must not leave an orphan timeline row.
      if (!(await scope.get(connectionId))) return;
      await scope.appendEvent({ id: e.id, connection_id: connectionId, at: e.at, from_state: e.from, to_state: e.to, event: e.event, reason: e.reason, code: e.code });
    },
    async publishStatus(workspaceId: string, connectionId: string, status: SessionStatus, at: number) {
      await connectionsOf(db, workspaceId).setStatus(connectionId, encodeSessionStatus(status), at);
    },
    /** Many statuses in one transaction: one commit (one fsync on SQLite) for the worker's periodic refresh, not one per connection. */
    async publishStatuses(entries: ReadonlyArray<{ workspaceId: string; connectionId: string; status: SessionStatus; at: number }>) {
      if (entries.length === 0) return;
      await db.kysely.transaction().execute(async (trx) => {
        const tables = trx.withTables<{ broker_connections: BrokerConnectionsTable; connection_events: ConnectionEventsTable }>();
        for (const e of entries) await new ConnectionsScope(e.workspaceId, tables).setStatus(e.connectionId, encodeSessionStatus(e.status), e.at);
      });
    },
  };
}
