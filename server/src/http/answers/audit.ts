// The answers of the audit routes (routes/audit.ts): audit events as the trail holds them
// (audit/audit-log.ts AuditEvent) and the chain's verification (ChainVerdict).
import { z } from 'zod';
import { CHAIN_BREAKS } from '../../audit/index.ts';
import { actorAnswer } from './common.ts';

export const auditEventAnswer = z.object({
  id: z.string().describe('aud_…'),
  seq: z.number().describe('The event\'s place in the workspace\'s trail, from 1, without gaps; the SSE id of GET /api/events.'),
  occurredAt: z.string().describe('ISO 8601 time (UTC).'),
  actor: actorAnswer,
  action: z.string().describe('What happened, e.g. signal.received, order.filled, connection.state_changed.'),
  target: z.object({ type: z.string(), id: z.string() }).nullable().describe('What it happened to (a signal, an order, a connection, …).'),
  requestId: z.string().nullable().describe('The HTTP request that caused it, if one did.'),
  data: z.record(z.string(), z.unknown()).describe('The details that explain it; never secrets.'),
  prevHash: z.string().describe('The hash of the previous event of the workspace (the genesis hash for the first).'),
  hash: z.string().describe('SHA-256 over the event and the workspace id (docs/operations.md).'),
});

export const auditPageAnswer = z.object({
  events: z.array(auditEventAnswer).describe('Newest first.'),
  nextBefore: z.number().nullable().describe('Pass as before for the next (older) page; null on the last one.'),
});

export const chainVerdictAnswer = z.union([
  z.object({ ok: z.literal(true), checked: z.number().describe('Events checked.'), headHash: z.string().describe('The hash of the newest event (the genesis hash while the trail is empty).') }),
  z.object({
    ok: z.literal(false),
    checked: z.number(),
    brokenAt: z.object({
      seq: z.number(),
      eventId: z.string().nullable().describe('null when events are missing at the end.'),
      reason: z.enum(CHAIN_BREAKS),
    }).describe('The first event that does not fit the chain.'),
  }),
]);
