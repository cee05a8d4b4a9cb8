// Scenario: sign-in refuses a wrong password and an unknown e-mail with the same answer, so the
// response never tells whether an account exists; a good sign-in rotates the session.
import { afterEach, expect, it } from 'vitest';
import { ManualClock } from '../../src/common/index.ts';
import type { Kairox } from '../../src/main.ts';
import { describeEachEngine } from '../support/engines.ts';
import { OWNER, sessionCookieOf, setUp, startKairox } from '../support/kairox.ts';

describeEachEngine('sign-in', (engine) => {
  let kairox: Kairox | undefined;
  afterEach(async () => {
    await kairox?.close();
    kairox = undefined;
  });

  const login = (k: Kairox, payload: object, headers: Record<string, string> = {}) => k.app.inject({ method: 'POST', url: '/api/auth/login', payload, headers });

  it('answers a wrong password and an unknown user identically', async () => {
    kairox = await startKairox(engine);
    await setUp(kairox);
    const wrongPassword = await login(kairox, { email: OWNER.email, password: 'not the password at all' });
    const unknownUser = await login(kairox, { email: 'nobody@example.test', password: 'not the password at all' });
    const emptyPassword = await login(kairox, { email: OWNER.email, password: '' });
    for (const r of [wrongPassword, unknownUser, emptyPassword]) {
      expect(r.statusCode).toBe(401);
      expect(r.json()).toEqual({ error: { code: 'INVALID_CREDENTIALS', message: 'E-mail or password is incorrect.' } });
      expect(r.cookies).toEqual([]);
    }
    const sameHeaders = (r: typeof wrongPassword) => Object.keys(r.headers).filter((h) => !['date', 'x-request-id'].includes(h)).sort();
    expect(sameHeaders(wrongPassword)).toEqual(sameHeaders(unknownUser));
  });

  it('signs in with the right password, case-insensitively on the e-mail, and records both outcomes', async () => {
    kairox = await startKairox(engine);
    const owner = await setUp(kairox);
    await login(kairox, { email: OWNER.email, password: 'wrong wrong wrong' });
    const ok = await login(kairox, { email: 'ADA@example.test', password: OWNER.password });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ user: { email: OWNER.email }, workspace: { role: 'owner' }, csrfToken: expect.any(String) });

    const trail = await owner.request({ url: '/api/audit' });
    const actions = (trail.json() as { events: { action: string; data: Record<string, unknown> }[] }).events.map((e) => e.action);
    expect(actions).toEqual(['auth.login_succeeded', 'auth.login_failed', 'setup.completed']);
    const failed = (trail.json() as { events: { action: string; data: Record<string, unknown> }[] }).events[1];
    expect(failed?.data).toMatchObject({ reason: 'wrong_password' });
    expect(JSON.stringify(trail.json())).not.toContain('wrong wrong wrong');
  });

  it('gives a new session id at sign-in and ends the one the browser had', async () => {
    kairox = await startKairox(engine);
    const owner = await setUp(kairox);
    const again = await login(kairox, OWNER, { cookie: owner.cookie });
    const newCookie = sessionCookieOf(again);
    expect(newCookie).not.toBe(owner.cookie);
    expect((await kairox.app.inject({ url: '/api/me', headers: { cookie: owner.cookie } })).statusCode).toBe(401);
    expect((await kairox.app.inject({ url: '/api/me', headers: { cookie: newCookie } })).statusCode).toBe(200);
  });

  it('signs out: the session stops working and the cookie is cleared', async () => {
    kairox = await startKairox(engine);
    const owner = await setUp(kairox);
    const out = await owner.request({ method: 'POST', url: '/api/auth/logout' });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'kx_session')?.value).toBe('');
    expect((await owner.request({ url: '/api/me' })).statusCode).toBe(401);
    const relogged = await login(kairox, OWNER);
    const trail = await kairox.app.inject({ url: '/api/audit?limit=2', headers: { cookie: sessionCookieOf(relogged) } });
    expect((trail.json() as { events: { action: string }[] }).events.map((e) => e.action)).toEqual(['auth.login_succeeded', 'auth.logout']);
  });

  it('ends a session when it expires', async () => {
    const clock = new ManualClock(Date.now());
    kairox = await startKairox(engine, { KAIROX_SESSION_TTL_HOURS: '2' }, { clock });
    const owner = await setUp(kairox);
    clock.advance(2 * 3_600_000 - 1);
    expect((await owner.request({ url: '/api/me' })).statusCode).toBe(200);
    clock.advance(1);
    expect((await owner.request({ url: '/api/me' })).json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
  });
});
