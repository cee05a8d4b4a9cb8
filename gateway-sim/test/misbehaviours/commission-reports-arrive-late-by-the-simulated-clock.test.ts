// POST /misbehave/late-commissions { ms: N }: a fill's commissionReport is pushed N ms of simulated
// time (the clock /delay-fills and /advance-clock use) after its execDetails, and so after the
// orderStatus of that fill; a client joins the two by execId. { ms: 0 } turns it off.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { admin } from '../support/admin.ts';
import { AAPL, AAPL_CON_ID, order, startSim } from '../conformance/support/ib-session.ts';
import type { IbSession, Sim } from '../conformance/support/ib-session.ts';

describe('late commission reports', () => {
  let sim: Sim;
  let s: IbSession;
  beforeEach(async () => {
    sim = await startSim(178, { adminPort: 0 });
    s = await sim.connect(1);
    sim.gw.setPrice(AAPL_CON_ID, 230);
  });
  afterEach(() => sim.close());

  it('the report comes 2 s of simulated time after its execution, after the Filled status, with the same execId', async () => {
    expect((await admin(sim.gw, '/misbehave/late-commissions', { ms: 2000 })).json).toMatchObject({ misbehaviours: { lateCommissionsMs: 2000 } });
    const id = s.firstOrderId;
    const m = s.mark();
    s.api.placeOrder(id, AAPL, order({ action: 'BUY', orderType: 'MKT', totalQuantity: 10 }));
    const [, , exec] = await s.waitFor('execDetails', (_r, _c, e) => e.orderId === id, m);
    await s.orderStatus(id, 'Filled', m);
    await s.roundTrip();
    expect(s.all('commissionReport', m)).toEqual([]);

    sim.gw.advanceClock(1999);
    await s.roundTrip();
    expect(s.all('commissionReport', m)).toEqual([]);

    const before = s.mark();
    sim.gw.advanceClock(1);
    const [report] = await s.waitFor('commissionReport', () => true, before);
    expect(report).toMatchObject({ execId: exec.execId, commission: 1, currency: 'USD' });
    expect(s.all('commissionReport', m)).toHaveLength(1);
  });

  it('ms 0 turns it off: the report follows its execution at once again', async () => {
    sim.gw.lateCommissions(5000);
    expect((await admin(sim.gw, '/misbehave/late-commissions', { ms: 0 })).status).toBe(200);
    const id = s.firstOrderId;
    const m = s.mark();
    s.api.placeOrder(id, AAPL, order({ action: 'BUY', orderType: 'MKT', totalQuantity: 10 }));
    await s.waitFor('execDetails', (_r, _c, e) => e.orderId === id, m);
    await s.roundTrip();
    expect(s.all('commissionReport', m)).toHaveLength(1);
  });
});
