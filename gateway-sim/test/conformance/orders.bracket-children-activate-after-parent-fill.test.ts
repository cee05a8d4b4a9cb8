// A bracket placed the way IB documents it (parent and take-profit with transmit=false, the
// stop-loss with transmit=true) through @stoqey/ib at each version: nothing happens until the last
// child arrives, the children wait while the parent rests, go live when it fills, and one
// child's fill cancels the other. Also a plain OCA group and a bracket whose parent is cancelled.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AAPL, AAPL_CON_ID, VERSIONS, order, startSim } from './support/ib-session.ts';
import type { IbSession, Sim } from './support/ib-session.ts';

describe.each(VERSIONS)('bracket and OCA orders at server version %i', (version) => {
  let sim: Sim;
  let s: IbSession;
  beforeEach(async () => {
    sim = await startSim(version);
    s = await sim.connect(1);
    sim.gw.setPrice(AAPL_CON_ID, 230);
  });
  afterEach(() => sim.close());

  /** Parent BUY LMT 225, take-profit SELL LMT 240, stop-loss SELL STP 220. */
  const placeBracket = (parentId: number, transmitLast = true): void => {
    s.api.placeOrder(parentId, AAPL, order({ action: 'BUY', orderType: 'LMT', totalQuantity: 100, lmtPrice: 225, tif: 'GTC', transmit: false, orderRef: 'bracket' }));
    s.api.placeOrder(parentId + 1, AAPL, order({ action: 'SELL', orderType: 'LMT', totalQuantity: 100, lmtPrice: 240, tif: 'GTC', parentId, transmit: false }));
    s.api.placeOrder(parentId + 2, AAPL, order({ action: 'SELL', orderType: 'STP', totalQuantity: 100, auxPrice: 220, tif: 'GTC', parentId, transmit: transmitLast }));
  };

  it('children wait for the parent, activate on its fill, and the take-profit fill cancels the stop-loss', async () => {
    const p = s.firstOrderId;
    const [tp, sl] = [p + 1, p + 2];
    const m = s.mark();
    placeBracket(p);
    await s.orderStatus(sl, 'PreSubmitted', m);
    await s.orderStatus(p, 'Submitted', m);
    // The parent rests; its children are accepted but held (PreSubmitted) while it has not filled.
    expect(s.transitions(p, m)).toEqual(['PreSubmitted', 'Submitted']);
    expect(s.transitions(tp, m)).toEqual(['PreSubmitted']);
    expect(s.transitions(sl, m)).toEqual(['PreSubmitted']);
    const parentOf = (id: number) => s.all('openOrder', m).find((a) => a[0] === id)?.[2];
    expect(parentOf(tp)).toMatchObject({ parentId: p, orderType: 'LMT', lmtPrice: 240, action: 'SELL' });
    expect(parentOf(sl)).toMatchObject({ parentId: p, orderType: 'STP', auxPrice: 220, action: 'SELL' });
    const [, , , , , , tpParent] = await s.orderStatus(tp, 'PreSubmitted', m);
    expect(tpParent).toBe(p);

    // The market comes down to the parent's limit: the parent fills; the take-profit starts working.
    const m2 = s.mark();
    sim.gw.setPrice(AAPL_CON_ID, 224.5);
    const [, , filled, , avg] = await s.orderStatus(p, 'Filled', m2);
    expect(filled).toBe(100);
    expect(avg).toBeLessThanOrEqual(225);
    await s.orderStatus(tp, 'Submitted', m2);
    expect(s.transitions(sl, m2)).toEqual([]); // a stop stays PreSubmitted until triggered
    expect(s.all('execDetails', m2).map((a) => a[2].orderId)).toEqual([p]);

    // Up to the take-profit: it fills, the stop-loss is cancelled by the system.
    const m3 = s.mark();
    sim.gw.setPrice(AAPL_CON_ID, 241);
    const [, , tpFilled, , tpAvg] = await s.orderStatus(tp, 'Filled', m3);
    expect(tpFilled).toBe(100);
    expect(tpAvg).toBeGreaterThanOrEqual(240);
    await s.orderStatus(sl, 'Cancelled', m3);
    await s.waitForError(202, sl, m3);
    expect(s.all('execDetails', m3).map((a) => [a[2].orderId, a[2].side, a[2].shares])).toEqual([[tp, 'SLD', 100]]);
  });

  it('the stop-loss side: a drop through 220 after the fill triggers the stop and cancels the take-profit', async () => {
    const p = s.firstOrderId;
    const [tp, sl] = [p + 1, p + 2];
    const m = s.mark();
    placeBracket(p);
    await s.orderStatus(p, 'Submitted', m);
    sim.gw.setPrice(AAPL_CON_ID, 224);
    await s.orderStatus(tp, 'Submitted', m);
    const m2 = s.mark();
    sim.gw.setPrice(AAPL_CON_ID, 219);
    const [, , filled, , avg] = await s.orderStatus(sl, 'Filled', m2);
    expect(filled).toBe(100);
    expect(avg).toBeLessThanOrEqual(220);
    await s.orderStatus(tp, 'Cancelled', m2);
    const mk = s.mark();
    s.api.reqPositions();
    await s.waitFor('positionEnd', () => true, mk);
    expect(s.all('position', mk).map((a) => [a[1].conId, a[2]])).toEqual([[AAPL_CON_ID, 0]]);
  });

  it('with transmit=false on every leg nothing reaches the market; transmitting the last leg releases all three', async () => {
    const p = s.firstOrderId;
    const m = s.mark();
    placeBracket(p, false);
    s.api.reqCurrentTime();
    await s.waitFor('currentTime', () => true, m);
    expect(s.all('openOrder', m)).toEqual([]);
    expect(s.all('orderStatus', m)).toEqual([]);
    const mk = s.mark();
    s.api.reqAllOpenOrders();
    await s.waitFor('openOrderEnd', () => true, mk);
    expect(s.all('openOrder', mk)).toEqual([]);

    s.api.placeOrder(p + 2, AAPL, order({ action: 'SELL', orderType: 'STP', totalQuantity: 100, auxPrice: 220, tif: 'GTC', parentId: p, transmit: true }));
    await s.orderStatus(p + 2, 'PreSubmitted', m);
    await s.orderStatus(p, 'Submitted', m);
    expect(new Set(s.all('openOrder', m).map((a) => a[0]))).toEqual(new Set([p, p + 1, p + 2]));
  });

  it('cancelling a resting parent cancels its children', async () => {
    const p = s.firstOrderId;
    const m = s.mark();
    placeBracket(p);
    await s.orderStatus(p, 'Submitted', m);
    s.api.cancelOrder(p);
    await s.orderStatus(p, 'Cancelled', m);
    await s.orderStatus(p + 1, 'Cancelled', m);
    await s.orderStatus(p + 2, 'Cancelled', m);
    expect(s.errors(m).filter((e) => e.code === 202).map((e) => e.reqId).sort()).toEqual([p, p + 1, p + 2].sort());
  });

  it('OCA group (type 1): the first order to fill cancels the others of its group; another group is untouched', async () => {
    const id = s.firstOrderId;
    const m = s.mark();
    s.api.placeOrder(id, AAPL, order({ action: 'BUY', orderType: 'LMT', totalQuantity: 10, lmtPrice: 228, tif: 'GTC', ocaGroup: 'g1', ocaType: 1 }));
    s.api.placeOrder(id + 1, AAPL, order({ action: 'BUY', orderType: 'LMT', totalQuantity: 10, lmtPrice: 226, tif: 'GTC', ocaGroup: 'g1', ocaType: 1 }));
    s.api.placeOrder(id + 2, AAPL, order({ action: 'BUY', orderType: 'LMT', totalQuantity: 10, lmtPrice: 220, tif: 'GTC', ocaGroup: 'g2', ocaType: 1 }));
    await s.orderStatus(id + 2, 'Submitted', m);
    expect(s.all('openOrder', m).find((a) => a[0] === id)?.[2]).toMatchObject({ ocaGroup: 'g1', ocaType: 1 });
    sim.gw.setPrice(AAPL_CON_ID, 227.5);
    await s.orderStatus(id, 'Filled', m);
    await s.orderStatus(id + 1, 'Cancelled', m);
    await s.waitForError(202, id + 1, m);
    expect(s.transitions(id + 2, m)).toEqual(['PreSubmitted', 'Submitted']);
  });
});
