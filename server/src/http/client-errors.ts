// Answers for requests Node's HTTP parser refuses before Fastify sees them (a malformed request
// line, a URL plus headers over 16 KiB, a request that never finishes arriving): the same error
// shape and security headers as every other answer, with a fresh request id.
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { ErrorBody } from './errors.ts';
import { REQUEST_ID_HEADER } from './request-id.ts';
import { SECURITY_HEADERS } from './security-headers.ts';

function refusalFor(nodeCode: string): { status: number; error: ErrorBody['error'] } {
  switch (nodeCode) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, error: { code: 'REQUEST_TIMEOUT', message: 'The request did not arrive in time; send it again.' } };
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, error: { code: 'HEADERS_TOO_LARGE', message: 'The URL and headers together are larger than 16 KiB; shorten them.' } };
    default:
      return { status: 400, error: { code: 'BAD_REQUEST', message: 'The request is not valid HTTP/1.1.' } };
  }
}

/** For Fastify's `clientErrorHandler` option (`this` is the Fastify instance). */
export function answerClientError(this: FastifyInstance, error: Error & { code?: string }, socket: Socket): void {
  // A reset connection has no one left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, error: body } = refusalFor(error.code ?? '');
  const payload = JSON.stringify({ error: body } satisfies ErrorBody);
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(payload)),
    connection: 'close',
    [REQUEST_ID_HEADER]: randomUUID(),
    ...SECURITY_HEADERS,
    'cache-control': 'no-store',
  };
  this.log.info({ code: body.code, status, parserCode: error.code }, body.message);
  if (socket.writable) {
    const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n${head}\r\n${payload}`);
  }
  socket.destroy(error);
}
