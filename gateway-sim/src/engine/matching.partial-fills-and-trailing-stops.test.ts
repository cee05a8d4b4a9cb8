import { describe, expect, it } from 'vitest';
import { AAPL, harness } from './test-support.ts';

describe('an order larger than the displayed size', () => {
  it('fills in slices over time with cumulative quantities and Submitted partial statuses', () => {
    const h = harness(undefined, { fillSliceMs: 250 });
    const q = h.engine.quote(265598)!;
    expect(q.askSize).toBeLessThan(5000);
    h.engine.placeOrder(1, 1, AAPL, { action: 'BUY', totalQuantity: 5000, orderType: 'MKT' });
    const firstSlice = h.events.filter((e) => e.type === 'execution');
    expect(firstSlice).toHaveLength(1);
    expect(h.trace().slice(0, 5)).toEqual(['openOrder:PreSubmitted', 'orderStatus:PreSubmitted', 'execution', 'openOrder:Submitted', 'orderStatus:Submitted']);
    for (let n = 0; n < 200 && h.engine.openOrders().length > 0; n++) {
      h.clock.shift(250);
      h.engine.advance();
    }
    const execs = h.events.flatMap((e) => (e.type === 'execution' ? [e.execution] : []));
    expect(execs.length).toBeGreaterThan(1);
    expect(execs.reduce((s, e) => s + e.shares, 0)).toBe(5000);
    expect(execs.at(-1)?.cumQty).toBe(5000);
    expect(new Set(execs.map((e) => e.execId)).size).toBe(execs.length);
    // $0.005 × 5000 = $25 over the whole order, charged across the slices.
    const commissions = h.events.flatMap((e) => (e.type === 'commissionReport' ? [e.report.commission] : []));
    expect(commissions.reduce((a, b) => a + b, 0)).toBeCloseTo(25, 6);
    expect(h.engine.positions()[0]?.position).toBe(5000);
  });
});

describe('a trailing stop', () => {
  it('follows the price up by the trailing amount and triggers on the way down', () => {
    const h = harness();
    h.engine.placeOrder(1, 1, AAPL, { action: 'BUY', totalQuantity: 10, orderType: 'MKT' });
    h.engine.faults.setPrice(265598, 200);
    h.engine.placeOrder(1, 2, AAPL, { action: 'SELL', totalQuantity: 10, orderType: 'TRAIL', auxPrice: 2 });
    expect(h.engine.openOrders()[0]).toMatchObject({ status: 'PreSubmitted', trailStopPrice: 198 });
    h.engine.faults.setPrice(265598, 210);
    expect(h.engine.openOrders()[0]?.trailStopPrice).toBe(208);
    h.engine.faults.setPrice(265598, 209);
    expect(h.engine.openOrders()[0]?.trailStopPrice).toBe(208);
    h.engine.faults.setPrice(265598, 207.5);
    expect(h.engine.openOrders()).toHaveLength(0);
    expect(h.engine.positions()[0]?.position).toBe(0);
  });

  it('with a trailing percent', () => {
    const h = harness();
    h.engine.faults.setPrice(265598, 100);
    h.engine.placeOrder(1, 1, AAPL, { action: 'BUY', totalQuantity: 10, orderType: 'TRAIL', trailingPercent: 5 });
    expect(h.engine.openOrders()[0]?.trailStopPrice).toBe(105);
    h.engine.faults.setPrice(265598, 90);
    expect(h.engine.openOrders()[0]?.trailStopPrice).toBe(94.5);
    h.engine.faults.setPrice(265598, 95);
    expect(h.engine.openOrders()).toHaveLength(0);
  });
});
