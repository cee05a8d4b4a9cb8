// Scenario: first-run set-up creates the owner and their workspace, once; concurrent
// set-ups race and exactly one wins.
import { afterEach, expect, it } from 'vitest';
import type { Kairox } from '../../src/main.ts';
import { describeEachEngine } from '../support/engines.ts';
import { OWNER, startKairox } from '../support/kairox.ts';

describeEachEngine('first-run set-up', (engine) => {
  let kairox: Kairox | undefined;
  afterEach(async () => {
    await kairox?.close();
    kairox = undefined;
  });

  it('creates the owner, signs them in, and then refuses with 409', async () => {
    kairox = await startKairox(engine);
    expect((await kairox.app.inject({ url: '/api/setup' })).json()).toEqual({ needed: true });

    const first = await kairox.app.inject({ method: 'POST', url: '/api/setup', payload: { ...OWNER, email: '  Ada@Example.TEST ', workspaceName: 'Desk' } });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ user: { email: 'ada@example.test' }, workspace: { name: 'Desk', role: 'owner' }, csrfToken: expect.any(String) });
    const cookie = first.cookies.find((c) => c.name === 'kx_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });

    const again = await kairox.app.inject({ method: 'POST', url: '/api/setup', payload: { email: 'eve@example.test', password: 'another long password' } });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toEqual({ error: { code: 'SETUP_ALREADY_DONE', message: expect.stringMatching(/already been completed/) } });
    expect((await kairox.app.inject({ url: '/api/setup' })).json()).toEqual({ needed: false });
  });

  it('lets exactly one of several concurrent set-ups win', async () => {
    kairox = await startKairox(engine);
    const app = kairox.app;
    const responses = await Promise.all(
      ['a', 'b', 'c', 'd'].map((who) => app.inject({ method: 'POST', url: '/api/setup', payload: { email: `${who}@example.test`, password: 'a sufficiently long password' } })),
    );
    expect(responses.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409]);
    const users = await kairox.db.kysely.selectFrom('users').select('email').execute();
    expect(users).toHaveLength(1);
    const workspaces = await kairox.db.kysely.selectFrom('workspaces').select('id').execute();
    expect(workspaces).toHaveLength(1);
  });

  it('names the field that is wrong', async () => {
    kairox = await startKairox(engine);
    const shortPassword = await kairox.app.inject({ method: 'POST', url: '/api/setup', payload: { email: 'ada@example.test', password: 'short' } });
    expect(shortPassword.statusCode).toBe(400);
    expect(shortPassword.json()).toEqual({ error: { code: 'VALIDATION_FAILED', message: 'password must be at least 12 characters', field: 'password' } });
    const badEmail = await kairox.app.inject({ method: 'POST', url: '/api/setup', payload: { email: 'not-an-email', password: 'long enough password' } });
    expect(badEmail.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', field: 'email' } });
    const missing = await kairox.app.inject({ method: 'POST', url: '/api/setup', payload: { password: 'long enough password' } });
    expect(missing.json()).toEqual({ error: { code: 'VALIDATION_FAILED', message: 'email is required', field: 'email' } });
  });
});
