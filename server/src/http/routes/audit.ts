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
});

const byId = z.object({ id: z.string().describe('An audit event id (aud_…).') });

const tags = ['Audit trail'];

export function auditRoutes(app: Api, ctx: RouteContext): void {
  app.get('/api/audit', {
    config: { access: 'viewer' },
    schema: { summary: 'The audit trail, newest first, a page at a time', tags, querystring: listQuery },
  }, async (request) => {
    const query = request.query;
    const events = await ctx.audit.list(authOf(request).scope, { limit: query.limit, ...(query.before !== undefined && { beforeSeq: query.before }) });
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
