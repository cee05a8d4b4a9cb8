// First-run set-up, sign-in, sign-out, and who am I.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { checkPassword, registerOwner } from '../../accounts/index.ts';
import { accountsStore, forWorkspace } from '../../db/index.ts';
import { BadRequest } from '../../common/index.ts';
import { authOf } from '../auth.ts';
import { clearSessionCookie, setSessionCookie } from '../cookies.ts';
import { loginThrottle } from '../login-throttle.ts';
import { actorOf, metaOf, type Api, type RouteContext } from '../context.ts';

const setupBody = z.object({
  email: z.string({ error: 'email is required' }).describe('The owner’s e-mail address, used to sign in.'),
  password: z.string({ error: 'password is required' }).describe('At least 12 characters.'),
  name: z.string({ error: 'name must be text' }).optional().describe('Display name.'),
  workspaceName: z.string({ error: 'workspaceName must be text' }).optional().describe('Name of the workspace (default: "<name>\'s workspace").'),
});

const loginBody = z.object({
  email: z.string({ error: 'email is required' }).max(320, 'email is too long'),
  password: z.string({ error: 'password is required' }).max(4096, 'password is too long'),
});

const tags = ['Set-up and sign-in'];

const userAnswer = z.object({
  id: z.string().describe('usr_…'),
  email: z.string(),
  name: z.string().nullable(),
});
const workspaceAnswer = z.object({
  id: z.string().describe('ws_…'),
  name: z.string(),
  role: z.enum(['owner', 'trader', 'viewer']).describe('The signed-in user\'s role here: a viewer reads, a trader also trades and changes connections, an owner also manages members.'),
});
const signedInAnswer = z.object({
  user: userAnswer,
  workspace: workspaceAnswer,
  csrfToken: z.string().describe('Send it as x-csrf-token on every cookie-authenticated write.'),
});
const meAnswer = z.object({
  user: userAnswer,
  workspace: workspaceAnswer,
  authenticatedWith: z.enum(['session', 'token']),
  csrfToken: z.string().nullable().describe('For cookie sessions; null for an API token (bearer requests need none).'),
});

export function sessionRoutes(app: Api, ctx: RouteContext): void {
  const { db, clock, hasher, audit, logger } = ctx;

  /** Signs the user in to a workspace: a fresh session id (any previous one is dropped). */
  async function startSession(request: FastifyRequest, reply: FastifyReply, userId: string, workspaceId: string): Promise<string> {
    const previous = request.cookies[ctx.cookies.name];
    if (previous !== undefined) await ctx.sessions.destroyById(previous);
    const session = await ctx.sessions.create(userId, workspaceId);
    setSessionCookie(reply, ctx.cookies, session.sessionId, session.expiresAt);
    return session.csrfToken;
  }

  app.get('/api/setup', {
    config: { access: 'public' },
    schema: { summary: 'Whether first-run set-up is still needed (no user exists yet)', tags, response: { 200: z.object({ needed: z.boolean() }) } },
  }, async () => ({ needed: (await accountsStore.countUsers(db.kysely)) === 0 }));

  app.post('/api/setup', {
    config: { access: 'public' },
    schema: {
      summary: 'First-run set-up: creates the owner and their workspace and signs them in; only while no user exists',
      description: 'From a shell on the server, `kairox user add --email you@example.com` (password on standard input) does the same.',
      tags, body: setupBody, response: { 201: signedInAnswer },
    },
  }, async (request, reply) => {
    const body = request.body;
    const owner = await registerOwner({ db, clock, hasher, audit, logger }, body, 'first-run', metaOf(request));
    const csrfToken = await startSession(request, reply, owner.user.id, owner.workspace.id);
    return reply.status(201).send({ user: owner.user, workspace: { ...owner.workspace, role: 'owner' }, csrfToken });
  });

  // Per e-mail and address, per address, and a slower per e-mail ceiling (login-throttle.ts).
  const throttle = loginThrottle(app, ctx.config.loginRateLimitPerMinute);

  app.post('/api/auth/login', {
    config: { access: 'public' },
    schema: { summary: 'Signs in with e-mail and password: sets the session cookie and returns the CSRF token for writes', tags, body: loginBody, response: { 200: signedInAnswer } },
    preHandler: throttle,
  }, async (request, reply) => {
    const body = request.body;
    const signedIn = await checkPassword({ db, clock, hasher, audit, logger }, body.email, body.password, metaOf(request));
    const csrfToken = await startSession(request, reply, signedIn.user.id, signedIn.workspace.id);
    return { user: signedIn.user, workspace: signedIn.workspace, csrfToken };
  });

  app.post('/api/auth/logout', {
    config: { access: 'viewer' },
    schema: { summary: 'Signs out: ends the session of the cookie (API tokens are revoked instead)', tags },
  }, async (request, reply) => {
    const auth = authOf(request);
    if (auth.via !== 'session') throw new BadRequest('API tokens do not sign out; revoke the token with DELETE /api/tokens/:id instead.');
    await ctx.sessions.destroy(auth.sessionIdHash);
    await audit.append(forWorkspace(db, auth.workspace.id), {
      action: 'auth.logout', actor: actorOf(auth), target: { type: 'user', id: auth.user.id }, requestId: request.id, data: { ip: request.ip },
    });
    clearSessionCookie(reply, ctx.cookies);
    return reply.status(204).send();
  });

  app.get('/api/me', {
    config: { access: 'viewer' },
    schema: { summary: 'Who is signed in, in which workspace, with which role; the CSRF token for cookie writes', tags, response: { 200: meAnswer } },
  }, async (request) => {
    const auth = authOf(request);
    return {
      user: auth.user,
      workspace: { ...auth.workspace, role: auth.role },
      authenticatedWith: auth.via,
      csrfToken: auth.via === 'session' ? auth.csrfToken : null,
    };
  });
}
