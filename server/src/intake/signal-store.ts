// Rows of `signals`. A SignalsScope is bound to one workspace and adds it to every query (the
// WorkspaceScope pattern), so another workspace's signal is simply not found. It takes any
// executor: inside intake's transaction it writes with the decision's audit entries.
import type { Kysely, Selectable } from 'kysely';
import { precompiled, type Database, type Db } from '../db/index.ts';

export interface SignalsTable {
  id: string;
  workspace_id: string;
  connection_id: string;
  source: string;
  webhook_id: string | null;
  idempotency_key: string | null;
  fingerprint: string;
  /** JSON: the body as sent, secrets removed. */
  payload: string;
  /** JSON: the signal as parsed (defaults applied). */
  signal: string;
  status: string;
  /** JSON: { status, code?, message?, steps }. */
  decision: string;
  /** JSON: the OrderIntent (prepared only). */
  intent: string | null;
  kairox_order_id: string | null;
  received_at: number;
  decided_at: number | null;
}

export interface SignalTables extends Database {
  signals: SignalsTable;
}

export type SignalRow = Selectable<SignalsTable>;

export interface SignalFilter {
  connectionId?: string;
  status?: string;
  /** Received at or after (epoch ms). */
  since?: number;
  /** Older than this signal (the previous page's last). */
  before?: { receivedAt: number; id: string };
  limit: number;
}

/** bigint columns come back as strings from pg. */
function normalise(row: SignalRow): SignalRow {
  return { ...row, received_at: Number(row.received_at), decided_at: row.decided_at === null ? null : Number(row.decided_at) };
}

// The queries deciding a signal runs, built once (db/precompiled.ts).
const insertSignal = precompiled('insert a signal', (db: Kysely<SignalTables>, p: SignalRow) =>
  db.insertInto('signals').values({
    id: p.id, workspace_id: p.workspace_id, connection_id: p.connection_id, source: p.source, webhook_id: p.webhook_id,
    idempotency_key: p.idempotency_key, fingerprint: p.fingerprint, payload: p.payload, signal: p.signal, status: p.status,
    decision: p.decision, intent: p.intent, kairox_order_id: p.kairox_order_id, received_at: p.received_at, decided_at: p.decided_at,
  } satisfies Record<keyof SignalsTable, unknown>));

const signalByIdempotencyKey = precompiled('signal by idempotency key', (db: Kysely<SignalTables>, p: { workspaceId: string; key: string }) =>
  db.selectFrom('signals').selectAll().where('workspace_id', '=', p.workspaceId).where('idempotency_key', '=', p.key));

const ordersOfConnectionSince = precompiled(
  'orders of a connection since',
  (db: Kysely<SignalTables>, p: { workspaceId: string; connectionId: string; minute: number; day: number; since: number }) =>
    db
      .selectFrom('signals')
      .select((eb) => [
        eb.fn.sum<number>(eb.case().when('received_at', '>=', p.minute).then(1).else(0).end()).as('lastMinute'),
        eb.fn.sum<number>(eb.case().when('received_at', '>=', p.day).then(1).else(0).end()).as('today'),
      ])
      .where('workspace_id', '=', p.workspaceId).where('connection_id', '=', p.connectionId)
      .where('kairox_order_id', 'is not', null).where('received_at', '>=', p.since),
);

const sameFingerprint = precompiled(
  'signals with the same fingerprint since',
  (db: Kysely<SignalTables>, p: { workspaceId: string; connectionId: string; fingerprint: string; since: number }) =>
    db
      .selectFrom('signals').select(['fingerprint', 'received_at'])
      .where('workspace_id', '=', p.workspaceId).where('connection_id', '=', p.connectionId)
      .where('fingerprint', '=', p.fingerprint).where('received_at', '>=', p.since),
);

export class SignalsScope {
  constructor(readonly workspaceId: string, private readonly db: Kysely<SignalTables>) {}

  async insert(row: Omit<SignalRow, 'workspace_id'>): Promise<void> {
    await insertSignal.run(this.db, { ...row, workspace_id: this.workspaceId });
  }

  async get(id: string): Promise<SignalRow | undefined> {
    const row = await this.db.selectFrom('signals').selectAll().where('workspace_id', '=', this.workspaceId).where('id', '=', id).executeTakeFirst();
    return row && normalise(row);
  }

  async byIdempotencyKey(key: string): Promise<SignalRow | undefined> {
    const row = await signalByIdempotencyKey.first(this.db, { workspaceId: this.workspaceId, key });
    return row && normalise(row);
  }

  /** Execution's news about the signal's order (routed once sent to IB). */
  async setStatus(id: string, status: string): Promise<void> {
    await this.db.updateTable('signals').set({ status }).where('workspace_id', '=', this.workspaceId).where('id', '=', id).execute();
  }

  /** Newest first. */
  async list(filter: SignalFilter): Promise<SignalRow[]> {
    let q = this.db.selectFrom('signals').selectAll().where('workspace_id', '=', this.workspaceId);
    if (filter.connectionId !== undefined) q = q.where('connection_id', '=', filter.connectionId);
    if (filter.status !== undefined) q = q.where('status', '=', filter.status);
    if (filter.since !== undefined) q = q.where('received_at', '>=', filter.since);
    const before = filter.before;
    if (before) {
      q = q.where((eb) => eb.or([
        eb('received_at', '<', before.receivedAt),
        eb.and([eb('received_at', '=', before.receivedAt), eb('id', '<', before.id)]),
      ]));
    }
    return (await q.orderBy('received_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute()).map(normalise);
  }

  /**
   * The connection's signals that became orders (a Kairox order id; later statuses such as routed
   * included) in the last minute and since the start of the day: the order-rate limits. One range
   * read of a partial index (signals_orders_idx) for both windows.
   */
  async ordersSince(connectionId: string, windows: { minute: number; day: number }): Promise<{ lastMinute: number; today: number }> {
    const row = await ordersOfConnectionSince.first(this.db, {
      workspaceId: this.workspaceId, connectionId, minute: windows.minute, day: windows.day, since: Math.min(windows.minute, windows.day),
    });
    // An aggregate without GROUP BY always has its one row (executeTakeFirstOrThrow's check before).
    if (!row) throw new Error('no result');
    return { lastMinute: Number(row.lastMinute ?? 0), today: Number(row.today ?? 0) };
  }

  /** The connection's signals with this fingerprint received at or after `since` (duplicate suppression). */
  async sameFingerprintSince(connectionId: string, fingerprint: string, since: number): Promise<Array<{ fingerprint: string; receivedAt: number }>> {
    const rows = await sameFingerprint.all(this.db, { workspaceId: this.workspaceId, connectionId, fingerprint, since });
    return rows.map((r) => ({ fingerprint: r.fingerprint, receivedAt: Number(r.received_at) }));
  }
}

export function signalTables(db: Db | Kysely<Database>): Kysely<SignalTables> {
  const kysely = 'kysely' in db ? db.kysely : db;
  return kysely.withTables<{ signals: SignalsTable }>();
}

export function signalsOf(db: Db | Kysely<Database>, workspaceId: string): SignalsScope {
  return new SignalsScope(workspaceId, signalTables(db));
}
