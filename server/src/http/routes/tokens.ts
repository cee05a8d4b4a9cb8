// API tokens of the caller's workspace. Tokens of other workspaces do not exist from here (404).
// Every member manages their own tokens (a token acts with its creator's role); an owner may
// revoke anyone's.
import { z } from 'zod';
import { Forbidden, isId, NotFound } from '../../common/index.ts';
import { authOf } from '../auth.ts';
import { actorOf, metaOf, type Api, type AuthContext, type RouteContext } from '../context.ts';

const createBody = z.object({
  name: z.string({ error: 'name is required (a label such as "trading bot")' }).describe('A label that says what uses the token, e.g. "trading bot".'),
});

const byId = z.object({ id: z.string().describe('An API token id (tok_…).') });

const tags = ['API tokens'];

const token = z.object({
  id: z.string().describe('tok_…'),
  name: z.string(),
  prefix: z.string().describe('The public start of the token, enough to recognise it in a list.'),
  createdBy: z.string().describe('The user id of its creator, whose role it acts with.'),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
const oneToken = z.object({ token });

function tokenId(id: string): string {
  if (!isId(id, 'tok')) throw new NotFound('API token');
  return id;
}

function byOf(auth: AuthContext) {
  return { userId: auth.user.id, role: auth.role, actor: actorOf(auth) };
}

export function tokenRoutes(app: Api, ctx: RouteContext): void {
  app.post('/api/tokens', {
    config: { access: 'viewer' },
    schema: {
      summary: 'Creates an API token for the signed-in user; the secret is shown once',
      description: 'Sign in first (a token cannot create tokens). From a shell, `kairox token create --email you@example.com` does the same.',
      tags, body: createBody,
      response: { 201: z.object({ token, secret: z.string().describe('The bearer token itself, shown only in this answer.'), note: z.string() }) },
    },
  }, async (request, reply) => {
    const a = authOf(request);
    // A leaked token must not be able to mint itself successors.
    if (a.via === 'token') throw new Forbidden('API tokens cannot create API tokens; sign in to create one.');
    const created = await ctx.tokens.create(a.scope, byOf(a), request.body.name, metaOf(request));
    return reply.status(201).send({ token: created.token, secret: created.secret, note: 'Store the secret now: it is shown only once.' });
  });

  app.get('/api/tokens', {
    config: { access: 'viewer' },
    schema: { summary: 'The workspace’s API tokens (never their secrets)', tags, response: { 200: z.object({ tokens: z.array(token) }) } },
  }, async (request) => ({ tokens: await ctx.tokens.list(authOf(request).scope) }));

  app.get('/api/tokens/:id', {
    config: { access: 'viewer' },
    schema: { summary: 'One API token', tags, params: byId, response: { 200: oneToken } },
  }, async (request) => ({ token: await ctx.tokens.get(authOf(request).scope, tokenId(request.params.id)) }));

  app.delete('/api/tokens/:id', {
    config: { access: 'viewer' },
    schema: { summary: 'Revokes an API token: your own, or any as an owner', tags, params: byId, response: { 200: oneToken } },
  }, async (request) => {
    const a = authOf(request);
    return { token: await ctx.tokens.revoke(a.scope, byOf(a), tokenId(request.params.id), metaOf(request)) };
  });
}
