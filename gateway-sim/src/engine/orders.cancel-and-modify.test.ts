import { describe, expect, it } from 'vitest';
import { AAPL, errorsOf, harness } from './test-support.ts';

describe('a resting limit order', () => {
  it('rests Submitted, is modified in place, then cancelled with PendingCancel → Cancelled → 202', () => {
    const h = harness();
    const bid = h.engine.quote(265598)!.bid;
    h.engine.placeOrder(3, 10, AAPL, { action: 'BUY', totalQuantity: 50, orderType: 'LMT', lmtPrice: bid - 10 });
    expect(h.trace()).toEqual(['openOrder:PreSubmitted', 'orderStatus:PreSubmitted', 'openOrder:Submitted', 'orderStatus:Submitted']);
    h.clear();
    expect(h.engine.placeOrder(3, 10, AAPL, { action: 'BUY', totalQuantity: 80, orderType: 'LMT', lmtPrice: bid - 9 }).kind).toBe('modified');
    expect(h.engine.openOrders(3).map((o) => [o.totalQuantity, o.lmtPrice, o.status])).toEqual([[80, bid - 9, 'Submitted']]);
    h.clear();
    // Another client may cancel it by id.
    expect(h.engine.cancelOrder(0, 10)).toEqual({ kind: 'cancelled' });
    expect(h.trace()).toEqual(['orderStatus:PendingCancel', 'orderStatus:Cancelled', 'error:202']);
    expect(errorsOf(h.events)).toEqual([{ id: 10, code: 202, message: 'Order Canceled - reason:' }]);
    expect(h.engine.completedOrders()[0]).toMatchObject({ status: 'Cancelled', completedStatus: 'Cancelled by Trader' });
    expect(h.engine.completedOrders()[0]?.completedTime).toMatch(/^20261123 \d\d:\d\d:\d\d America\/New_York$/);
  });

  it('a modify that makes it marketable fills it', () => {
    const h = harness();
    const q = h.engine.quote(265598)!;
    h.engine.placeOrder(1, 1, AAPL, { action: 'BUY', totalQuantity: 10, orderType: 'LMT', lmtPrice: q.bid - 10 });
    h.engine.placeOrder(1, 1, AAPL, { action: 'BUY', totalQuantity: 10, orderType: 'LMT', lmtPrice: q.ask + 1 });
    expect(h.engine.openOrders()).toHaveLength(0);
    expect(h.engine.positions()[0]?.position).toBe(10);
  });

  it('IOC that cannot fill: PendingCancel → Cancelled without 202; FOK: Inactive', () => {
    const h = harness();
    const bid = h.engine.quote(265598)!.bid;
    h.engine.placeOrder(1, 1, AAPL, { action: 'BUY', totalQuantity: 10, orderType: 'LMT', lmtPrice: bid - 10, tif: 'IOC' });
    expect(h.trace()).toEqual(['openOrder:PreSubmitted', 'orderStatus:PreSubmitted', 'orderStatus:PendingCancel', 'orderStatus:Cancelled']);
    h.clear();
    h.engine.placeOrder(1, 2, AAPL, { action: 'BUY', totalQuantity: 10, orderType: 'LMT', lmtPrice: bid - 10, tif: 'FOK' });
    expect(h.trace()).toEqual(['openOrder:PreSubmitted', 'orderStatus:PreSubmitted', 'openOrder:Inactive', 'orderStatus:Inactive']);
  });

  it('global cancel cancels every client', () => {
    const h = harness();
    const bid = h.engine.quote(265598)!.bid;
    h.engine.placeOrder(1, 1, AAPL, { action: 'BUY', totalQuantity: 1, orderType: 'LMT', lmtPrice: bid - 10 });
    h.engine.placeOrder(2, 1, AAPL, { action: 'BUY', totalQuantity: 1, orderType: 'LMT', lmtPrice: bid - 11 });
    h.clear();
    h.engine.globalCancel(0);
    expect(errorsOf(h.events).map((e) => e.code)).toEqual([202, 202]);
    expect(h.engine.openOrders()).toHaveLength(0);
  });

  it('a DAY order expires at the close with a system cancel; GTC survives', () => {
    const h = harness();
    const bid = h.engine.quote(265598)!.bid;
    h.engine.placeOrder(1, 1, AAPL, { action: 'BUY', totalQuantity: 1, orderType: 'LMT', lmtPrice: bid - 50 });
    h.engine.placeOrder(1, 2, AAPL, { action: 'BUY', totalQuantity: 1, orderType: 'LMT', lmtPrice: bid - 50, tif: 'GTC' });
    h.clock.set(Date.parse('2026-11-23T21:01:00Z'));
    h.engine.advance();
    expect(h.engine.openOrders().map((o) => o.orderId)).toEqual([2]);
    expect(h.engine.completedOrders()[0]).toMatchObject({ orderId: 1, completedStatus: 'Cancelled by System' });
  });
});
