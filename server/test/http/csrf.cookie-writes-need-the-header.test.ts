// Scenario: a page on another site makes the browser send a write with the session cookie.
// Without the session's x-csrf-token the write is refused; bearer-token programs are exempt.
import { afterEach, expect, it } from 'vitest';
import type { Kairox } from '../../src/main.ts';
import { describeEachEngine } from '../support/engines.ts';
import { bearer, setUp, startKairox } from '../support/kairox.ts';

describeEachEngine('CSRF protection', (engine) => {
  let kairox: Kairox | undefined;
  afterEach(async () => {
    await kairox?.close();
    kairox = undefined;
  });

  it('refuses a cookie-authenticated write without the right x-csrf-token', async () => {
    kairox = await startKairox(engine);
    const owner = await setUp(kairox);
    const create = { method: 'POST' as const, url: '/api/tokens', payload: { name: 'bot' } };

    const missing = await owner.request({ ...create, csrf: false });
    expect(missing.statusCode).toBe(403);
    expect(missing.json()).toEqual({ error: { code: 'CSRF_TOKEN_INVALID', message: expect.stringContaining('x-csrf-token') } });
    const wrong = await owner.request({ ...create, csrf: false, headers: { 'x-csrf-token': 'x'.repeat(43) } });
    expect(wrong.statusCode).toBe(403);
    const logout = await owner.request({ method: 'POST', url: '/api/auth/logout', csrf: false });
    expect(logout.statusCode).toBe(403);
    expect(await kairox.db.kysely.selectFrom('api_tokens').select('id').execute()).toEqual([]);

    const me = await owner.request({ url: '/api/me' });
    expect(me.json()).toMatchObject({ csrfToken: owner.csrfToken });
    const ok = await owner.request(create);
    expect(ok.statusCode).toBe(201);

    const { token, secret } = ok.json() as { token: { id: string }; secret: string };
    const byProgram = await bearer(kairox, secret)({ method: 'DELETE', url: `/api/tokens/${token.id}` });
    expect(byProgram.statusCode).toBe(200);
  });

  it('does not accept form-style bodies that a cross-site form could send', async () => {
    kairox = await startKairox(engine);
    const owner = await setUp(kairox);
    const response = await owner.request({ method: 'POST', url: '/api/tokens', headers: { 'content-type': 'text/plain' }, payload: '{"name":"bot"}' });
    expect(response.statusCode).toBe(415);
    expect(response.json()).toMatchObject({ error: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
  });
});
