// The session cookie: HTTP-only, SameSite=Strict, and Secure (with the __Host- prefix, which
// pins it to this host and path /) unless Kairox listens on loopback over plain HTTP.
import type { FastifyReply } from 'fastify';
import type { Config } from '../common/index.ts';

export interface CookiePolicy {
  name: string;
  secure: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '[::1]']);

export function cookiePolicy(config: Pick<Config, 'secureCookies' | 'http'>): CookiePolicy {
  const secure = config.secureCookies === 'true' || (config.secureCookies === 'auto' && !LOOPBACK.has(config.http.host) && !config.http.host.startsWith('127.'));
  return { name: secure ? '__Host-kx_session' : 'kx_session', secure };
}

export function setSessionCookie(reply: FastifyReply, policy: CookiePolicy, sessionId: string, expiresAt: number): void {
  reply.setCookie(policy.name, sessionId, { httpOnly: true, sameSite: 'strict', secure: policy.secure, path: '/', expires: new Date(expiresAt) });
}

export function clearSessionCookie(reply: FastifyReply, policy: CookiePolicy): void {
  reply.clearCookie(policy.name, { httpOnly: true, sameSite: 'strict', secure: policy.secure, path: '/' });
}
