// The hash chain: each event's hash covers its content and the previous event's hash, so an
// edited, deleted, inserted or reordered row breaks the chain from that row on.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../common/index.ts';
import type { AuditEventsTable } from '../db/index.ts';

export { canonicalJson };

export const GENESIS_HASH = '0'.repeat(64);

/** The stored fields that the hash covers (everything but the hash itself). */
export type ChainedFields = Omit<AuditEventsTable, 'hash'>;

export function hashEvent(fields: ChainedFields): string {
  const content = canonicalJson({
    v: 1,
    workspace_id: fields.workspace_id,
    seq: Number(fields.seq),
    id: fields.id,
    occurred_at: Number(fields.occurred_at),
    actor_type: fields.actor_type,
    actor_id: fields.actor_id,
    action: fields.action,
    target_type: fields.target_type,
    target_id: fields.target_id,
    request_id: fields.request_id,
    data: fields.data,
    prev_hash: fields.prev_hash,
  });
  return createHash('sha256').update(content, 'utf8').digest('hex');
}
