// A what-if order through @stoqey/ib at each version: one openOrder flagged whatIf with the
// margin and commission fields filled in (before, change, after), and nothing placed: no
// orderStatus, no execution, no open order, account values unchanged.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AAPL, AAPL_CON_ID, ACCOUNT, VERSIONS, order, startSim } from './support/ib-session.ts';
import type { IbSession, Sim } from './support/ib-session.ts';

describe.each(VERSIONS)('what-if orders at server version %i', (version) => {
  let sim: Sim;
  let s: IbSession;
  beforeEach(async () => {
    sim = await startSim(version);
    s = await sim.connect(1);
    sim.gw.setPrice(AAPL_CON_ID, 230);
  });
  afterEach(() => sim.close());

  it('answers margin and commission for 1,000 AAPL and places nothing', async () => {
    const before = sim.gw.engine.accountValues(ACCOUNT)!;
    const id = s.firstOrderId;
    const m = s.mark();
    s.api.placeOrder(id, AAPL, order({ action: 'BUY', orderType: 'MKT', totalQuantity: 1000, whatIf: true }));
    const [oid, c, o, st] = await s.waitFor('openOrder', (x) => x === id, m);
    expect(oid).toBe(id);
    expect(c.conId).toBe(AAPL_CON_ID);
    expect(o.whatIf).toBe(true);
    expect(st.status).toBe('PreSubmitted');
    const ask = sim.gw.engine.quote(AAPL_CON_ID)!.ask;
    const mid = (ask + sim.gw.engine.quote(AAPL_CON_ID)!.bid) / 2;
    // An empty account: nothing before; Reg-T initial margin is half the position's value.
    expect(st.initMarginBefore).toBe(0);
    expect(st.maintMarginBefore).toBe(0);
    expect(st.equityWithLoanBefore).toBeCloseTo(1_000_000, 2);
    expect(st.initMarginChange).toBeCloseTo(0.5 * 1000 * mid, 2);
    expect(st.initMarginAfter).toBeCloseTo(0.5 * 1000 * mid, 2);
    expect(st.maintMarginChange).toBeCloseTo(0.25 * 1000 * mid, 2);
    // $0.005 a share: $5 for 1,000 shares.
    expect([st.commission, st.minCommission, st.maxCommission, st.commissionCurrency]).toEqual([5, 5, 5, 'USD']);
    expect(st.warningText ?? '').toBe('');
    expect(ask).toBeGreaterThan(0);

    s.api.reqAllOpenOrders();
    await s.waitFor('openOrderEnd', () => true, m);
    expect(s.all('orderStatus', m)).toEqual([]);
    expect(s.all('execDetails', m)).toEqual([]);
    expect(s.all('openOrder', m).map((a) => a[0])).toEqual([id]);
    expect(sim.gw.engine.accountValues(ACCOUNT)).toEqual(before);
    expect(sim.gw.engine.positions()).toEqual([]);
  });

  it('warns when the order would need more margin than the account has, still without placing it', async () => {
    const id = s.firstOrderId;
    const m = s.mark();
    s.api.placeOrder(id, AAPL, order({ action: 'BUY', orderType: 'LMT', lmtPrice: 230, totalQuantity: 10_000, whatIf: true }));
    const [, , , st] = await s.waitFor('openOrder', (x) => x === id, m);
    expect(st.initMarginAfter).toBeGreaterThan(st.equityWithLoanAfter!);
    expect(st.warningText).toMatch(/initial margin/i);
    s.api.reqOpenOrders();
    await s.waitFor('openOrderEnd', () => true, m);
    expect(s.all('orderStatus', m)).toEqual([]);
  });
});
