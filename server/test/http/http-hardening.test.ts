// The edges of the HTTP server that do not depend on the storage engine: body limit, security
// headers, request ids, the error shape, the dashboard placeholder, log hygiene.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/common/index.ts';
import type { Kairox } from '../../src/main.ts';
import { loadConfig } from '../../src/common/config.ts';
import { createKairox } from '../../src/main.ts';
import { OWNER, setUp } from '../support/kairox.ts';

const dirs: string[] = [];
let kairox: Kairox | undefined;
afterEach(async () => {
  await kairox?.close();
  kairox = undefined;
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kairox-http-'));
  dirs.push(dir);
  return dir;
}

async function start(env: Record<string, string> = {}, options: Parameters<typeof createKairox>[1] = {}): Promise<Kairox> {
  kairox = await createKairox(loadConfig({ KAIROX_LOG_LEVEL: 'silent', KAIROX_DATA_DIR: tempDir(), ...env }), options);
  return kairox;
}

describe('HTTP hardening', () => {
  it('refuses a body over 64 KiB with 413 in the error shape', async () => {
    const k = await start();
    const response = await k.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'a@b.c', password: 'x'.repeat(70 * 1024) } });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toEqual({ error: { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is larger than the 64 KiB limit.' } });
  });

  it('sends security headers and no X-Powered-By', async () => {
    const k = await start();
    for (const url of ['/', '/healthz', '/api/me', '/nowhere']) {
      const { headers } = await k.app.inject({ url });
      expect(headers['content-security-policy'], url).toContain("frame-ancestors 'none'");
      expect(headers['content-security-policy'], url).toContain("default-src 'self'");
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['x-frame-options']).toBe('DENY');
      expect(headers['referrer-policy']).toBe('no-referrer');
      expect(headers['x-powered-by']).toBeUndefined();
    }
    expect((await k.app.inject({ url: '/api/me' })).headers['cache-control']).toBe('no-store');
  });

  it('echoes a sane x-request-id and makes one otherwise', async () => {
    const k = await start();
    expect((await k.app.inject({ url: '/healthz', headers: { 'x-request-id': 'trace-123.a' } })).headers['x-request-id']).toBe('trace-123.a');
    const made = (await k.app.inject({ url: '/healthz', headers: { 'x-request-id': 'bad id\nwith newline' } })).headers['x-request-id'];
    expect(made).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown routes, bad JSON and missing auth in the one error shape', async () => {
    const k = await start();
    expect((await k.app.inject({ url: '/api/nothing-here' })).json()).toEqual({ error: { code: 'NOT_FOUND', message: 'No route for GET /api/nothing-here; see the API reference at /api/docs.' } });
    const badJson = await k.app.inject({ method: 'POST', url: '/api/setup', headers: { 'content-type': 'application/json' }, payload: '{"email":' });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json()).toEqual({ error: { code: 'BAD_REQUEST', message: 'The request body is not valid JSON.' } });
    expect((await k.app.inject({ url: '/api/me' })).json()).toEqual({ error: { code: 'UNAUTHORIZED', message: expect.stringContaining('Bearer') } });
    const badQuery = await k.app.inject({ url: '/api/audit?limit=5000' });
    expect(badQuery.statusCode).toBe(401); // auth comes before validation: nothing leaks to strangers
  });

  it('serves the dashboard page, or a placeholder titled Kairox', async () => {
    const k = await start({}, { dashboardDir: path.join(tempDir(), 'not-built') });
    const placeholder = await k.app.inject({ url: '/' });
    expect(placeholder.statusCode).toBe(200);
    expect(placeholder.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(placeholder.body).toContain('<title>Kairox</title>');
    expect(placeholder.body).toContain('npm start');
    await k.close();

    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Kairox</title><div id="root">dashboard</div>');
    fs.writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    const k2 = await start({}, { dashboardDir: dir });
    expect((await k2.app.inject({ url: '/' })).body).toContain('dashboard');
    // A screen's own address (a reload, a shared link) gets the same page; the router draws the screen.
    const screen = await k2.app.inject({ url: '/connections/con_1?tab=timeline' });
    expect(screen.statusCode).toBe(200);
    expect(screen.body).toContain('dashboard');
    expect(screen.headers['cache-control']).toBe('no-cache');
    const asset = await k2.app.inject({ url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await k2.app.inject({ url: '/assets/missing.js' })).statusCode).toBe(404);
    // The API and the alert doors never fall back to the page: an unknown path stays the JSON 404.
    for (const url of ['/api/nothing-here', '/hooks/x/y', '/healthz/more', '/api']) {
      const answer = await k2.app.inject({ url });
      expect(answer.statusCode, url).toBe(404);
      expect(answer.json(), url).toMatchObject({ error: { code: 'NOT_FOUND' } });
    }
  });

  it('marks the session cookie Secure with the __Host- prefix when secure cookies are on', async () => {
    const k = await start({ KAIROX_SECURE_COOKIES: 'true' });
    const owner = await setUp(k);
    expect(owner.cookie.startsWith('__Host-kx_session=')).toBe(true);
    const response = await k.app.inject({ method: 'POST', url: '/api/auth/login', payload: OWNER });
    expect(response.cookies[0]).toMatchObject({ name: '__Host-kx_session', secure: true, httpOnly: true, sameSite: 'Strict', path: '/' });
    expect((await owner.request({ url: '/api/me' })).statusCode).toBe(200);
  });

  it('never writes passwords, tokens, cookies or CSRF tokens to the log', async () => {
    const lines: string[] = [];
    const destination = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    const k = await start({}, { logger: createLogger({ level: 'trace', destination }) });
    const owner = await setUp(k);
    await k.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: OWNER.email, password: 'wrong password here' } });
    const { secret } = (await owner.request({ method: 'POST', url: '/api/tokens', payload: { name: 'bot' } })).json() as { secret: string };
    await k.app.inject({ url: '/api/me', headers: { authorization: `Bearer ${secret}` } });
    await k.app.inject({ url: '/api/nothing?token=abc', headers: { cookie: owner.cookie } });
    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(5);
    expect(log).toContain('"requestId"');
    for (const secretText of [OWNER.password, 'wrong password here', secret, owner.cookie.split('=')[1]!, owner.csrfToken]) {
      expect(log).not.toContain(secretText);
    }
  });
});
