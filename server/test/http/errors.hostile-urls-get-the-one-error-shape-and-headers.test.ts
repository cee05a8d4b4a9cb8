// Scenario: whatever refuses a request — the router (a bad %-escape, an over-long path segment),
// the 404 handler, the body parser, Node's HTTP parser, or a server that is shutting down — the
// answer is { error: { code, message } } with the security headers and the request id, and it
// never quotes the hostile URL back.
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/common/config.ts';
import { createKairox, type Kairox } from '../../src/main.ts';

const dirs: string[] = [];
const servers: http.Server[] = [];
let kairox: Kairox | undefined;
afterEach(async () => {
  await kairox?.close();
  kairox = undefined;
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function start(): Promise<Kairox> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kairox-http-'));
  dirs.push(dir);
  kairox = await createKairox(loadConfig({ KAIROX_LOG_LEVEL: 'silent', KAIROX_DATA_DIR: dir }));
  return kairox;
}

interface Answer {
  status: number;
  headers: Record<string, unknown>;
  body: string;
}

/** The answer has the one error shape, the security headers and a request id, and repeats none of `hostile`. */
function expectOneErrorShape(answer: Answer, status: number, code: string, hostile: string[], requestId: string | RegExp, api = true): void {
  const context = `${status} ${code}: ${answer.body.slice(0, 300)}`;
  expect(answer.status, context).toBe(status);
  const body = JSON.parse(answer.body) as { error: { code: string; message: string } };
  expect(Object.keys(body), context).toEqual(['error']);
  expect(Object.keys(body.error).sort(), context).toEqual(['code', 'message']);
  expect(body.error.code, context).toBe(code);
  expect(body.error.message.length, context).toBeGreaterThan(10);
  expect(answer.headers['content-type'], context).toMatch(/^application\/json/);
  expect(answer.headers['content-security-policy'], context).toContain("frame-ancestors 'none'");
  expect(answer.headers['x-content-type-options'], context).toBe('nosniff');
  expect(answer.headers['x-frame-options'], context).toBe('DENY');
  expect(answer.headers['referrer-policy'], context).toBe('no-referrer');
  expect(answer.headers['cross-origin-opener-policy'], context).toBe('same-origin');
  expect(answer.headers['x-powered-by'], context).toBeUndefined();
  if (api) expect(answer.headers['cache-control'], context).toBe('no-store');
  if (typeof requestId === 'string') expect(answer.headers['x-request-id'], context).toBe(requestId);
  else expect(answer.headers['x-request-id'], context).toMatch(requestId);
  for (const fragment of hostile) expect(answer.body.toLowerCase(), `${context} repeats ${fragment.slice(0, 40)}`).not.toContain(fragment.toLowerCase());
}

const LONG_ID = 'a'.repeat(101);

/** [what, method, url, status, code, fragments of the URL that must not come back] */
const HOSTILE_URLS: [string, 'GET' | 'DELETE', string, number, string, string[]][] = [
  ['a path parameter over 100 characters', 'GET', `/api/connections/${LONG_ID}`, 414, 'URI_TOO_LONG', [LONG_ID.slice(0, 20), '/api/connections']],
  ['a %-escape that is not UTF-8', 'GET', '/api/audit/aud_%ff', 400, 'BAD_REQUEST', ['aud_', '%ff', '/api/audit']],
  ['a lone %', 'DELETE', '/api/tokens/%', 400, 'BAD_REQUEST', ['/api/tokens']],
  ['a truncated UTF-8 sequence', 'GET', '/api/connections/%E0%A4%A', 400, 'BAD_REQUEST', ['%e0', '/api/connections']],
  ['markup in an unknown path', 'GET', '/api/%3Cscript%3Ealert(1)%3C%2Fscript%3E', 404, 'NOT_FOUND', ['script', 'alert', '%3c']],
  ['a very long unknown path', 'GET', `/api/${'x'.repeat(5000)}`, 404, 'NOT_FOUND', ['xxxxxxxxxx']],
  ['a query string on an unknown path', 'GET', '/api/nowhere?token=kx_secret_value', 404, 'NOT_FOUND', ['kx_secret_value', 'token=']],
];

describe('every refusal has the one error shape, the security headers and the request id', () => {
  it.each(HOSTILE_URLS)('%s', async (_what, method, url, status, code, hostile) => {
    const k = await start();
    const response = await k.app.inject({ method, url, headers: { 'x-request-id': 'probe-42' } });
    expectOneErrorShape({ status: response.statusCode, headers: response.headers, body: response.body }, status, code, hostile, 'probe-42');
  });

  it('a bad %-escape outside /api gets the headers too (no cache rule there)', async () => {
    const k = await start();
    const response = await k.app.inject({ url: '/%ff%fe' });
    expectOneErrorShape({ status: response.statusCode, headers: response.headers, body: response.body }, 400, 'BAD_REQUEST', ['%ff'], /^[0-9a-f-]{36}$/, false);
  });

  it('body and content-type refusals', async () => {
    const k = await start();
    const xml = await k.app.inject({ method: 'POST', url: '/api/setup', headers: { 'content-type': 'application/xml', 'x-request-id': 'xml-1' }, payload: '<a/>' });
    expectOneErrorShape({ status: xml.statusCode, headers: xml.headers, body: xml.body }, 415, 'UNSUPPORTED_MEDIA_TYPE', ['<a/>'], 'xml-1');
    const broken = await k.app.inject({ method: 'POST', url: '/api/setup', headers: { 'content-type': 'application/json', 'x-request-id': 'json-1' }, payload: '{"email":' });
    expectOneErrorShape({ status: broken.statusCode, headers: broken.headers, body: broken.body }, 400, 'BAD_REQUEST', ['"email":'], 'json-1');
  });

  it('requests Node’s HTTP parser refuses (URL over 16 KiB, not HTTP at all)', async () => {
    const k = await start();
    await k.app.listen({ host: '127.0.0.1', port: 0 });
    const port = (k.app.server.address() as net.AddressInfo).port;
    const huge = `/api/connections/${'b'.repeat(20_000)}`;
    expectOneErrorShape(await rawExchange(port, `GET ${huge} HTTP/1.1\r\nHost: x\r\n\r\n`), 431, 'HEADERS_TOO_LARGE', ['bbbbbbbbbb'], /^[0-9a-f-]{36}$/);
    expectOneErrorShape(await rawExchange(port, 'NOT-HTTP <script>\r\n\r\n'), 400, 'BAD_REQUEST', ['script'], /^[0-9a-f-]{36}$/);
  });

  it('a request that arrives while Kairox shuts down gets 503 in the same shape', async () => {
    const k = await start();
    await k.close();
    kairox = undefined;
    // The closed app still routes what reaches it (a connection that was already open).
    const late = http.createServer((req, res) => k.app.routing(req, res));
    servers.push(late);
    await new Promise<void>((r) => late.listen(0, '127.0.0.1', r));
    const response = await fetch(`http://127.0.0.1:${(late.address() as net.AddressInfo).port}/api/me`, { headers: { 'x-request-id': 'late-1' } });
    expectOneErrorShape({ status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() }, 503, 'SERVICE_UNAVAILABLE', [], 'late-1');
  });
});

/** Writes raw bytes to the server and reads the answer until it closes the connection. */
async function rawExchange(port: number, request: string): Promise<Answer> {
  const raw = await new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(port, '127.0.0.1', () => socket.write(request));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', (error) => (chunks.length > 0 ? resolve(Buffer.concat(chunks).toString('utf8')) : reject(error)));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
  const [head = '', body = ''] = raw.split('\r\n\r\n', 2);
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body };
}
