// Scenario: the server reads requests strictly. "Authorization: Bearer <token> extra" is refused
// rather than read as the token, and a JSON body whose text cannot be stored as UTF-8 (a lone
// UTF-16 surrogate anywhere, or bytes that are not UTF-8) is refused before any route sees it.
import { afterEach, expect, it } from 'vitest';
import type { Kairox } from '../../src/main.ts';
import { describeEachEngine } from '../support/engines.ts';
import { setUp, startKairox, type SignedInClient } from '../support/kairox.ts';

describeEachEngine('strict request parsing', (engine) => {
  let kairox: Kairox | undefined;
  afterEach(async () => {
    await kairox?.close();
    kairox = undefined;
  });

  const json = { 'content-type': 'application/json' };
  const createToken = (owner: SignedInClient, rawJson: string | Buffer) => owner.request({ method: 'POST', url: '/api/tokens', headers: json, payload: rawJson });
  const tokenNames = async (owner: SignedInClient) => ((await owner.request({ url: '/api/tokens' })).json() as { tokens: { name: string }[] }).tokens.map((t) => t.name);

  it('refuses a bearer header with anything after the token', async () => {
    kairox = await startKairox(engine);
    const owner = await setUp(kairox);
    const { secret } = (await createToken(owner, JSON.stringify({ name: 'bot' }))).json() as { secret: string };
    const me = (authorization: string) => kairox!.app.inject({ url: '/api/me', headers: { authorization } });

    expect((await me(`Bearer ${secret}`)).statusCode).toBe(200);
    for (const header of [`Bearer ${secret} extra`, `Bearer ${secret} ${secret}`, `Bearer ${secret}\tx`]) {
      const refused = await me(header);
      expect(refused.statusCode, header).toBe(401);
      expect(refused.json(), header).toEqual({ error: { code: 'UNAUTHORIZED', message: expect.stringContaining('nothing after it') } });
    }
  });

  it('refuses a lone surrogate in a string field and stores nothing', async () => {
    kairox = await startKairox(engine);
    const owner = await setUp(kairox);
    for (const name of ['"bot \\ud800"', '"\\udfff bot"', '"bot \\ud83d"']) {
      const refused = await createToken(owner, `{"name":${name}}`);
      expect(refused.statusCode, name).toBe(400);
      expect(refused.json(), name).toEqual({ error: { code: 'BAD_REQUEST', message: expect.stringMatching(/^Text in name is not valid Unicode .*lone UTF-16 surrogate/) } });
    }
    expect(await tokenNames(owner)).toEqual([]);

    // A well-formed pair written as escapes is ordinary text.
    expect((await createToken(owner, '{"name":"bot \\ud83d\\ude00"}')).statusCode).toBe(201);
    expect(await tokenNames(owner)).toEqual(['bot 😀']);
  });

  it('checks every JSON body, at any depth and in keys, before the route runs', async () => {
    kairox = await startKairox(engine);
    const login = (payload: string) => kairox!.app.inject({ method: 'POST', url: '/api/auth/login', headers: json, payload });
    const nested = await login('{"email":"a@example.test","password":"x","extra":{"list":["fine","\\udc00"]}}');
    expect(nested.json()).toEqual({ error: { code: 'BAD_REQUEST', message: expect.stringMatching(/^Text in extra\.list\[1\] is not valid Unicode/) } });
    const key = await login('{"\\ud800":1}');
    expect(key.json()).toEqual({ error: { code: 'BAD_REQUEST', message: expect.stringMatching(/^Text in a key in the body is not valid Unicode/) } });
    const setup = await kairox.app.inject({ method: 'POST', url: '/api/setup', headers: json, payload: '{"email":"ada@example.test","password":"correct horse battery staple","name":"Ada \\ud800"}' });
    expect(setup.statusCode).toBe(400);
    expect((await kairox.app.inject({ url: '/api/setup' })).json()).toEqual({ needed: true });
  });

  it('refuses a body that is not UTF-8', async () => {
    kairox = await startKairox(engine);
    const owner = await setUp(kairox);
    const latin1 = Buffer.concat([Buffer.from('{"name":"caf'), Buffer.from([0xe9]), Buffer.from('"}')]);
    const refused = await createToken(owner, latin1);
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toEqual({ error: { code: 'BAD_REQUEST', message: 'The request body is not valid UTF-8; send JSON encoded as UTF-8.' } });
    expect(await tokenNames(owner)).toEqual([]);
  });
});
