// Scenario: two owners, two workspaces. Whatever B asks for by id in A's workspace (tokens,
// audit events), by cookie or by token, B gets 404, exactly as for an id that never existed.
import { afterEach, expect, it } from 'vitest';
import { addUser, type Kairox } from '../../src/main.ts';
import { describeEachEngine } from '../support/engines.ts';
import { bearer, logIn, setUp, startKairox } from '../support/kairox.ts';

describeEachEngine('workspace isolation', (engine) => {
  let kairox: Kairox | undefined;
  afterEach(async () => {
    await kairox?.close();
    kairox = undefined;
  });

  it('answers 404 to user B for every object of user A', async () => {
    kairox = await startKairox(engine);
    const a = await setUp(kairox);
    const { token: tokenA } = (await a.request({ method: 'POST', url: '/api/tokens', payload: { name: 'A bot' } })).json() as { token: { id: string } };
    const eventsA = ((await a.request({ url: '/api/audit' })).json() as { events: { id: string }[] }).events;
    expect(eventsA.length).toBeGreaterThan(0);

    // A second, separate workspace: on a database with users that has to be asked for.
    await addUser(kairox.config, { email: 'bob@example.test', password: 'bob has a long password', newWorkspace: true });
    const b = await logIn(kairox, 'bob@example.test', 'bob has a long password');
    const { secret: secretB } = (await b.request({ method: 'POST', url: '/api/tokens', payload: { name: 'B bot' } })).json() as { secret: string };
    const bByToken = bearer(kairox, secretB);

    const notFound = { error: { code: 'NOT_FOUND', message: expect.stringMatching(/was not found/) } };
    const neverExisted = 'tok_' + '0'.repeat(26);
    for (const send of [b.request, bByToken]) {
      for (const [method, url] of [
        ['GET', `/api/tokens/${tokenA.id}`],
        ['DELETE', `/api/tokens/${tokenA.id}`],
        ['GET', `/api/tokens/${neverExisted}`],
        ...eventsA.map((e) => ['GET', `/api/audit/${e.id}`] as const),
      ] as const) {
        const response = await send({ method, url });
        expect(response.statusCode, `${method} ${url}`).toBe(404);
        expect(response.json()).toEqual(notFound);
      }
      const bTokens = ((await send({ url: '/api/tokens' })).json() as { tokens: { id: string }[] }).tokens.map((t) => t.id);
      expect(bTokens).not.toContain(tokenA.id);
      const bEvents = ((await send({ url: '/api/audit?limit=200' })).json() as { events: { id: string }[] }).events.map((e) => e.id);
      expect(bEvents.some((id) => eventsA.some((e) => e.id === id))).toBe(false);
    }
    // A's token is untouched by B's attempts.
    expect((await a.request({ url: `/api/tokens/${tokenA.id}` })).json()).toMatchObject({ token: { revokedAt: null } });
    expect((await a.request({ url: '/api/audit/verify' })).json()).toMatchObject({ ok: true });
  });
});
