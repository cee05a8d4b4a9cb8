import { describe, expect, it } from 'vitest';
import { AAPL, harness } from './test-support.ts';

describe('a bracket order', () => {
  it('stays silent while staged, activates on transmit, children wait for the parent, one child fill cancels the other', () => {
    const h = harness();
    const q = h.engine.quote(265598)!;
    const parentLimit = Math.round((q.bid - 1) * 100) / 100;
    expect(h.engine.placeOrder(1, 1, AAPL, { action: 'BUY', totalQuantity: 10, orderType: 'LMT', lmtPrice: parentLimit, transmit: false }).kind).toBe('staged');
    h.engine.placeOrder(1, 2, AAPL, { action: 'SELL', totalQuantity: 10, orderType: 'LMT', lmtPrice: Math.round((q.ask + 20) * 100) / 100, parentId: 1, transmit: false });
    expect(h.events).toEqual([]);
    h.engine.placeOrder(1, 3, AAPL, { action: 'SELL', totalQuantity: 10, orderType: 'STP', auxPrice: Math.round((q.bid - 20) * 100) / 100, parentId: 1, transmit: true });
    expect(h.engine.openOrders(1).map((o) => [o.orderId, o.status])).toEqual([[1, 'Submitted'], [2, 'PreSubmitted'], [3, 'PreSubmitted']]);
    // The order log keeps each order's transmit flag as it arrived, though the group went live together.
    expect(h.engine.receivedOrders().map((o) => [o.orderId, o.transmit])).toEqual([[1, false], [2, false], [3, true]]);

    // The parent fills when the market comes down to it; the take-profit child goes live.
    h.engine.faults.setPrice(265598, parentLimit - 0.05);
    expect(h.engine.positions()[0]?.position).toBe(10);
    expect(h.engine.openOrders(1).map((o) => [o.orderId, o.status])).toEqual([[2, 'Submitted'], [3, 'PreSubmitted']]);

    // The stop is hit: it fills and its OCA sibling (the take-profit) is cancelled.
    h.clear();
    h.engine.faults.setPrice(265598, Math.round((q.bid - 25) * 100) / 100);
    expect(h.engine.openOrders()).toHaveLength(0);
    expect(h.engine.positions()[0]?.position).toBe(0);
    const statuses = h.events.flatMap((e) => (e.type === 'orderStatus' ? [`${e.status.orderId}:${e.status.status}`] : []));
    expect(statuses).toContain('3:Filled');
    expect(statuses).toContain('2:Cancelled');
  });

  it('a parent IB rejects takes its children: they are cancelled when the group transmits, never left working', () => {
    const h = harness();
    const q = h.engine.quote(265598)!;
    h.engine.faults.rejectNextOrder(201, 'Order rejected - reason:No Trading Permission');
    h.engine.placeOrder(1, 1, AAPL, { action: 'BUY', totalQuantity: 10, orderType: 'MKT', transmit: false });
    h.engine.placeOrder(1, 2, AAPL, { action: 'SELL', totalQuantity: 10, orderType: 'LMT', lmtPrice: Math.round((q.ask + 20) * 100) / 100, parentId: 1, transmit: false });
    h.engine.placeOrder(1, 3, AAPL, { action: 'SELL', totalQuantity: 10, orderType: 'STP', auxPrice: Math.round((q.bid - 20) * 100) / 100, parentId: 1, transmit: true });
    expect(h.engine.openOrders()).toHaveLength(0);
    expect(h.engine.completedOrders().map((o) => [o.orderId, o.status])).toEqual([[1, 'Inactive'], [2, 'Cancelled'], [3, 'Cancelled']]);
    const told = h.events.flatMap((e) => (e.type === 'orderStatus' ? [`${e.status.orderId}:${e.status.status}`] : e.type === 'error' ? [`${e.id}:${e.code}`] : []));
    expect(told).toEqual(expect.arrayContaining(['1:201', '2:Cancelled', '2:202', '3:Cancelled', '3:202']));
    expect(told.filter((t) => t.endsWith('PreSubmitted') || t.endsWith('Submitted'))).toEqual([]);
  });

  it('cancelling an unfilled parent cancels its children', () => {
    const h = harness();
    const q = h.engine.quote(265598)!;
    h.engine.placeOrder(1, 1, AAPL, { action: 'BUY', totalQuantity: 10, orderType: 'LMT', lmtPrice: Math.round((q.bid - 5) * 100) / 100, transmit: false });
    h.engine.placeOrder(1, 2, AAPL, { action: 'SELL', totalQuantity: 10, orderType: 'LMT', lmtPrice: Math.round((q.ask + 5) * 100) / 100, parentId: 1 });
    h.engine.cancelOrder(1, 1);
    expect(h.engine.openOrders()).toHaveLength(0);
    expect(h.engine.completedOrders().map((o) => o.orderId).sort()).toEqual([1, 2]);
  });
});

describe('an OCA group', () => {
  it('cancels the other members when one fills', () => {
    const h = harness();
    const q = h.engine.quote(265598)!;
    const msft = { ...AAPL, symbol: 'MSFT' };
    const mq = h.engine.quote(272093)!;
    h.engine.placeOrder(1, 1, msft, { action: 'BUY', totalQuantity: 5, orderType: 'LMT', lmtPrice: Math.round((mq.bid - 10) * 100) / 100, ocaGroup: 'g1', ocaType: 1 });
    h.engine.placeOrder(1, 2, AAPL, { action: 'BUY', totalQuantity: 5, orderType: 'LMT', lmtPrice: Math.round((q.ask + 1) * 100) / 100, ocaGroup: 'g1', ocaType: 1 });
    expect(h.engine.openOrders()).toHaveLength(0);
    expect(h.engine.completedOrders().map((o) => [o.orderId, o.status])).toEqual([[2, 'Filled'], [1, 'Cancelled']]);
  });
});
