// The hash chain: each event's hash covers its content and the previous event's hash, so an
// edited, deleted, inserted or reordered row breaks the chain from that row on.
import { hash } from 'node:crypto';
import { canonicalJson } from '../common/index.ts';
import type { AuditEventsTable } from '../db/index.ts';

export { canonicalJson };

export const GENESIS_HASH = '0'.repeat(64);

/** The stored fields that the hash covers (everything but the hash itself). */
export type ChainedFields = Omit<AuditEventsTable, 'hash'>;

export function hashEvent(fields: ChainedFields): string {
  return hash('sha256', chainedText(fields), 'hex');
}

/** The canonical JSON of the hashed object: { v: 1, ...fields } with seq and occurred_at as numbers. */
function chainedText(f: ChainedFields): string {
  const seq = Number(f.seq);
  const occurredAt = Number(f.occurred_at);
  // Every field present (as the types promise): the text written in sorted key order at once,
  // without making the object and sorting its keys. A field left undefined drops out of the
  // canonical text, so that rare case takes the general path.
  if (f.action !== undefined && f.actor_id !== undefined && f.actor_type !== undefined && f.data !== undefined && f.id !== undefined
    && f.prev_hash !== undefined && f.request_id !== undefined && f.target_id !== undefined && f.target_type !== undefined && f.workspace_id !== undefined) {
    const j = canonicalJson;
    return `{"action":${j(f.action)},"actor_id":${j(f.actor_id)},"actor_type":${j(f.actor_type)},"data":${j(f.data)},"id":${j(f.id)},`
      + `"occurred_at":${j(occurredAt)},"prev_hash":${j(f.prev_hash)},"request_id":${j(f.request_id)},"seq":${j(seq)},`
      + `"target_id":${j(f.target_id)},"target_type":${j(f.target_type)},"v":1,"workspace_id":${j(f.workspace_id)}}`;
  }
  return canonicalJson({
    v: 1,
    workspace_id: f.workspace_id,
    seq,
    id: f.id,
    occurred_at: occurredAt,
    actor_type: f.actor_type,
    actor_id: f.actor_id,
    action: f.action,
    target_type: f.target_type,
    target_id: f.target_id,
    request_id: f.request_id,
    data: f.data,
    prev_hash: f.prev_hash,
  });
}
