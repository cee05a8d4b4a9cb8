// Authentication for /api routes: a bearer API token (programs) or the session cookie
// (the dashboard). Cookie-authenticated writes must also carry x-csrf-token; bearer requests
// are exempt because a browser never attaches an Authorization header on its own.
import type { FastifyReply, FastifyRequest, preValidationAsyncHookHandler } from 'fastify';
import { SessionStore } from '../accounts/index.ts';
import { Forbidden, Unauthorized } from '../common/index.ts';
import type { MembershipRole } from '../db/index.ts';
import { hasRole, resolveAccess } from '../workspaces/index.ts';
import { clearSessionCookie } from './cookies.ts';
import type { AuthContext, RouteContext } from './context.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** RFC 6750: the scheme, spaces, one token. Anything after the token is refused, not ignored. */
const BEARER = /^Bearer +(\S+) *$/i;

async function authenticate(ctx: RouteContext, request: FastifyRequest, reply: FastifyReply): Promise<AuthContext> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const token = BEARER.exec(header)?.[1];
    if (token === undefined) throw new Unauthorized('Send the API token as "Authorization: Bearer kx_..." (the word Bearer, a space, the token, and nothing after it).');
    const principal = await ctx.tokens.authenticate(token);
    const access = principal && (await resolveAccess(ctx.db, principal.userId, principal.workspaceId));
    if (!principal || !access) throw new Unauthorized('This API token is not valid (unknown, revoked, or its user left the workspace).');
    return { ...access, via: 'token', tokenId: principal.tokenId };
  }

  const sessionId = request.cookies[ctx.cookies.name];
  if (sessionId === undefined) throw new Unauthorized();
  const session = await ctx.sessions.resolve(sessionId);
  const access = session && (await resolveAccess(ctx.db, session.userId, session.workspaceId));
  if (!session || !access) {
    clearSessionCookie(reply, ctx.cookies);
    throw new Unauthorized('Your session has ended; sign in again.');
  }
  if (!SAFE_METHODS.has(request.method)) {
    const presented = request.headers['x-csrf-token'];
    if (!SessionStore.csrfMatches(session, typeof presented === 'string' ? presented : undefined)) {
      throw new Forbidden('Missing or wrong x-csrf-token header; use the csrfToken from GET /api/me.', 'CSRF_TOKEN_INVALID');
    }
  }
  return { ...access, via: 'session', sessionIdHash: session.idHash, csrfToken: session.csrfToken };
}

/**
 * Hook that requires a signed-in user with at least `role` in the workspace. Routes do not call
 * it themselves: they declare `config: { access }` and route-access.ts installs it.
 */
export function requireAuth(ctx: RouteContext, role: MembershipRole = 'viewer'): preValidationAsyncHookHandler {
  return async (request, reply) => {
    const auth = await authenticate(ctx, request, reply);
    if (!hasRole(auth.role, role)) {
      throw new Forbidden(`This needs the ${role} role in workspace "${auth.workspace.name}"; you are ${auth.role}. A workspace owner can change your role.`);
    }
    request.auth = auth;
  };
}

/** The principal set by requireAuth; a route without it is a programming error. */
export function authOf(request: FastifyRequest): AuthContext {
  if (!request.auth) throw new Error(`route ${request.routeOptions.url} used authOf() without requireAuth()`);
  return request.auth;
}
