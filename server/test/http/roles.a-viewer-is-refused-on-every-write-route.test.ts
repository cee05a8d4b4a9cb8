// Scenario: the owner adds a viewer. The viewer reads everything, but every route that changes
// something answers 403 with a message that says which role it needs, whether the viewer comes
// with the dashboard's cookie or an API token. The routes are taken from the app's own route
// table, so a write route added later is checked without touching this test; the only routes
// left out are the ones below, each meant for everyone.
import { afterEach, expect, it } from 'vitest';
import type { Kairox } from '../../src/main.ts';
import { describeEachEngine } from '../support/engines.ts';
import { bearer, logIn, setUp, startKairox, type SignedInClient } from '../support/kairox.ts';

/** Write routes every caller may use, with the reason. Anything else must refuse a viewer. */
const MEANT_FOR_EVERYONE: Record<string, string> = {
  'POST /api/setup': 'first-run set-up, before anyone can sign in (refused once done)',
  'POST /api/auth/login': 'signing in',
  'POST /api/auth/logout': 'signing out',
  'POST /api/tokens': 'everyone makes their own API tokens; a token acts with its creator’s role',
  'DELETE /api/tokens/:id': 'everyone revokes their own tokens (another’s: owner only, checked by the token service)',
  'POST /api/connections/:id/instruments/search': 'a read sent as POST (the description is a body): searching IB’s contracts changes nothing',
};

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
const VIEWER = { email: 'vic@example.test', password: 'vic has a long password' };

/** A path with every :param filled in; the role check comes before any look-up. */
function concrete(url: string): string {
  return url.replace(/:userId/g, `usr_${'0'.repeat(26)}`).replace(/:id/g, 'con_00000000000000000000000000');
}

describeEachEngine('roles', (engine) => {
  let kairox: Kairox | undefined;
  afterEach(async () => {
    await kairox?.close();
    kairox = undefined;
  });

  async function viewerOf(k: Kairox, owner: SignedInClient): Promise<SignedInClient> {
    const added = await owner.request({ method: 'POST', url: '/api/members', payload: { ...VIEWER, role: 'viewer' } });
    expect(added.statusCode, added.body).toBe(201);
    return logIn(k, VIEWER.email, VIEWER.password);
  }

  it('refuses a viewer on every write route with 403 and says which role it needs', async () => {
    kairox = await startKairox(engine);
    const owner = await setUp(kairox, { email: 'ada@example.test', password: 'correct horse battery staple', workspaceName: 'Desk' });
    const viewer = await viewerOf(kairox, owner);
    const { secret } = (await viewer.request({ method: 'POST', url: '/api/tokens', payload: { name: 'viewer bot' } })).json() as { secret: string };
    const viewerProgram = bearer(kairox, secret);

    const writes = kairox.app.routeTable.filter((r) => r.url.startsWith('/api/') && !READS.has(r.method));
    const checked = writes.filter((r) => !(`${r.method} ${r.url}` in MEANT_FOR_EVERYONE));
    // The table is the app's: known write routes are in it, and every exemption names a real route.
    expect(checked.map((r) => `${r.method} ${r.url}`)).toEqual(expect.arrayContaining(['POST /api/connections', 'PATCH /api/connections/:id', 'POST /api/members', 'DELETE /api/members/:userId']));
    for (const exempt of Object.keys(MEANT_FOR_EVERYONE)) expect(writes.map((r) => `${r.method} ${r.url}`)).toContain(exempt);

    for (const route of checked) {
      const url = concrete(route.url);
      const method = route.method as 'POST' | 'PATCH' | 'PUT' | 'DELETE';
      for (const [via, send] of [['cookie', viewer.request], ['token', viewerProgram]] as const) {
        const r = await send({ method, url, payload: {} });
        expect(r.statusCode, `${via}: ${route.method} ${route.url} → ${r.body}`).toBe(403);
        expect(r.json(), `${via}: ${route.method} ${route.url}`).toEqual({
          error: { code: 'FORBIDDEN', message: expect.stringMatching(/^This needs the (trader|owner) role in workspace "Desk"; you are viewer\. A workspace owner can change your role\.$/) },
        });
      }
    }
    // Nothing was changed on the way.
    expect((await owner.request({ url: '/api/connections' })).json()).toEqual({ connections: [] });
    expect(((await owner.request({ url: '/api/members' })).json() as { members: unknown[] }).members).toHaveLength(2);
  });

  it('lets a viewer read every read route', async () => {
    kairox = await startKairox(engine);
    const owner = await setUp(kairox, { email: 'ada@example.test', password: 'correct horse battery staple', workspaceName: 'Desk' });
    const viewer = await viewerOf(kairox, owner);
    const reads = kairox.app.routeTable.filter((r) => r.url.startsWith('/api/') && r.method === 'GET');
    expect(reads.map((r) => r.url)).toEqual(expect.arrayContaining(['/api/connections', '/api/members', '/api/me', '/api/audit']));
    for (const route of reads) {
      const r = await viewer.request({ url: concrete(route.url) });
      expect(r.statusCode, `GET ${route.url} → ${r.body}`).not.toBe(403);
      expect(r.statusCode, `GET ${route.url} → ${r.body}`).toBeLessThan(500);
    }
  });
});
