// The workspace's audit trail, read-only, for every member (a viewer reads everything).
import { z } from 'zod';
import { isId, NotFound } from '../../common/index.ts';
import { authOf } from '../auth.ts';
import type { Api, RouteContext } from '../context.ts';

const listQuery = z.object({
  limit: z.coerce.number({ error: 'limit must be a number' }).int('limit must be a whole number').min(1, 'limit must be 1 to 200').max(200, 'limit must be 1 to 200').default(50)
    .describe('How many events, newest first.'),
  before: z.coerce.number({ error: 'before must be a sequence number' }).int('before must be a whole number').min(1, 'before must be at least 1').optional()
    .describe('Only events with a smaller sequence number: the nextBefore of the previous page.'),
  signalId: z.string().regex(/^sig_[0-9a-z]{26}$/, 'signalId must be a signal id (sig_ and 26 letters or digits) from GET /api/signals').optional()
    .describe('Only the events of this signal (received, instrument resolved, sized, risk evaluated, prepared or denied).'),
  connectionId: z.string().regex(/^con_[0-9a-z]{26}$/, 'connectionId must be a connection id (con_ and 26 letters or digits) from GET /api/connections').optional()
    .describe('Only events of this connection: its own, and every event that names it (its signals, instruments, policy).'),
  since: z.iso.datetime({ offset: true, error: 'since must be an ISO 8601 time with its zone, e.g. 2026-12-01T15:00:00Z' }).optional()
    .describe('Only events at or after this time.'),
  until: z.iso.datetime({ offset: true, error: 'until must be an ISO 8601 time with its zone, e.g. 2026-12-01T16:00:00Z' }).optional()
    .describe('Only events before this time.'),
});

const byId = z.object({ id: z.string().describe('An audit event id (aud_…).') });

const tags = ['Audit trail'];

export function auditRoutes(app: Api, ctx: RouteContext): void {
  app.get('/api/audit', {
    config: { access: 'viewer' },
    schema: { summary: 'The audit trail, newest first, a page at a time; by signal, connection and time', tags, querystring: listQuery },
  }, async (request) => {
    const query = request.query;
    const filter = {
      ...(query.signalId !== undefined && { target: { type: 'signal', id: query.signalId } }),
      ...(query.connectionId !== undefined && { connectionId: query.connectionId }),
      ...(query.since !== undefined && { since: Date.parse(query.since) }),
      ...(query.until !== undefined && { until: Date.parse(query.until) }),
    };
    const events = await ctx.audit.list(authOf(request).scope, { limit: query.limit, ...(query.before !== undefined && { beforeSeq: query.before }), filter });
    const last = events.at(-1);
    return { events, nextBefore: events.length === query.limit && last && last.seq > 1 ? last.seq : null };
  });

  app.get('/api/audit/verify', {
    config: { access: 'viewer' },
    schema: { summary: 'Checks the hash chain of the whole trail', tags },
  }, async (request) => ctx.audit.verifyChain(authOf(request).scope));

  app.get('/api/audit/:id', {
    config: { access: 'viewer' },
    schema: { summary: 'One audit event', tags, params: byId },
  }, async (request) => {
    const { id } = request.params;
    if (!isId(id, 'aud')) throw new NotFound('Audit event');
    return { event: await ctx.audit.get(authOf(request).scope, id) };
  });
}
