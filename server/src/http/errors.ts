// The one error handler: every failure leaves as { error: { code, message } } with the status
// its code maps to, the security headers and the request id, whatever produced it: a route, a
// hook, the body parser, the router (a bad %-escape, an over-long path segment), the 404
// handler or shutdown. Unexpected errors are logged in full and answered without internals.
// No message quotes the URL back: it is attacker-chosen text.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { KairoxError, PayloadTooLarge, BadRequest, type ErrorCode } from '../common/index.ts';
import { applyRequestId } from './request-id.ts';
import { applySecurityHeaders } from './security-headers.ts';

export interface ErrorBody {
  error: { code: ErrorCode; message: string } & Record<string, unknown>;
}

/** Longest path parameter the router accepts; every Kairox id is far shorter. */
export const MAX_PARAM_LENGTH = 100;

/** Paths safe and short enough to name in a 404 message; anything else is not repeated. */
const PLAIN_PATH = /^\/[A-Za-z0-9._~/-]{0,200}$/;

export function toKairoxError(error: unknown, bodyLimit: number): KairoxError | undefined {
  if (error instanceof KairoxError) return error;
  const fe = error as Partial<FastifyError>;
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new PayloadTooLarge(bodyLimit);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new BadRequest('Send the request body as JSON (Content-Type: application/json).', 'UNSUPPORTED_MEDIA_TYPE');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new BadRequest('The request body is empty; send a JSON object.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new BadRequest('The request body is not valid JSON.');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new BadRequest('The request body is not as long as its Content-Length header says.');
    case 'FST_ERR_BAD_URL':
      return new BadRequest('The URL path has a %-escape that does not decode to UTF-8 text; percent-encode the path as UTF-8.');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new KairoxError('URI_TOO_LONG', 414, `A segment of the URL path is longer than ${MAX_PARAM_LENGTH} characters; no Kairox id is that long, so check the URL.`);
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    if (error instanceof SyntaxError) return new BadRequest('The request body is not valid JSON.');
    // Schema validation names the field; other framework messages may quote the request.
    const message = fe.code === 'FST_ERR_VALIDATION' && typeof fe.message === 'string' ? fe.message : 'The request could not be processed.';
    return new KairoxError('BAD_REQUEST', fe.statusCode, message);
  }
  return undefined;
}

function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply, bodyLimit: number): FastifyReply {
  applyRequestId(request, reply);
  const known = toKairoxError(error, bodyLimit);
  if (!known) {
    request.log.error({ err: error }, 'request failed');
    const body: ErrorBody = { error: { code: 'INTERNAL', message: `Something went wrong on our side; quote request id ${request.id} when reporting it.` } };
    return reply.status(500).send(body);
  }
  request.log.info({ code: known.code, status: known.status }, known.message);
  if (known.code === 'RATE_LIMITED' && typeof known.details?.retryAfterSeconds === 'number') reply.header('retry-after', String(known.details.retryAfterSeconds));
  const body: ErrorBody = { error: { code: known.code, message: known.message, ...(known.details ?? {}) } };
  return reply.status(known.status).send(body);
}

/**
 * For Fastify's `frameworkErrors` option: the router's own refusals (FST_ERR_BAD_URL,
 * FST_ERR_MAX_PARAM_LENGTH) happen before any hook, so the headers are stamped here.
 */
export function frameworkErrorHandler(bodyLimit: number) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    applySecurityHeaders(reply, request.url);
    sendError(error, request, reply, bodyLimit);
  };
}

/** Answers the GET of a path no route has, when it is a page of the dashboard (routes/dashboard.ts). */
export interface PageFallback {
  serves(path: string): boolean;
  send(reply: FastifyReply): Promise<FastifyReply>;
}

export function installErrorHandlers(app: FastifyInstance, bodyLimit: number, pages?: PageFallback): void {
  app.setErrorHandler((error, request, reply) => sendError(error, request, reply, bodyLimit));

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (pages && (request.method === 'GET' || request.method === 'HEAD') && pages.serves(path)) return pages.send(reply);
    const what = PLAIN_PATH.test(path) ? `No route for ${request.method} ${path}` : `No route matches this ${request.method} request`;
    const body: ErrorBody = { error: { code: 'NOT_FOUND', message: `${what}; see the API reference at /api/docs.` } };
    return reply.status(404).send(body);
  });

  // Fastify's own 503 while closing (return503OnClosing) is written raw, without hooks; this
  // refusal replaces it so the answer has the error shape and headers too.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  // A callback, not an async hook: it runs on every request and never waits.
  app.addHook('onRequest', (_request, _reply, done) => {
    if (closing) done(new KairoxError('SERVICE_UNAVAILABLE', 503, 'Kairox is shutting down; retry in a moment.'));
    else done();
  });
}
