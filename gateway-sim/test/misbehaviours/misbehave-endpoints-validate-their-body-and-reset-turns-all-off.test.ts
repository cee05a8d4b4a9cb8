// The /misbehave/* admin endpoints: every misbehaviour is off by default (GET /status shows them),
// a bad body is a 400 that names the field, and POST /misbehave/reset turns every one off, a
// nextValidId rollback already in force and held commission reports included.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { admin } from '../support/admin.ts';
import { AAPL, AAPL_CON_ID, order, startSim } from '../conformance/support/ib-session.ts';
import type { IbSession, Sim } from '../conformance/support/ib-session.ts';

const OFF = {
  nextValidIdRollbackBy: null, dropOrderStatusEvery: 0, execBeforeOpenOrder: false, lateCommissionsMs: 0, resendExecutionsOnReconnect: false,
};

describe('misbehave endpoints', () => {
  let sim: Sim;
  let s: IbSession;
  beforeEach(async () => {
    sim = await startSim(178, { adminPort: 0 });
    s = await sim.connect(1);
    sim.gw.setPrice(AAPL_CON_ID, 230);
  });
  afterEach(() => sim.close());

  it('all off by default, as GET /status shows', async () => {
    expect((await admin(sim.gw, '/status', undefined, 'GET')).json['misbehaviours']).toEqual(OFF);
  });

  it.each([
    ['/misbehave/next-valid-id-rollback', {}, '"by" must be a number'],
    ['/misbehave/next-valid-id-rollback', { by: 1.5 }, '"by" must be an integer'],
    ['/misbehave/next-valid-id-rollback', { by: -1 }, '"by" must be ≥ 0'],
    ['/misbehave/drop-order-status', { every: 'often' }, '"every" must be a number'],
    ['/misbehave/drop-order-status', { every: -2 }, '"every" must be ≥ 0'],
    ['/misbehave/exec-before-open-order', { on: 1 }, '"on" must be true or false'],
    ['/misbehave/resend-executions-on-reconnect', {}, '"on" must be true or false'],
    ['/misbehave/late-commissions', { ms: -5 }, '"ms" must be ≥ 0'],
  ])('%s %j is a 400 naming the field', async (path, body, error) => {
    expect(await admin(sim.gw, path, body)).toEqual({ status: 400, json: { error } });
    expect(sim.gw.misbehaviours).toEqual(OFF);
  });

  it('reset turns every misbehaviour off; a held commission report goes out at once', async () => {
    for (const [path, body] of [
      ['/misbehave/next-valid-id-rollback', { by: 1 }], ['/misbehave/drop-order-status', { every: 1 }],
      ['/misbehave/exec-before-open-order', { on: true }], ['/misbehave/resend-executions-on-reconnect', { on: true }],
      ['/misbehave/late-commissions', { ms: 60_000 }],
    ] as const) expect((await admin(sim.gw, path, body)).status).toBe(200);
    expect((await admin(sim.gw, '/status', undefined, 'GET')).json['misbehaviours']).toEqual({
      nextValidIdRollbackBy: 1, dropOrderStatusEvery: 1, execBeforeOpenOrder: true, lateCommissionsMs: 60_000, resendExecutionsOnReconnect: true,
    });
    const id = s.firstOrderId;
    const m = s.mark();
    s.api.placeOrder(id, AAPL, order({ action: 'BUY', orderType: 'MKT', totalQuantity: 10 }));
    const [, , exec] = await s.waitFor('execDetails', (_r, _c, e) => e.orderId === id, m);
    await s.roundTrip();
    expect(s.all('commissionReport', m)).toEqual([]);

    expect((await admin(sim.gw, '/misbehave/reset')).json).toEqual({ misbehaviours: OFF });
    expect((await s.waitFor('commissionReport', () => true, m))[0].execId).toBe(exec.execId);
    const m2 = s.mark();
    s.api.placeOrder(id + 1, AAPL, order({ action: 'BUY', orderType: 'MKT', totalQuantity: 10 }));
    await s.orderStatus(id + 1, 'Filled', m2);
    await s.roundTrip();
    expect(s.names(m2, ['openOrder', 'orderStatus', 'execDetails', 'commissionReport'])[0]).toBe('openOrder');
    expect(s.transitions(id + 1, m2)).toEqual(['PreSubmitted', 'Filled']);
    expect(s.all('commissionReport', m2)).toHaveLength(1);

    // The rollback was disarmed, and a reconnect replays nothing.
    const gone = s.waitFor('disconnected', () => true, s.mark());
    await sim.gw.restart(0);
    await gone;
    const again = await sim.connect(1);
    expect(again.firstOrderId).toBe(id + 2);
    await again.roundTrip();
    expect(again.all('execDetails')).toEqual([]);
  });

  it('reset ends a rollback already in force after the restart', async () => {
    s.api.placeOrder(s.firstOrderId, AAPL, order({ action: 'BUY', orderType: 'MKT', totalQuantity: 1 }));
    await s.orderStatus(s.firstOrderId, 'Filled');
    sim.gw.rollBackNextValidIdOnRestart(1);
    const gone = s.waitFor('disconnected', () => true, s.mark());
    await sim.gw.restart(0);
    await gone;
    sim.gw.resetMisbehaviours();
    expect((await sim.connect(1)).firstOrderId).toBe(s.firstOrderId + 1);
  });
});
