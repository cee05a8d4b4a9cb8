// Appending to and reading a workspace's audit trail; verifying its hash chain.
import type { Clock } from '../common/index.ts';
import { newId, NotFound } from '../common/index.ts';
import type { AuditEventRecord, AuditFilter, WorkspaceScope } from '../db/index.ts';
import type { AuditEventInput } from '../domain/index.ts';
import { canonicalJson, GENESIS_HASH, hashEvent } from './chain.ts';

export interface AuditEvent {
  id: string;
  seq: number;
  occurredAt: string;
  actor: { type: string; id: string | null };
  action: string;
  target: { type: string; id: string } | null;
  requestId: string | null;
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export type ChainBreak = 'hash_mismatch' | 'prev_hash_mismatch' | 'sequence_gap' | 'head_mismatch';

export type ChainVerdict =
  | { ok: true; checked: number; headHash: string }
  | {
      ok: false;
      checked: number;
      /** The first row that does not fit the chain (eventId null when rows are missing at the end). */
      brokenAt: { seq: number; eventId: string | null; reason: ChainBreak };
    };

const VERIFY_BATCH = 500;
const EXPORT_BATCH = 500;

export class AuditLog {
  constructor(private readonly clock: Clock) {}

  /** Appends one event to the scope's chain, in the caller's transaction when there is one. */
  async append(scope: WorkspaceScope, input: AuditEventInput): Promise<AuditEvent> {
    const [row] = await this.write(scope, [input]);
    if (!row) throw new Error('audit append wrote no row');
    return toView(row);
  }

  /**
   * Appends events in order, as that many appends would (the same rows and hashes), with one
   * sequence reservation, one multi-row insert and one head update: a caller holding a
   * transaction (SQLite has one connection for the whole process) holds it for less.
   */
  async appendMany(scope: WorkspaceScope, inputs: readonly AuditEventInput[]): Promise<void> {
    if (inputs.length > 0) await this.write(scope, inputs);
  }

  private async write(scope: WorkspaceScope, inputs: readonly AuditEventInput[]): Promise<AuditEventRecord[]> {
    // Serialised before the transaction: only the sequence and the previous hash need the database.
    const prepared = inputs.map((input) => ({ input, id: newId('aud'), data: canonicalJson(input.data ?? {}) }));
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

function toView(row: Omit<AuditEventRecord, 'workspace_id'> & { workspace_id?: string }): AuditEvent {
  return {
    id: row.id,
    seq: Number(row.seq),
    occurredAt: new Date(Number(row.occurred_at)).toISOString(),
    actor: { type: row.actor_type, id: row.actor_id },
    action: row.action,
    target: row.target_type !== null && row.target_id !== null ? { type: row.target_type, id: row.target_id } : null,
    requestId: row.request_id,
    data: JSON.parse(row.data) as Record<string, unknown>,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
