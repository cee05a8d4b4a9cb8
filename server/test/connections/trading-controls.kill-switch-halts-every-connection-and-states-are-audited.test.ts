// Scenario: a workspace has two connections, never connected (no gateway needed). Each starts
// active with execution off and shows what enabling it needs; a trader enables execution on the
// paper one without confirming anything, sets the other reduce-only, then pulls the kill switch:
// both are effectively halted. A trader cannot lift it; the owner does, and each connection is
// back to its own state. Every change is on the audit trail with who made it.
import { afterEach, expect, it } from 'vitest';
import type { Kairox } from '../../src/main.ts';
import { describeEachEngine } from '../support/engines.ts';
import { logIn, setUp, startKairox, type SignedInClient } from '../support/kairox.ts';

interface Trading {
  state: string;
  stateReason: string | null;
  stateChangedBy: string | null;
  effective: { state: string; source: string; reason: string | null };
  killSwitch: { haltedAt: number; haltedBy: string | null; reason: string | null } | null;
  execution: { enabled: boolean; mode: string | null; enabledBy: string | null; accountMode: string | null; accountModeFrom: string; needs: { code: string; message: string }[] };
}
interface AuditBody { events: { action: string; actor: { type: string; id: string | null }; target: { type: string; id: string } | null; data: Record<string, unknown> }[] }

const TRADER = { email: 'tom@example.test', password: 'tom has a long password' };

describeEachEngine('trading state and the kill switch', (engine) => {
  let kairox: Kairox | undefined;
  afterEach(async () => {
    await kairox?.close();
    kairox = undefined;
  });

  async function workspace(): Promise<{ owner: SignedInClient; trader: SignedInClient; ownerId: string; traderId: string; paper: string; live: string }> {
    kairox = await startKairox(engine);
    const owner = await setUp(kairox);
    const added = await owner.request({ method: 'POST', url: '/api/members', payload: { ...TRADER, role: 'trader' } });
    expect(added.statusCode, added.body).toBe(201);
    const trader = await logIn(kairox, TRADER.email, TRADER.password);
    const me = async (c: SignedInClient) => ((await c.request({ url: '/api/me' })).json() as { user: { id: string } }).user.id;
    const create = async (hostPort: string) => {
      const r = await owner.request({ method: 'POST', url: '/api/connections', payload: { hostPort, clientId: 7, enabled: false } });
      expect(r.statusCode, r.body).toBe(201);
      return (r.json() as { connection: { id: string } }).connection.id;
    };
    return { owner, trader, ownerId: await me(owner), traderId: await me(trader), paper: await create('127.0.0.1:4002'), live: await create('127.0.0.1:4001') };
  }

  const trading = async (c: SignedInClient, id: string) => {
    const r = await c.request({ url: `/api/connections/${id}/trading` });
    expect(r.statusCode, r.body).toBe(200);
    return (r.json() as { trading: Trading }).trading;
  };

  it('a new connection is active with execution off, and says what enabling it needs', async () => {
    const w = await workspace();
    const paper = await trading(w.owner, w.paper);
    expect(paper).toMatchObject({ state: 'active', effective: { state: 'active', source: 'connection' }, killSwitch: null, execution: { enabled: false, mode: null, accountMode: 'paper', accountModeFrom: 'port', needs: [] } });
    const live = await trading(w.owner, w.live);
    expect(live.execution).toMatchObject({ enabled: false, accountMode: 'live' });
    expect(live.execution.needs.map((n) => n.code)).toEqual(['PAPER_FILL_REQUIRED', 'ACCOUNTS_NOT_SEEN']);
    expect(live.execution.needs[0]?.message).toMatch(/needs a filled paper order first/);
    // The connection view carries the same.
    const list = (await w.owner.request({ url: '/api/connections' })).json() as { connections: { id: string; trading: Trading }[] };
    expect(list.connections.find((c) => c.id === w.live)?.trading).toEqual(live);
  });

  it('a trader enables execution on a paper connection without confirming, and turns it off again', async () => {
    const w = await workspace();
    const on = await w.trader.request({ method: 'PUT', url: `/api/connections/${w.paper}/execution`, payload: { enabled: true } });
    expect(on.statusCode, on.body).toBe(200);
    expect((on.json() as { trading: Trading }).trading.execution).toMatchObject({ enabled: true, mode: 'paper', enabledBy: `user:${w.traderId}`, needs: [] });
    const off = await w.trader.request({ method: 'PUT', url: `/api/connections/${w.paper}/execution`, payload: { enabled: false } });
    expect((off.json() as { trading: Trading }).trading.execution).toMatchObject({ enabled: false, mode: null });
    const audit = (await w.owner.request({ url: '/api/audit' })).json() as AuditBody;
    expect(audit.events.filter((e) => e.action.startsWith('connection.execution_')).map((e) => [e.action, e.actor.id, e.data.mode])).toEqual([
      ['connection.execution_disabled', w.traderId, 'paper'],
      ['connection.execution_enabled', w.traderId, 'paper'],
    ]);
  });

  it('the kill switch halts every connection’s effective state; a trader cannot lift it, the owner does and each is back to its own state', async () => {
    const w = await workspace();
    const reduce = await w.trader.request({ method: 'PUT', url: `/api/connections/${w.live}/trading-state`, payload: { state: 'reduce_only', reason: 'earnings tonight' } });
    expect(reduce.statusCode, reduce.body).toBe(200);

    const halt = await w.trader.request({ method: 'POST', url: '/api/kill-switch', payload: { reason: 'feed looks wrong' } });
    expect(halt.statusCode, halt.body).toBe(200);
    expect(halt.json()).toMatchObject({ killSwitch: { haltedBy: `user:${w.traderId}`, reason: 'feed looks wrong' } });
    for (const id of [w.paper, w.live]) {
      expect((await trading(w.owner, id)).effective).toEqual({ state: 'halted', source: 'kill_switch', reason: 'feed looks wrong' });
    }
    expect((await trading(w.owner, w.live)).state).toBe('reduce_only');

    const refused = await w.trader.request({ method: 'DELETE', url: '/api/kill-switch' });
    expect(refused.statusCode, refused.body).toBe(403);
    expect((await trading(w.owner, w.paper)).effective.state).toBe('halted');

    const lifted = await w.owner.request({ method: 'DELETE', url: '/api/kill-switch' });
    expect(lifted.statusCode, lifted.body).toBe(200);
    expect(lifted.json()).toMatchObject({ killSwitch: null });
    expect((await trading(w.owner, w.paper)).effective).toEqual({ state: 'active', source: 'connection', reason: null });
    expect((await trading(w.owner, w.live)).effective).toEqual({ state: 'reduce_only', source: 'connection', reason: 'earnings tonight' });

    const audit = (await w.owner.request({ url: '/api/audit' })).json() as AuditBody;
    const trail = audit.events.filter((e) => e.action.startsWith('workspace.kill_switch')).map((e) => [e.action, e.actor.id, e.data.reason]);
    expect(trail).toEqual([['workspace.kill_switch_lifted', w.ownerId, 'feed looks wrong'], ['workspace.kill_switch_engaged', w.traderId, 'feed looks wrong']]);
  });

  it('every trading-state change is audited with who made it, from and to', async () => {
    const w = await workspace();
    for (const state of ['halted', 'active'] as const) {
      const r = await w.trader.request({ method: 'PUT', url: `/api/connections/${w.paper}/trading-state`, payload: { state, ...(state === 'halted' && { reason: 'lunch' }) } });
      expect(r.statusCode, r.body).toBe(200);
    }
    expect(await trading(w.owner, w.paper)).toMatchObject({ state: 'active', stateReason: null, stateChangedBy: `user:${w.traderId}` });
    const audit = (await w.owner.request({ url: '/api/audit' })).json() as AuditBody;
    const changes = audit.events.filter((e) => e.action === 'connection.trading_state_changed');
    expect(changes.map((e) => [e.actor, e.target, e.data])).toEqual([
      [{ type: 'user', id: w.traderId }, { type: 'connection', id: w.paper }, { from: 'halted', to: 'active', reason: null }],
      [{ type: 'user', id: w.traderId }, { type: 'connection', id: w.paper }, { from: 'active', to: 'halted', reason: 'lunch' }],
    ]);
    const bad = await w.trader.request({ method: 'PUT', url: `/api/connections/${w.paper}/trading-state`, payload: { state: 'paused' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { message: expect.stringMatching(/state must be one of active, reduce_only, halted/) } });
  });
});
