// Appending to and reading a workspace's audit trail; verifying its hash chain.
import type { Clock } from '../common/index.ts';
import { newId, NotFound } from '../common/index.ts';
import { deferToGroupEnd, inGroupedPiece, WorkspaceScope, type AuditEventRecord, type AuditFilter, type DbKind, type GroupEndWork } from '../db/index.ts';
import type { AuditActorType, AuditEventInput } from '../domain/index.ts';
import { canonicalJson, GENESIS_HASH, hashEvent } from './chain.ts';

export interface AuditEvent {
  id: string;
  seq: number;
  occurredAt: string;
  actor: { type: AuditActorType; id: string | null };
  action: string;
  target: { type: string; id: string } | null;
  requestId: string | null;
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export const CHAIN_BREAKS = ['hash_mismatch', 'prev_hash_mismatch', 'sequence_gap', 'head_mismatch'] as const;
export type ChainBreak = (typeof CHAIN_BREAKS)[number];

export type ChainVerdict =
  | { ok: true; checked: number; headHash: string }
  | {
      ok: false;
      checked: number;
      /** The first row that does not fit the chain (eventId null when rows are missing at the end). */
      brokenAt: { seq: number; eventId: string | null; reason: ChainBreak };
    };

/** An event serialised for its row: only its sequence, time and hashes wait for the write. */
interface PreparedEvent { input: AuditEventInput; id: string; data: string }

/** Appends left for the end of a grouped transaction (db/group-commit.ts), in the order they were made. */
interface DeferredAppend { workspaceId: string; kind: DbKind; events: PreparedEvent[] }

const VERIFY_BATCH = 500;
const EXPORT_BATCH = 500;

export class AuditLog {
  /**
   * In a grouped SQLite transaction the appends of all its pieces are written at its end: one
   * sequence reservation, one insert and one head update per run of one workspace's events,
   * instead of one of each per piece. The chain is the one the appends in their order would make.
   */
  private readonly atGroupEnd: GroupEndWork<DeferredAppend> = {
    run: async (trx, appends) => {
      for (let i = 0; i < appends.length;) {
        const { workspaceId, kind } = appends[i]!;
        const events: PreparedEvent[] = [];
        for (; i < appends.length && appends[i]!.workspaceId === workspaceId; i++) events.push(...appends[i]!.events);
        await this.write(new WorkspaceScope(workspaceId, trx, kind), events);
      }
    },
  };

  constructor(private readonly clock: Clock) {}

  /** Appends one event to the scope's chain, in the caller's transaction when there is one. */
  async append(scope: WorkspaceScope, input: AuditEventInput): Promise<AuditEvent> {
    // Its answer needs its sequence now, which would come before appends the group still holds.
    if (inGroupedPiece(scope.executor)) throw new Error('audit append cannot run in a grouped transaction (its appends are written at the group\'s end): use appendMany');
    const [row] = await this.write(scope, prepare([input]));
    if (!row) throw new Error('audit append wrote no row');
    return toView(row);
  }

  /**
   * Appends events in order, as that many appends would (the same rows and hashes), with one
   * sequence reservation, one multi-row insert and one head update: a caller holding a
   * transaction (SQLite has one connection for the whole process) holds it for less.
   */
  async appendMany(scope: WorkspaceScope, inputs: readonly AuditEventInput[]): Promise<void> {
    if (inputs.length === 0) return;
    // Serialised here, in the caller's piece: data that cannot be written fails its own caller, never the group.
    const events = prepare(inputs);
    if (deferToGroupEnd(scope.executor, this.atGroupEnd, [{ workspaceId: scope.workspaceId, kind: scope.kind, events }])) return;
    await this.write(scope, events);
  }

  private async write(scope: WorkspaceScope, prepared: readonly PreparedEvent[]): Promise<AuditEventRecord[]> {
    return scope.transaction(async (s) => {
      const { firstSeq, headHash } = await s.audit.reserve(prepared.length);
      const occurredAt = this.clock.now();
      let prevHash = headHash || GENESIS_HASH;
      // One object per row, hashed and inserted as it is (insertMany sets the same workspace_id).
      const rows = prepared.map(({ input, id, data }, i): AuditEventRecord => {
        const row: AuditEventRecord = {
          workspace_id: s.workspaceId,
          seq: firstSeq + i,
          id,
          occurred_at: occurredAt,
          actor_type: input.actor.type,
          actor_id: input.actor.id,
          action: input.action,
          target_type: input.target?.type ?? null,
          target_id: input.target?.id ?? null,
          request_id: input.requestId ?? null,
          data,
          prev_hash: prevHash,
          hash: '',
        };
        row.hash = prevHash = hashEvent(row);
        return row;
      });
      await s.audit.insertMany(rows);
      await s.audit.setHead(prevHash);
      return rows;
    });
  }

  async list(scope: WorkspaceScope, options: { limit: number; beforeSeq?: number; filter?: AuditFilter }): Promise<AuditEvent[]> {
    return (await scope.audit.page(options.limit, options.beforeSeq, options.filter)).map(toView);
  }

  async get(scope: WorkspaceScope, id: string): Promise<AuditEvent> {
    const row = await scope.audit.get(id);
    if (!row) throw new NotFound('Audit event');
    return toView(row);
  }

  /**
   * The trail oldest first (seq order), narrowed by `filter`, a batch at a time so a long trail is
   * never held in memory. It ends at the head as it stood when the walk began: events appended
   * meanwhile belong to the next export, so an unfiltered export is always a whole chain.
   */
  async *oldestFirst(scope: WorkspaceScope, filter: AuditFilter = {}, batchSize = EXPORT_BATCH): AsyncGenerator<AuditEvent[]> {
    const { seq: through } = await scope.audit.head();
    let after = 0;
    for (;;) {
      const rows = await scope.audit.batchAfter(after, batchSize, filter, through);
      const last = rows.at(-1);
      if (!last) return;
      yield rows.map(toView);
      if (rows.length < batchSize) return;
      after = Number(last.seq);
    }
  }

  /** Up to `limit` events after `afterSeq`, oldest first: a live reader's next step along the trail. */
  async after(scope: WorkspaceScope, afterSeq: number, limit: number): Promise<AuditEvent[]> {
    return (await scope.audit.batchAfter(afterSeq, limit)).map(toView);
  }

  /** Walks the chain oldest first and reports the first row that does not fit. */
  async verifyChain(scope: WorkspaceScope): Promise<ChainVerdict> {
    let expectedSeq = 1;
    let prev = GENESIS_HASH;
    let checked = 0;
    for (;;) {
      const rows = await scope.audit.batchAfter(expectedSeq - 1, VERIFY_BATCH);
      for (const row of rows) {
        const broken = (reason: ChainBreak): ChainVerdict => ({ ok: false, checked, brokenAt: { seq: Number(row.seq), eventId: row.id, reason } });
        if (Number(row.seq) !== expectedSeq) return broken('sequence_gap');
        if (row.prev_hash !== prev) return broken('prev_hash_mismatch');
        if (hashEvent({ ...row, workspace_id: scope.workspaceId }) !== row.hash) return broken('hash_mismatch');
        prev = row.hash;
        expectedSeq += 1;
        checked += 1;
      }
      if (rows.length < VERIFY_BATCH) break;
    }
    // The head kept on the workspace row catches events removed from the end of the chain.
    const head = await scope.audit.head();
    if (head.seq !== checked || (head.hash || GENESIS_HASH) !== prev) {
      return { ok: false, checked, brokenAt: { seq: checked + 1, eventId: null, reason: 'head_mismatch' } };
    }
    return { ok: true, checked, headHash: prev };
  }
}

/** Serialised before any transaction: only the sequence and the previous hash need the database. */
function prepare(inputs: readonly AuditEventInput[]): PreparedEvent[] {
  return inputs.map((input) => ({ input, id: newId('aud'), data: canonicalJson(input.data ?? {}) }));
}

function toView(row: Omit<AuditEventRecord, 'workspace_id'> & { workspace_id?: string }): AuditEvent {
  return {
    id: row.id,
    seq: Number(row.seq),
    occurredAt: new Date(Number(row.occurred_at)).toISOString(),
    // Written from an AuditActor only.
    actor: { type: row.actor_type as AuditActorType, id: row.actor_id },
    action: row.action,
    target: row.target_type !== null && row.target_id !== null ? { type: row.target_type, id: row.target_id } : null,
    requestId: row.request_id,
    data: JSON.parse(row.data) as Record<string, unknown>,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
