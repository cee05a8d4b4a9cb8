import { describe, expect, it } from 'vitest';
import { AAPL, harness } from './test-support.ts';

describe('a market order during regular hours', () => {
  it('fills at the ask with the §6.4 message sequence and a $1 minimum commission', () => {
    const h = harness();
    const ask = h.engine.quote(265598)!.ask;
    const id = h.engine.nextValidId(100);
    const out = h.engine.placeOrder(100, id, AAPL, { action: 'BUY', totalQuantity: 100, orderType: 'MKT', orderRef: 'kx-1' });
    expect(out.kind).toBe('accepted');
    expect(h.trace()).toEqual([
      'openOrder:PreSubmitted', 'orderStatus:PreSubmitted', 'execution', 'openOrder:Filled', 'orderStatus:Filled',
      'commissionReport', 'position', 'accountValues',
    ]);
    const exec = h.events.find((e) => e.type === 'execution');
    if (exec?.type !== 'execution') throw new Error('no execution');
    expect(exec.execution).toMatchObject({ orderId: id, clientId: 100, side: 'BOT', shares: 100, price: ask, cumQty: 100, exchange: 'ISLAND', orderRef: 'kx-1' });
    expect(exec.execution.execId).toMatch(/^[0-9a-f]{8}\.[0-9a-f]{8}\.01\.01$/);
    expect(exec.execution.time).toMatch(/^20261123 10:30:00 America\/New_York$/);
    const report = h.events.find((e) => e.type === 'commissionReport');
    if (report?.type !== 'commissionReport') throw new Error('no commission');
    expect(report.report).toEqual({ execId: exec.execution.execId, commission: 1, currency: 'USD', realizedPnl: undefined });
    const filled = h.events.filter((e) => e.type === 'orderStatus').at(-1);
    if (filled?.type !== 'orderStatus') throw new Error('no status');
    expect(filled.status).toMatchObject({ status: 'Filled', filled: 100, remaining: 0, avgFillPrice: ask, lastFillPrice: ask, clientId: 100 });
    expect(filled.status.permId).toBeGreaterThan(100_000_000);
    expect(h.engine.openOrders()).toHaveLength(0);
    expect(h.engine.completedOrders().map((o) => [o.orderId, o.status, o.completedStatus])).toEqual([[id, 'Filled', 'Filled']]);
  });

  it('waits PreSubmitted before the open without outsideRth, then fills once liquid hours start', () => {
    const h = harness(Date.parse('2026-11-23T12:00:00Z'));
    h.engine.placeOrder(1, 1, AAPL, { action: 'BUY', totalQuantity: 10, orderType: 'MKT' });
    expect(h.trace()).toEqual(['openOrder:PreSubmitted', 'orderStatus:PreSubmitted']);
    h.clock.set(Date.parse('2026-11-23T14:31:00Z'));
    h.engine.advance();
    expect(h.trace()).toContain('orderStatus:Filled');
  });

  it('fills pre-market when outsideRth is set', () => {
    const h = harness(Date.parse('2026-11-23T12:00:00Z'));
    h.engine.placeOrder(1, 1, AAPL, { action: 'BUY', totalQuantity: 10, orderType: 'MKT', outsideRth: true });
    expect(h.trace()).toContain('orderStatus:Filled');
  });
});
