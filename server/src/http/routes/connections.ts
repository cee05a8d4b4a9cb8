// Broker connections of the caller's workspace (the Connect Brokers & Exchanges form), their
// timeline, and a one-shot connection test. Another workspace's connection is a 404.
import type { FastifyInstance } from 'fastify';
import { ValidationError } from '../../common/index.ts';
import { publishedStatusOf, settingsOf } from '../../connections/index.ts';
import { detectSecret, type ConnectionFormInput } from '../../domain/index.ts';
import { authOf, requireAuth } from '../auth.ts';
import { actorOf, metaOf, type RouteContext } from '../context.ts';

const FIELDS = new Set(['connectionType', 'platform', 'hostPort', 'clientId', 'accountId', 'enabled']);

function formBody(body: unknown): ConnectionFormInput & { enabled?: unknown } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new ValidationError('Send a JSON object in the request body.');
  for (const key of Object.keys(body)) {
    if (FIELDS.has(key)) continue;
    // A key such as "password" or "apiKey" is a secret about to be stored: refuse without echoing anything.
    const named = /pass|secret|token|key|auth|credential/i.test(key) || detectSecret(key) !== undefined;
    throw new ValidationError(named
      ? 'This connection needs no password, API key or token: IB Gateway and TWS authenticate the login themselves. Nothing was saved.'
      : `Unknown field; the form has Connection Type, Platform, IB Gateway Host:Port, IB Client ID and IB Account ID (connectionType, platform, hostPort, clientId, accountId) and enabled.`);
  }
  const b = body as Record<string, unknown>;
  if (b.enabled !== undefined && typeof b.enabled !== 'boolean') throw new ValidationError('enabled must be true or false.', 'enabled');
  return b as ConnectionFormInput & { enabled?: unknown };
}

function idOf(params: unknown): string {
  return (params as { id?: string }).id ?? '';
}

export function connectionRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const read = requireAuth(ctx);
  const write = requireAuth(ctx, 'admin');
  const service = ctx.connections;

  app.post('/api/connections', { preHandler: write }, async (request, reply) => {
    const a = authOf(request);
    const created = await service.create(a.scope, formBody(request.body), { actor: actorOf(a), meta: metaOf(request) });
    return reply.status(201).send(created);
  });

  app.get('/api/connections', { preHandler: read }, async (request) => ({ connections: await service.list(authOf(request).scope) }));

  app.get('/api/connections/:id', { preHandler: read }, async (request) => ({ connection: await service.get(authOf(request).scope, idOf(request.params)) }));

  app.patch('/api/connections/:id', { preHandler: write }, async (request) => {
    const a = authOf(request);
    return service.update(a.scope, idOf(request.params), formBody(request.body), { actor: actorOf(a), meta: metaOf(request) });
  });

  app.delete('/api/connections/:id', { preHandler: write }, async (request) => {
    const a = authOf(request);
    await service.delete(a.scope, idOf(request.params), { actor: actorOf(a), meta: metaOf(request) });
    return { deleted: true };
  });

  app.get('/api/connections/:id/timeline', { preHandler: read }, async (request) => {
    const events = await service.timeline(authOf(request).scope, idOf(request.params));
    return {
      events: events.map((e) => ({ id: e.id, at: e.at, from: e.from_state, to: e.to_state, event: e.event, reason: e.reason, code: e.code })),
    };
  });

  /** Answered by the session that runs the connection, else by one connection of its own (sessions/connection-test.ts). */
  app.post('/api/connections/:id/test', { preHandler: write }, async (request) => {
    const row = await service.row(authOf(request).scope, idOf(request.params));
    return { result: await ctx.connectionTests.test({ id: row.id, settings: settingsOf(row), published: publishedStatusOf(row) }) };
  });
}
