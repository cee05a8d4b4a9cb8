// Headers every response carries. The CSP allows only same-origin resources, which is what the
// dashboard (served by us) needs, and forbids framing (clickjacking).
import type { FastifyInstance, FastifyReply } from 'fastify';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
});

/** Stamps the headers on a reply; also used by answers that bypass the hooks (framework errors). */
export function applySecurityHeaders(reply: FastifyReply, url: string): void {
  reply.headers(SECURITY_HEADERS);
  reply.removeHeader('x-powered-by');
  // API answers are per user and often secret (a new token): never cache them.
  if (url.startsWith('/api/')) reply.header('cache-control', 'no-store');
}

export function installSecurityHeaders(app: FastifyInstance): void {
  // A callback, not an async hook: it runs on every answer and never waits.
  app.addHook('onSend', (request, reply, payload, done) => {
    applySecurityHeaders(reply, request.url);
    done(null, payload);
  });
}
