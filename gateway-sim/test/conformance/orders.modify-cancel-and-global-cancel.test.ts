// Changing and withdrawing orders through @stoqey/ib at each version: a modification re-sends the
// same id (new price and size echoed, same permId), a modification into the market fills, a
// mismatching or late modification is refused (105, 104); cancel runs PendingCancel → Cancelled
// → 202, cancelling twice or an unknown id is refused (10148, 10147); another client may cancel
// an order it learnt about; reqGlobalCancel withdraws every client's open orders.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AAPL, AAPL_CON_ID, VERSIONS, order, startSim } from './support/ib-session.ts';
import type { IbSession, Sim } from './support/ib-session.ts';

describe.each(VERSIONS)('modify and cancel at server version %i', (version) => {
  let sim: Sim;
  let s: IbSession;
  beforeEach(async () => {
    sim = await startSim(version);
    s = await sim.connect(1);
    sim.gw.setPrice(AAPL_CON_ID, 230);
  });
  afterEach(() => sim.close());

  const rest = (id: number, lmtPrice: number, totalQuantity = 10, who = s): void => {
    who.api.placeOrder(id, AAPL, order({ action: 'BUY', orderType: 'LMT', totalQuantity, lmtPrice, tif: 'GTC' }));
  };

  it('a modification keeps the permId and echoes the new price and size; moving the limit into the market fills it', async () => {
    const id = s.firstOrderId;
    const m = s.mark();
    rest(id, 200);
    const [, , , , , permId] = await s.orderStatus(id, 'Submitted', m);
    const m2 = s.mark();
    rest(id, 201.5, 25);
    const [, , o, st] = await s.waitFor('openOrder', (oid) => oid === id, m2);
    expect(o).toMatchObject({ lmtPrice: 201.5, totalQuantity: 25, permId });
    expect(st.status).toBe('Submitted');
    const [, , filled, remaining, , permAgain] = await s.waitFor('orderStatus', (oid) => oid === id, m2);
    expect([filled, remaining, permAgain]).toEqual([0, 25, permId]);

    const m3 = s.mark();
    rest(id, 231, 25);
    const [, , f, r, avg] = await s.orderStatus(id, 'Filled', m3);
    expect([f, r]).toEqual([25, 0]);
    expect(avg).toBeLessThanOrEqual(231);
    expect(s.all('execDetails', m3).map((a) => [a[2].orderId, a[2].shares, a[2].permId])).toEqual([[id, 25, permId]]);
  });

  it('modifying the side is refused with 105; modifying a filled order with 104; the order is unchanged', async () => {
    const id = s.firstOrderId;
    const m = s.mark();
    rest(id, 200);
    await s.orderStatus(id, 'Submitted', m);
    s.api.placeOrder(id, AAPL, order({ action: 'SELL', orderType: 'LMT', totalQuantity: 10, lmtPrice: 200, tif: 'GTC' }));
    expect((await s.waitForError(105, id, m)).message).toBe('Order being modified does not match original order.');
    const mk = s.mark();
    s.api.reqOpenOrders();
    await s.waitFor('openOrderEnd', () => true, mk);
    expect(s.all('openOrder', mk).map((a) => [a[0], a[2].action, a[2].lmtPrice])).toEqual([[id, 'BUY', 200]]);

    const filledId = id + 1;
    s.api.placeOrder(filledId, AAPL, order({ action: 'BUY', orderType: 'MKT', totalQuantity: 1 }));
    await s.orderStatus(filledId, 'Filled', m);
    s.api.placeOrder(filledId, AAPL, order({ action: 'BUY', orderType: 'MKT', totalQuantity: 2 }));
    expect((await s.waitForError(104, filledId, m)).message).toBe("Can't modify a filled order");
  });

  it('cancel: PendingCancel → Cancelled → 202; a second cancel gets 10148, an unknown id 10147', async () => {
    const id = s.firstOrderId;
    const m = s.mark();
    rest(id, 200);
    await s.orderStatus(id, 'Submitted', m);
    const m2 = s.mark();
    s.api.cancelOrder(id);
    const [, , filled, remaining] = await s.orderStatus(id, 'Cancelled', m2);
    expect([filled, remaining]).toEqual([0, 10]);
    expect(s.transitions(id, m2)).toEqual(['PendingCancel', 'Cancelled']);
    expect(await s.waitForError(202, id, m2)).toEqual({ code: 202, reqId: id, message: 'Order Canceled - reason:' });
    // The 202 comes after the Cancelled status.
    const names = s.names(m2, ['orderStatus', 'error']);
    expect(names.at(-1)).toBe('error');

    s.api.cancelOrder(id);
    expect((await s.waitForError(10148, id, m2)).message).toBe(`OrderId ${id} that needs to be cancelled can not be cancelled, state: Cancelled.`);
    s.api.cancelOrder(9999);
    expect((await s.waitForError(10147, 9999, m2)).message).toBe('OrderId 9999 that needs to be cancelled is not found.');
  });

  it('client 0 sees client 1\'s order through reqAllOpenOrders and cancels it', async () => {
    const id = s.firstOrderId;
    const m = s.mark();
    rest(id, 200);
    await s.orderStatus(id, 'Submitted', m);
    const admin = await sim.connect(0);
    const ma = admin.mark();
    admin.api.reqAllOpenOrders();
    await admin.waitFor('openOrderEnd', () => true, ma);
    const seen = admin.all('openOrder', ma).map((a) => [a[0], a[2].clientId]);
    expect(seen).toEqual([[id, 1]]);
    admin.api.cancelOrder(id);
    await s.orderStatus(id, 'Cancelled', m);
    await s.waitForError(202, id, m);
  });

  it('reqGlobalCancel cancels the open orders of every client, each told about its own', async () => {
    const other = await sim.connect(2);
    const id1 = s.firstOrderId;
    const id2 = other.firstOrderId;
    const m1 = s.mark();
    const m2 = other.mark();
    rest(id1, 200);
    rest(id1 + 1, 201);
    rest(id2, 199, 5, other);
    await s.orderStatus(id1 + 1, 'Submitted', m1);
    await other.orderStatus(id2, 'Submitted', m2);

    s.api.reqGlobalCancel();
    await s.orderStatus(id1, 'Cancelled', m1);
    await s.orderStatus(id1 + 1, 'Cancelled', m1);
    await other.orderStatus(id2, 'Cancelled', m2);
    expect(s.errors(m1).filter((e) => e.code === 202).map((e) => e.reqId).sort()).toEqual([id1, id1 + 1]);
    expect(other.errors(m2).filter((e) => e.code === 202).map((e) => e.reqId)).toEqual([id2]);
    // Nothing is left open anywhere.
    const mk = s.mark();
    s.api.reqAllOpenOrders();
    await s.waitFor('openOrderEnd', () => true, mk);
    expect(s.all('openOrder', mk)).toEqual([]);
  });
});
