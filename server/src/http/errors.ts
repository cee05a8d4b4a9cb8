// The one error handler: every failure leaves as { error: { code, message } } with the status
// its code maps to. Unexpected errors are logged in full and answered without internals.
import type { FastifyError, FastifyInstance } from 'fastify';
import { KairoxError, PayloadTooLarge, BadRequest, type ErrorCode } from '../common/index.ts';

export interface ErrorBody {
  error: { code: ErrorCode; message: string } & Record<string, unknown>;
}

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
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    if (error instanceof SyntaxError) return new BadRequest('The request body is not valid JSON.');
    return new KairoxError('BAD_REQUEST', fe.statusCode, typeof fe.message === 'string' ? fe.message : 'The request could not be processed.');
  }
  return undefined;
}

export function installErrorHandlers(app: FastifyInstance, bodyLimit: number): void {
  app.setErrorHandler((error, request, reply) => {
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
  });

  app.setNotFoundHandler((request, reply) => {
    const body: ErrorBody = { error: { code: 'NOT_FOUND', message: `No route for ${request.method} ${request.url.split('?')[0]}; see the API documentation.` } };
    return reply.status(404).send(body);
  });
}
