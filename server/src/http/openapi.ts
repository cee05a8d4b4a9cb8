// The API's OpenAPI 3.1 document, generated from the zod schemas the routes validate with (through
// @fastify/swagger and fastify-type-provider-zod's transform), so a route is documented by being
// registered. Served as JSON at /api/openapi.json and as a readable page at /api/docs.
import fastifySwagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import type { OpenAPIV3_1 } from 'openapi-types';
import { REFERENCE_CSS, renderReference } from './api-reference.ts';
import type { Api, RouteContext } from './context.ts';

const DESCRIPTION = `Kairox connects an Interactive Brokers account (TWS or IB Gateway) to an automated trading cockpit.

Authentication: programs send an API token as "Authorization: Bearer kx_…" (create one with \`kairox token create --email you@example.com\`, or POST /api/tokens while signed in). The dashboard signs in with POST /api/auth/login, which sets a session cookie; its writes must also carry the x-csrf-token header from GET /api/me.

Roles in a workspace: a viewer reads; a trader also trades and changes connection settings; an owner also manages members.

Every error is answered as {"error": {"code", "message", "field"?}}: the code is stable, the message says what to fix, field names the request field at fault.`;

/** Registers the generator; must run before the routes so that every route is collected. */
export async function registerOpenApi(app: FastifyInstance, ctx: RouteContext): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Kairox API', version: ctx.version, description: DESCRIPTION },
      components: {
        securitySchemes: {
          apiToken: { type: 'http', scheme: 'bearer', description: 'An API token: kairox token create, or POST /api/tokens.' },
          sessionCookie: { type: 'apiKey', in: 'cookie', name: ctx.cookies.name, description: 'The dashboard session from POST /api/auth/login; writes also need the x-csrf-token header.' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
}

/** The two routes that publish the document; registered with the others. */
export function openApiRoutes(app: Api): void {
  const document = () => app.swagger() as OpenAPIV3_1.Document;
  let page: string | undefined;

  app.get('/api/openapi.json', {
    config: { access: 'public' },
    schema: { summary: 'This API as an OpenAPI 3.1 document', tags: ['Reference'] },
  }, async () => document());

  app.get('/api/docs', {
    config: { access: 'public' },
    schema: { summary: 'This API as a readable reference page (HTML)', tags: ['Reference'] },
  }, async (_request, reply) => reply.type('text/html; charset=utf-8').send((page ??= renderReference(document()))));

  app.get('/api/docs.css', {
    config: { access: 'public' },
    schema: { summary: 'The stylesheet of the reference page', tags: ['Reference'] },
  }, async (_request, reply) => reply.type('text/css; charset=utf-8').send(REFERENCE_CSS));
}
