// The workspace's audit trail, read-only, for owners and admins.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isId, NotFound } from '../../common/index.ts';
import { authOf, requireAuth } from '../auth.ts';
import type { RouteContext } from '../context.ts';
import { parseInput } from '../validation.ts';

const listQuery = z.object({
  limit: z.coerce.number({ error: 'limit must be a number' }).int('limit must be a whole number').min(1, 'limit must be 1 to 200').max(200, 'limit must be 1 to 200').default(50),
  before: z.coerce.number({ error: 'before must be a sequence number' }).int('before must be a whole number').min(1, 'before must be at least 1').optional(),
});

export function auditRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const auth = requireAuth(ctx, 'admin');

  app.get('/api/audit', { preHandler: auth }, async (request) => {
    const query = parseInput(listQuery, request.query, 'query');
    const events = await ctx.audit.list(authOf(request).scope, { limit: query.limit, ...(query.before !== undefined && { beforeSeq: query.before }) });
    const last = events.at(-1);
    return { events, nextBefore: events.length === query.limit && last && last.seq > 1 ? last.seq : null };
  });

  app.get('/api/audit/verify', { preHandler: auth }, async (request) => ctx.audit.verifyChain(authOf(request).scope));

  app.get('/api/audit/:id', { preHandler: auth }, async (request) => {
    const id = (request.params as { id?: string }).id ?? '';
    if (!isId(id, 'aud')) throw new NotFound('Audit event');
    return { event: await ctx.audit.get(authOf(request).scope, id) };
  });
}
