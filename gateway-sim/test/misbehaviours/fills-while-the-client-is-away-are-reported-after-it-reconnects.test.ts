// Orders keep working at the gateway while their client is disconnected (after /drop-connections):
// a resting order that fills meanwhile is pushed to nobody, and after the reconnect reqExecutions,
// reqCompletedOrders and reqOpenOrders tell the client what happened. An engine that does not ask
// after reconnecting never learns of the fill.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AAPL, AAPL_CON_ID, order, startSim } from '../conformance/support/ib-session.ts';
import type { IbSession, Sim } from '../conformance/support/ib-session.ts';

describe('fills while the client is disconnected', () => {
  let sim: Sim;
  let s: IbSession;
  beforeEach(async () => {
    sim = await startSim(178, { adminPort: 0 });
    s = await sim.connect(1);
    sim.gw.setPrice(AAPL_CON_ID, 230);
  });
  afterEach(() => sim.close());

  it('a resting order fills with nobody connected; the reconnected client finds the execution and the completed order', async () => {
    const id = s.firstOrderId;
    const m = s.mark();
    s.api.placeOrder(id, AAPL, order({ action: 'BUY', orderType: 'LMT', lmtPrice: 220, totalQuantity: 10, tif: 'GTC', orderRef: 'kx-away' }));
    await s.orderStatus(id, 'Submitted', m);
    expect(sim.gw.dropAllConnections()).toBe(1);
    await s.waitFor('disconnected', () => true, m);

    sim.gw.setPrice(AAPL_CON_ID, 215);
    const atIb = sim.gw.orders().find((o) => o.orderId === id);
    expect(atIb).toMatchObject({ status: 'Filled', filled: 10, remaining: 0, orderRef: 'kx-away' });
    expect(s.all('execDetails', m)).toEqual([]);

    const again = await sim.connect(1);
    const m2 = again.mark();
    // Nothing is pushed unasked on a reconnect (see resend-executions-on-reconnect for the IB habit that does).
    await again.roundTrip();
    expect(again.all('execDetails', m2)).toEqual([]);

    again.api.reqExecutions(7, {});
    const execs = await again.collect('execDetails', 'execDetailsEnd', (r) => r === 7, m2);
    expect(execs.map(([reqId, c, e]) => [reqId, c.symbol, e.orderId, e.orderRef, e.shares, e.side])).toEqual([[7, 'AAPL', id, 'kx-away', 10, 'BOT']]);
    expect(again.all('commissionReport', m2).map(([c]) => c.execId)).toEqual([execs[0]![2].execId]);

    const m3 = again.mark();
    again.api.reqCompletedOrders(false);
    const completed = await again.collect('completedOrder', 'completedOrdersEnd', () => true, m3);
    expect(completed.map(([c, o, st]) => [c.symbol, o.orderRef, o.filledQuantity, st.status])).toEqual([['AAPL', 'kx-away', 10, 'Filled']]);

    const m4 = again.mark();
    again.api.reqOpenOrders();
    await again.waitFor('openOrderEnd', () => true, m4);
    expect(again.all('openOrder', m4)).toEqual([]);
  });
});
