// Scenario: an address guessing passwords is throttled, but it cannot lock the account's owner
// out: the right password from another address still signs in, however long the guesser keeps
// trying. Only an attack spread over many addresses reaches the account's slower hourly ceiling.
// With KAIROX_LOGIN_RATE_LIMIT=3: per e-mail and address 3 a minute and 9 an hour, per address
// 15 a minute, per e-mail 30 an hour (docs/security.md).
import { afterEach, expect, it, vi } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { Kairox } from '../../src/main.ts';
import { describeEachEngine } from '../support/engines.ts';
import { OWNER, setUp, startKairox } from '../support/kairox.ts';

const WRONG = 'a wrong password guess';

describeEachEngine('sign-in throttling', (engine) => {
  let kairox: Kairox | undefined;
  afterEach(async () => {
    vi.useRealTimers();
    await kairox?.close();
    kairox = undefined;
  });

  async function start(): Promise<Kairox> {
    kairox = await startKairox(engine, { KAIROX_LOGIN_RATE_LIMIT: '3' });
    await setUp(kairox);
    return kairox;
  }

  const attempt = (k: Kairox, email: string, password: string, ip: string) =>
    k.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress: ip });

  function expectThrottled(response: LightMyRequestResponse): void {
    expect(response.statusCode).toBe(429);
    expect(response.json()).toEqual({ error: { code: 'RATE_LIMITED', message: expect.stringMatching(/try again in \d+ s/), retryAfterSeconds: expect.any(Number) } });
    expect(response.headers['retry-after']).toMatch(/^\d+$/);
  }

  it('throttles the guessing address: per e-mail, across e-mails, and per IPv6 /64', async () => {
    const k = await start();
    for (let i = 0; i < 3; i++) expect((await attempt(k, OWNER.email, WRONG, '10.0.0.66')).statusCode).toBe(401);
    expectThrottled(await attempt(k, ` ${OWNER.email.toUpperCase()}`, WRONG, '10.0.0.66'));
    expectThrottled(await attempt(k, OWNER.email, OWNER.password, '10.0.0.66'));

    for (let i = 0; i < 15; i++) expect((await attempt(k, `user${i}@example.test`, WRONG, '10.0.0.67')).statusCode).toBe(401);
    expectThrottled(await attempt(k, 'user99@example.test', WRONG, '10.0.0.67'));

    for (let i = 0; i < 3; i++) expect((await attempt(k, OWNER.email, WRONG, '2001:db8:1:2::1')).statusCode).toBe(401);
    expectThrottled(await attempt(k, OWNER.email, WRONG, '2001:db8:1:2:ffff:ffff:ffff:beef'));
    expect((await attempt(k, OWNER.email, WRONG, '2001:db8:1:3::1')).statusCode).toBe(401);
  });

  it('the owner still signs in from another address while one address keeps guessing', async () => {
    const k = await start();
    for (let i = 0; i < 3; i++) expect((await attempt(k, OWNER.email, WRONG, '10.0.0.66')).statusCode).toBe(401);
    for (let i = 0; i < 20; i++) expect((await attempt(k, OWNER.email, WRONG, '10.0.0.66')).statusCode).toBe(429);
    const owner = await attempt(k, OWNER.email, OWNER.password, '10.0.0.7');
    expect(owner.statusCode).toBe(200);
    expect(owner.json()).toMatchObject({ user: { email: OWNER.email } });
  });

  it('one address guessing slowly all hour cannot use up the account’s ceiling', async () => {
    const k = await start();
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    let allowed = 0;
    for (let minute = 0; minute < 12; minute++) {
      for (let i = 0; i < 3; i++) if ((await attempt(k, OWNER.email, WRONG, '10.0.0.66')).statusCode === 401) allowed++;
      vi.setSystemTime(Date.now() + 61_000);
    }
    expect(allowed).toBe(9);
    expect((await attempt(k, OWNER.email, OWNER.password, '10.0.0.7')).statusCode).toBe(200);
  });

  it('a distributed attack on one e-mail still hits the slower hourly ceiling', async () => {
    const k = await start();
    for (let i = 1; i <= 30; i++) expect((await attempt(k, OWNER.email, WRONG, `10.1.0.${i}`)).statusCode, `guess ${i}`).toBe(401);
    expectThrottled(await attempt(k, OWNER.email, WRONG, '10.1.0.31'));
    // The price of the ceiling: until the hour has passed the owner waits too.
    expectThrottled(await attempt(k, OWNER.email, OWNER.password, '10.0.0.7'));
    expect((await attempt(k, 'someone-else@example.test', WRONG, '10.1.0.32')).statusCode).toBe(401);
  });
});
