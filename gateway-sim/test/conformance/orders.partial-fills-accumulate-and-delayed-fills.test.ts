// A market order larger than the displayed size fills in slices through @stoqey/ib at each
// version: each execution's cumQty and avgPrice accumulate, each orderStatus reports the running
// filled/remaining, and the commission reports add up to the whole order's commission. With the
// delay-fills fault the fill waits for simulated time, not wall time.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AAPL, AAPL_CON_ID, VERSIONS, order, startSim } from './support/ib-session.ts';
import type { IbSession, Sim } from './support/ib-session.ts';

describe.each(VERSIONS)('partial and delayed fills at server version %i', (version) => {
  let sim: Sim;
  let s: IbSession;
  beforeEach(async () => {
    sim = await startSim(version);
    s = await sim.connect(1);
    sim.gw.setPrice(AAPL_CON_ID, 150);
  });
  afterEach(() => sim.close());

  it('5,000 shares fill in slices of the displayed size as simulated time passes', async () => {
    const id = s.firstOrderId;
    const total = 5000;
    const firstSlice = sim.gw.engine.quote(AAPL_CON_ID)!.askSize;
    expect(firstSlice).toBeLessThan(total);
    const m = s.mark();
    s.api.placeOrder(id, AAPL, order({ action: 'BUY', orderType: 'MKT', totalQuantity: total }));
    const [, , filled1, remaining1] = await s.waitFor('orderStatus', (oid, st, f) => oid === id && st === 'Submitted' && f > 0, m);
    expect([filled1, remaining1]).toEqual([firstSlice, total - firstSlice]);

    for (let i = 0; i < 100 && !s.statuses(id, m).includes('Filled'); i++) {
      const mk = s.mark();
      sim.gw.advanceClock(250);
      s.api.reqCurrentTime();
      await s.waitFor('currentTime', () => true, mk);
    }
    const [, , filled, remaining, avgFillPrice] = await s.orderStatus(id, 'Filled', m);
    expect([filled, remaining]).toEqual([total, 0]);

    const execs = s.all('execDetails', m).map((a) => a[2]);
    expect(execs.length).toBeGreaterThan(1);
    let cum = 0;
    let value = 0;
    for (const e of execs) {
      cum += e.shares!;
      value += e.shares! * e.price!;
      expect(e.cumQty).toBe(cum);
      expect(e.avgPrice).toBeCloseTo(value / cum, 9);
    }
    expect(cum).toBe(total);
    expect(avgFillPrice).toBeCloseTo(value / total, 9);
    // Running statuses: filled only grows, filled + remaining is the order's size.
    const partials = s.all('orderStatus', m).filter((a) => a[0] === id);
    expect(partials.every((a) => a[2] + a[3] === total)).toBe(true);
    expect(partials.map((a) => a[2])).toEqual([...partials.map((a) => a[2])].sort((x, y) => x - y));
    // $0.005 a share for the whole order, charged slice by slice (the $1 minimum applies to the order).
    const commissions = s.all('commissionReport', m).map(([c]) => c.commission!);
    expect(commissions).toHaveLength(execs.length);
    expect(commissions.reduce((a, b) => a + b, 0)).toBeCloseTo(0.005 * total, 6);
  });

  it('with fills delayed by 2 s of simulated time, a market order waits for the clock, not for the wall', async () => {
    sim.gw.delayFills(2000);
    const id = s.firstOrderId;
    const m = s.mark();
    s.api.placeOrder(id, AAPL, order({ action: 'BUY', orderType: 'MKT', totalQuantity: 10 }));
    await s.orderStatus(id, 'Submitted', m);
    sim.gw.advanceClock(1500);
    s.api.reqCurrentTime();
    await s.waitFor('currentTime', () => true, m);
    expect(s.transitions(id, m)).toEqual(['PreSubmitted', 'Submitted']);
    sim.gw.advanceClock(600);
    await s.orderStatus(id, 'Filled', m);
    expect(s.all('execDetails', m)[0]?.[2].time).toBe('20261123 10:00:02 America/New_York');
  });
});
