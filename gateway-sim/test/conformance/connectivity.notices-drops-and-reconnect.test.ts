// Connectivity faults as @stoqey/ib sees them at each version: 1100/1101/1102 and 10197 arrive
// as `info` notices with id −1 and the session keeps working; a dropped connection surfaces as
// `disconnected`; a reconnect with the same client id finds its working order and an order id
// above the ones it used.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AAPL, AAPL_CON_ID, VERSIONS, order, startSim } from './support/ib-session.ts';
import type { IbSession, Sim } from './support/ib-session.ts';

describe.each(VERSIONS)('connectivity at server version %i', (version) => {
  let sim: Sim;
  let s: IbSession;
  beforeEach(async () => {
    sim = await startSim(version);
    s = await sim.connect(1);
    sim.gw.setPrice(AAPL_CON_ID, 230);
  });
  afterEach(() => sim.close());

  it('1100 → 1102 and 1100 → 1101, then 10197: info notices with id −1, the session still trades', async () => {
    const m = s.mark();
    for (const code of [1100, 1102, 1100, 1101] as const) sim.gw.connectivity(code);
    sim.gw.competingSession();
    await s.waitForError(10197, -1, m);
    expect(s.errors(m).map((e) => [e.code, e.reqId])).toEqual([[1100, -1], [1102, -1], [1100, -1], [1101, -1], [10197, -1]]);
    expect(s.errors(m)[0]?.message).toMatch(/Connectivity between IB and Trader Workstation has been lost/);
    expect(s.all('error', m)).toEqual([]);
    s.api.placeOrder(s.firstOrderId, AAPL, order({ action: 'BUY', orderType: 'MKT', totalQuantity: 1 }));
    await s.orderStatus(s.firstOrderId, 'Filled', m);
  });

  it('a dropped connection is reported as disconnected; reconnecting finds the working order and a fresh id', async () => {
    const id = s.firstOrderId + 2;
    const m = s.mark();
    s.api.placeOrder(id, AAPL, order({ action: 'BUY', orderType: 'LMT', lmtPrice: 200, totalQuantity: 3, tif: 'GTC', orderRef: 'survivor' }));
    await s.orderStatus(id, 'Submitted', m);
    expect(sim.gw.dropAllConnections()).toBe(1);
    await s.waitFor('disconnected', () => true, m);
    expect(s.api.isConnected).toBe(false);

    const again = await sim.connect(1);
    expect(again.firstOrderId).toBe(id + 1);
    const mo = again.mark();
    again.api.reqOpenOrders();
    await again.waitFor('openOrderEnd', () => true, mo);
    expect(again.all('openOrder', mo).map((a) => [a[0], a[2].orderRef, a[2].totalQuantity, a[3].status])).toEqual([[id, 'survivor', 3, 'Submitted']]);
  });
});
