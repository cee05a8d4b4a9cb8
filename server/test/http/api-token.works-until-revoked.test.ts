// Scenario: an owner creates an API token, a program uses it, the owner revokes it, and the
// program is refused from then on.
import { afterEach, expect, it } from 'vitest';
import type { Kairox } from '../../src/main.ts';
import { describeEachEngine } from '../support/engines.ts';
import { bearer, setUp, startKairox } from '../support/kairox.ts';

describeEachEngine('API tokens', (engine) => {
  let kairox: Kairox | undefined;
  afterEach(async () => {
    await kairox?.close();
    kairox = undefined;
  });

  it('works until revoked, then gets 401', async () => {
    kairox = await startKairox(engine);
    const owner = await setUp(kairox);
    const created = await owner.request({ method: 'POST', url: '/api/tokens', payload: { name: 'trading bot' } });
    expect(created.statusCode).toBe(201);
    const { token, secret } = created.json() as { token: { id: string; prefix: string }; secret: string };
    expect(secret).toMatch(/^kx_[0-9a-z]{13}_[A-Za-z0-9_-]{43}$/);
    expect(secret.startsWith(token.prefix)).toBe(true);

    const program = bearer(kairox, secret);
    const me = await program({ url: '/api/me' });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { email: 'ada@example.test' }, authenticatedWith: 'token', csrfToken: null });

    const listed = await owner.request({ url: '/api/tokens' });
    expect(listed.body).not.toContain(secret.slice(17));
    expect(listed.json()).toMatchObject({ tokens: [{ id: token.id, name: 'trading bot', revokedAt: null, lastUsedAt: expect.any(String) }] });
    const stored = await kairox.db.kysely.selectFrom('api_tokens').selectAll().executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(secret.slice(17));

    const revoked = await owner.request({ method: 'DELETE', url: `/api/tokens/${token.id}` });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({ token: { id: token.id, revokedAt: expect.any(String) } });
    const after = await program({ url: '/api/me' });
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });

    const actions = ((await owner.request({ url: '/api/audit' })).json() as { events: { action: string }[] }).events.map((e) => e.action);
    expect(actions.slice(0, 2)).toEqual(['token.revoked', 'token.created']);
  });

  it('refuses a token that was tampered with, and a token cannot mint tokens', async () => {
    kairox = await startKairox(engine);
    const owner = await setUp(kairox);
    const { secret } = (await owner.request({ method: 'POST', url: '/api/tokens', payload: { name: 'bot' } })).json() as { secret: string };
    const flipped = secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A');
    expect((await bearer(kairox, flipped)({ url: '/api/me' })).statusCode).toBe(401);
    expect((await kairox.app.inject({ url: '/api/me', headers: { authorization: `Basic ${secret}` } })).statusCode).toBe(401);
    const minted = await bearer(kairox, secret)({ method: 'POST', url: '/api/tokens', payload: { name: 'child' } });
    expect(minted.statusCode).toBe(403);
  });
});
