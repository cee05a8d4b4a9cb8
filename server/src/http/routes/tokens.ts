// API tokens of the caller's workspace. Tokens of other workspaces do not exist from here (404).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { Forbidden, isId, NotFound } from '../../common/index.ts';
import { authOf, requireAuth } from '../auth.ts';
import { actorOf, metaOf, type AuthContext, type RouteContext } from '../context.ts';
import { parseInput } from '../validation.ts';

const createBody = z.object({ name: z.string({ error: 'name is required (a label such as "trading bot")' }) });

function tokenId(params: unknown): string {
  const id = (params as { id?: string }).id ?? '';
  if (!isId(id, 'tok')) throw new NotFound('API token');
  return id;
}

function byOf(auth: AuthContext) {
  return { userId: auth.user.id, role: auth.role, actor: actorOf(auth) };
}

export function tokenRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const auth = requireAuth(ctx);

  app.post('/api/tokens', { preHandler: auth }, async (request, reply) => {
    const a = authOf(request);
    // A leaked token must not be able to mint itself successors.
    if (a.via === 'token') throw new Forbidden('API tokens cannot create API tokens; sign in to create one.');
    const body = parseInput(createBody, request.body);
    const created = await ctx.tokens.create(a.scope, byOf(a), body.name, metaOf(request));
    return reply.status(201).send({ token: created.token, secret: created.secret, note: 'Store the secret now: it is shown only once.' });
  });

  app.get('/api/tokens', { preHandler: auth }, async (request) => ({ tokens: await ctx.tokens.list(authOf(request).scope) }));

  app.get('/api/tokens/:id', { preHandler: auth }, async (request) => ({ token: await ctx.tokens.get(authOf(request).scope, tokenId(request.params)) }));

  app.delete('/api/tokens/:id', { preHandler: auth }, async (request) => {
    const a = authOf(request);
    return { token: await ctx.tokens.revoke(a.scope, byOf(a), tokenId(request.params), metaOf(request)) };
  });
}
