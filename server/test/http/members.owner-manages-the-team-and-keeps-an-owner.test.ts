// Scenario: the owner builds a team in *their* workspace: adds a trader and a viewer, who sign in
// and land there with their roles; a trader may change connections but not the team; the owner
// promotes, demotes and removes members, and every change is on the audit trail. The last owner
// can be neither demoted nor removed; a removed member's sign-ins and API tokens stop working.
import { afterEach, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/index.ts';
import { systemClock } from '../../src/common/index.ts';
import { forWorkspace } from '../../src/db/index.ts';
import type { Kairox } from '../../src/main.ts';
import { WorkspaceMembers } from '../../src/workspaces/index.ts';
import { describeEachEngine } from '../support/engines.ts';
import { bearer, logIn, setUp, startKairox } from '../support/kairox.ts';

const OWNER = { email: 'ada@example.test', password: 'correct horse battery staple', workspaceName: 'Desk' };
const TRADER = { email: 'tom@example.test', password: 'tom has a long password' };
const VIEWER = { email: 'vic@example.test', password: 'vic has a long password' };

interface Member { userId: string; email: string; role: string }

describeEachEngine('workspace members', (engine) => {
  let kairox: Kairox | undefined;
  afterEach(async () => {
    await kairox?.close();
    kairox = undefined;
  });

  it('adds, re-roles and removes members, records it all, and always keeps an owner', async () => {
    kairox = await startKairox(engine);
    const owner = await setUp(kairox, OWNER);

    const addedTrader = await owner.request({ method: 'POST', url: '/api/members', payload: { ...TRADER, role: 'trader', name: 'Tom' } });
    expect(addedTrader.statusCode, addedTrader.body).toBe(201);
    expect(addedTrader.json()).toMatchObject({ member: { email: TRADER.email, name: 'Tom', role: 'trader', joinedAt: expect.any(String) }, newAccount: true });
    expect(addedTrader.body).not.toContain(TRADER.password);
    const tom = (addedTrader.json() as { member: Member }).member;
    const addedViewer = await owner.request({ method: 'POST', url: '/api/members', payload: { ...VIEWER, role: 'viewer' } });
    const vic = (addedViewer.json() as { member: Member }).member;

    // They sign in to the owner's workspace, not to one of their own.
    const trader = await logIn(kairox, TRADER.email, TRADER.password);
    expect((await trader.request({ url: '/api/me' })).json()).toMatchObject({ workspace: { name: 'Desk', role: 'trader' } });
    const viewer = await logIn(kairox, VIEWER.email, VIEWER.password);
    expect((await viewer.request({ url: '/api/members' })).json()).toEqual({
      members: [expect.objectContaining({ email: OWNER.email, role: 'owner' }), expect.objectContaining({ email: TRADER.email, role: 'trader' }), expect.objectContaining({ email: VIEWER.email, role: 'viewer' })],
    });
    expect(await kairox.db.kysely.selectFrom('workspaces').select('id').execute()).toHaveLength(1);

    // A trader changes connection settings but not the team.
    expect((await trader.request({ method: 'POST', url: '/api/connections', payload: { hostPort: '127.0.0.1:4002', clientId: 5 } })).statusCode).toBe(201);
    const traderAdds = await trader.request({ method: 'POST', url: '/api/members', payload: { email: 'eve@example.test', password: 'eve has a long password', role: 'owner' } });
    expect(traderAdds.statusCode).toBe(403);
    expect(traderAdds.json()).toMatchObject({ error: { code: 'FORBIDDEN', message: expect.stringContaining('needs the owner role') } });
    expect((await trader.request({ method: 'PATCH', url: `/api/members/${tom.userId}`, payload: { role: 'owner' } })).statusCode).toBe(403);

    // Refusals that say what to fix.
    const again = await owner.request({ method: 'POST', url: '/api/members', payload: { ...TRADER, role: 'viewer' } });
    expect(again.statusCode).toBe(400);
    expect(again.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', field: 'password' } });
    const twice = await owner.request({ method: 'POST', url: '/api/members', payload: { email: TRADER.email, role: 'viewer' } });
    expect(twice.json()).toMatchObject({ error: { code: 'ALREADY_A_MEMBER', message: expect.stringContaining('change their role instead') } });
    const badRole = await owner.request({ method: 'POST', url: '/api/members', payload: { email: 'x@example.test', password: 'a long enough password', role: 'admin' } });
    expect(badRole.json()).toEqual({ error: { code: 'VALIDATION_FAILED', message: 'role must be owner, trader or viewer', field: 'role' } });

    // The last owner stays.
    const me = ((await owner.request({ url: '/api/me' })).json() as { user: { id: string } }).user.id;
    for (const [method, change] of [['PATCH', 'demoted'], ['DELETE', 'removed']] as const) {
      const r = await owner.request({ method, url: `/api/members/${me}`, ...(method === 'PATCH' && { payload: { role: 'trader' } }) });
      expect(r.statusCode).toBe(409);
      expect(r.json()).toEqual({ error: { code: 'LAST_OWNER', message: `${OWNER.email} is the last owner of workspace "Desk" and cannot be ${change}; make another member an owner first.` } });
    }

    // With a second owner, the first may step down.
    expect((await owner.request({ method: 'PATCH', url: `/api/members/${tom.userId}`, payload: { role: 'owner' } })).json()).toMatchObject({ member: { role: 'owner' } });
    expect((await owner.request({ method: 'PATCH', url: `/api/members/${me}`, payload: { role: 'trader' } })).json()).toMatchObject({ member: { role: 'trader' } });
    const ownerNowTrader = await owner.request({ method: 'DELETE', url: `/api/members/${vic.userId}` });
    expect(ownerNowTrader.statusCode).toBe(403);

    // The new owner removes the viewer: their sign-in and their token stop working at once.
    const { secret } = (await viewer.request({ method: 'POST', url: '/api/tokens', payload: { name: 'vic bot' } })).json() as { secret: string };
    const removed = await trader.request({ method: 'DELETE', url: `/api/members/${vic.userId}` });
    expect(removed.json()).toMatchObject({ removed: { email: VIEWER.email, role: 'viewer' } });
    expect((await viewer.request({ url: '/api/me' })).statusCode).toBe(401);
    expect((await bearer(kairox, secret)({ url: '/api/me' })).statusCode).toBe(401);
    expect((await trader.request({ method: 'DELETE', url: `/api/members/${vic.userId}` })).statusCode).toBe(404);

    // Every change is on the trail, with who did it.
    const events = ((await trader.request({ url: '/api/audit?limit=200' })).json() as { events: Array<{ action: string; actor: { id: string }; data: Record<string, unknown> }> }).events;
    const changes = events.filter((e) => e.action.startsWith('member.')).reverse();
    expect(changes.map((e) => [e.action, e.data])).toEqual([
      ['member.added', { email: TRADER.email, role: 'trader', newAccount: true, ip: expect.any(String) }],
      ['member.added', { email: VIEWER.email, role: 'viewer', newAccount: true, ip: expect.any(String) }],
      ['member.role_changed', { email: TRADER.email, from: 'trader', to: 'owner' }],
      ['member.role_changed', { email: OWNER.email, from: 'owner', to: 'trader' }],
      ['member.removed', { email: VIEWER.email, role: 'viewer', tokensRevoked: 1 }],
    ]);
    expect(changes.at(-1)?.actor.id).toBe(tom.userId);
    expect((await trader.request({ url: '/api/audit/verify' })).json()).toMatchObject({ ok: true });

    // A removed member can be added back; they keep their own password.
    const back = await trader.request({ method: 'POST', url: '/api/members', payload: { email: VIEWER.email, role: 'viewer' } });
    expect(back.json()).toMatchObject({ member: { email: VIEWER.email, role: 'viewer' }, newAccount: false });
    expect((await logIn(kairox, VIEWER.email, VIEWER.password)).csrfToken).toEqual(expect.any(String));
  });

  it('keeps one owner when two owners demote each other at the same time', async () => {
    kairox = await startKairox(engine);
    const ada = await setUp(kairox, OWNER);
    const tomId = ((await ada.request({ method: 'POST', url: '/api/members', payload: { ...TRADER, role: 'owner' } })).json() as { member: Member }).member.userId;
    const me = ((await ada.request({ url: '/api/me' })).json() as { user: { id: string }; workspace: { id: string } });
    // Straight to the service, so that both changes really run side by side (each in its transaction).
    const members = new WorkspaceMembers({ clock: systemClock, audit: new AuditLog(systemClock) });
    const scope = forWorkspace(kairox.db, me.workspace.id);
    const results = await Promise.allSettled([
      members.changeRole(scope, { type: 'user', id: me.user.id }, tomId, 'viewer'),
      members.changeRole(scope, { type: 'user', id: tomId }, me.user.id, 'viewer'),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'LAST_OWNER' } });
    const owners = await kairox.db.kysely.selectFrom('memberships').select('user_id').where('role', '=', 'owner').execute();
    expect(owners).toHaveLength(1);
  });
});
