import type { Api, RouteContext } from '../context.ts';

export function healthRoutes(app: Api, ctx: RouteContext): void {
  app.get('/healthz', {
    schema: { summary: 'Liveness and the database: 200 when it answers, 503 when not', tags: ['Health'], security: [] },
  }, async (request, reply) => {
    try {
      await ctx.db.ping();
      return { status: 'ok', db: ctx.db.kind, version: ctx.version };
    } catch (error) {
      request.log.error({ err: error }, 'health check: database did not answer');
      return reply.status(503).send({ status: 'unavailable', db: ctx.db.kind, version: ctx.version, error: { code: 'DB_UNAVAILABLE', message: 'The database did not answer; see the server log.' } });
    }
  });
}
