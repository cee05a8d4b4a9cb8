// GET /orders: every order the simulator received, oldest first, with its ids, orderRef, contract,
// terms, the engine's current status and fills, and the simulated time it arrived: a test counts
// orders at "IB" here, independently of the client. A modification counts on its order's row
// (modifiedTimes); an order refused at entry is a row of its own with status Refused and the error;
// what-if requests are not orders and stay out.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { admin } from '../support/admin.ts';
import { AAPL, AAPL_CON_ID, ACCOUNT, TEST_START_MS, contract, order, startSim } from '../conformance/support/ib-session.ts';
import type { IbSession, Sim } from '../conformance/support/ib-session.ts';

describe('GET /orders', () => {
  let sim: Sim;
  let s: IbSession;
  beforeEach(async () => {
    sim = await startSim(178, { adminPort: 0 });
    s = await sim.connect(1);
    sim.gw.setPrice(AAPL_CON_ID, 230);
  });
  afterEach(() => sim.close());

  it('lists filled, modified, bracket, rejected and refused orders with their live status; what-ifs stay out', async () => {
    const id = s.firstOrderId;
    const m = s.mark();
    s.api.placeOrder(id, AAPL, order({ action: 'BUY', orderType: 'MKT', totalQuantity: 10, orderRef: 'kx-mkt' }));
    await s.orderStatus(id, 'Filled', m);

    sim.gw.advanceClock(1000);
    s.api.placeOrder(id + 1, AAPL, order({ action: 'BUY', orderType: 'LMT', lmtPrice: 200, totalQuantity: 5, tif: 'GTC', orderRef: 'kx-lmt' }));
    await s.orderStatus(id + 1, 'Submitted', m);
    for (const lmtPrice of [201, 202]) {
      const mk = s.mark();
      s.api.placeOrder(id + 1, AAPL, order({ action: 'BUY', orderType: 'LMT', lmtPrice, totalQuantity: 7, tif: 'GTC', orderRef: 'kx-lmt' }));
      await s.waitFor('openOrder', (oid, _c, o) => oid === id + 1 && o.lmtPrice === lmtPrice, mk);
    }
    // A stop child of the limit order; a what-if; an unknown symbol (200); a rejection by "IB" (201, booked Inactive).
    s.api.placeOrder(id + 2, AAPL, order({ action: 'SELL', orderType: 'STP', auxPrice: 190, totalQuantity: 7, tif: 'GTC', parentId: id + 1, orderRef: 'kx-stp' }));
    s.api.placeOrder(id + 3, AAPL, order({ action: 'BUY', orderType: 'MKT', totalQuantity: 1, whatIf: true }));
    s.api.placeOrder(id + 4, contract({ symbol: 'NOSUCH', secType: 'STK', exchange: 'SMART', currency: 'USD' }), order({ action: 'BUY', orderType: 'MKT', totalQuantity: 2, orderRef: 'kx-unknown' }));
    await s.waitForError(200, id + 4, m);
    sim.gw.rejectNextOrder(201, 'Order rejected - reason:No Trading Permission');
    s.api.placeOrder(id + 5, AAPL, order({ action: 'SELL', orderType: 'MKT', totalQuantity: 3, orderRef: 'kx-rejected' }));
    await s.waitForError(201, id + 5, m);
    s.api.cancelOrder(id + 1);
    await s.orderStatus(id + 1, 'Cancelled', m);

    const answer = await admin(sim.gw, '/orders', undefined, 'GET');
    expect(answer.status).toBe(200);
    const rows = answer.json['orders'] as Record<string, unknown>[];
    expect(answer.json['count']).toBe(rows.length);
    const permOf = (oid: number): number => s.all('orderStatus').find((a) => a[0] === oid)![5];
    const t1 = TEST_START_MS + 1000;
    const common = { clientId: 1, account: ACCOUNT, conId: AAPL_CON_ID, symbol: 'AAPL' };
    expect(rows).toEqual([
      { ...common, orderId: id, permId: permOf(id), orderRef: 'kx-mkt', action: 'BUY', totalQuantity: 10, orderType: 'MKT', parentId: 0, transmit: true, status: 'Filled', filled: 10, remaining: 0, receivedAtMs: TEST_START_MS, modifiedTimes: 0 },
      { ...common, orderId: id + 1, permId: permOf(id + 1), orderRef: 'kx-lmt', action: 'BUY', totalQuantity: 7, orderType: 'LMT', lmtPrice: 202, parentId: 0, transmit: true, status: 'Cancelled', filled: 0, remaining: 7, receivedAtMs: t1, modifiedTimes: 2 },
      { ...common, orderId: id + 2, permId: expect.any(Number), orderRef: 'kx-stp', action: 'SELL', totalQuantity: 7, orderType: 'STP', auxPrice: 190, parentId: id + 1, transmit: true, status: 'Cancelled', filled: 0, remaining: 7, receivedAtMs: t1, modifiedTimes: 0 },
      { clientId: 1, orderId: id + 4, permId: 0, orderRef: 'kx-unknown', account: '', conId: 0, symbol: 'NOSUCH', action: 'BUY', totalQuantity: 2, orderType: 'MKT', parentId: 0, transmit: true, status: 'Refused', filled: 0, remaining: 2, receivedAtMs: t1, modifiedTimes: 0, error: { code: 200, message: 'No security definition has been found for the request' } },
      { ...common, orderId: id + 5, permId: expect.any(Number), orderRef: 'kx-rejected', action: 'SELL', totalQuantity: 3, orderType: 'MKT', parentId: 0, transmit: true, status: 'Inactive', filled: 0, remaining: 3, receivedAtMs: t1, modifiedTimes: 0 },
    ]);
    expect(new Set(rows.map((r) => r['permId'])).size).toBe(rows.length);
  });

  it('orders of every client, in the order they arrived', async () => {
    const s2 = await sim.connect(2);
    s.api.placeOrder(s.firstOrderId, AAPL, order({ action: 'BUY', orderType: 'MKT', totalQuantity: 1 }));
    await s.orderStatus(s.firstOrderId, 'Filled');
    s2.api.placeOrder(s2.firstOrderId, AAPL, order({ action: 'BUY', orderType: 'MKT', totalQuantity: 2 }));
    await s2.orderStatus(s2.firstOrderId, 'Filled');
    s.api.placeOrder(s.firstOrderId + 1, AAPL, order({ action: 'SELL', orderType: 'MKT', totalQuantity: 1 }));
    await s.orderStatus(s.firstOrderId + 1, 'Filled');
    expect(sim.gw.orders().map((o) => [o.clientId, o.orderId, o.action, o.totalQuantity])).toEqual([
      [1, s.firstOrderId, 'BUY', 1], [2, s2.firstOrderId, 'BUY', 2], [1, s.firstOrderId + 1, 'SELL', 1],
    ]);
  });
});
