import { describe, expect, it } from 'vitest';
import { AAPL, harness } from './test-support.ts';

describe('account values', () => {
  it('start at 1,000,000 and move with a fill: cash, gross value, margin, buying power; a round trip realizes P&L', () => {
    const h = harness();
    const acct = 'DU1234567';
    const start = h.engine.accountValues(acct)!;
    expect(start).toMatchObject({ NetLiquidation: 1_000_000, TotalCashValue: 1_000_000, InitMarginReq: 0, AvailableFunds: 1_000_000, BuyingPower: 4_000_000, AccountType: 'INDIVIDUAL', DayTradesRemaining: -1 });
    h.engine.faults.setPrice(265598, 200);
    const ask = h.engine.quote(265598)!.ask;
    h.engine.placeOrder(1, 1, AAPL, { action: 'BUY', totalQuantity: 100, orderType: 'MKT' });
    const after = h.engine.accountValues(acct)!;
    expect(after.TotalCashValue).toBeCloseTo(1_000_000 - 100 * ask - 1, 2);
    expect(after.GrossPositionValue).toBeGreaterThan(19_900);
    expect(after.InitMarginReq).toBeCloseTo(after.GrossPositionValue * 0.5, 0);
    expect(after.MaintMarginReq).toBeCloseTo(after.GrossPositionValue * 0.25, 0);
    expect(after.AvailableFunds).toBeCloseTo(after.EquityWithLoanValue - after.InitMarginReq, 2);
    expect(after.BuyingPower).toBeLessThan(start.BuyingPower);
    expect(after.Leverage).toBeGreaterThan(0.019);
    const pos = h.engine.positions(acct)[0]!;
    expect(pos.avgCost).toBeCloseTo(ask + 1 / 100, 6); // commission included, as IB reports it

    h.engine.faults.setPrice(265598, 210);
    const bid = h.engine.quote(265598)!.bid;
    h.clear();
    h.engine.placeOrder(1, 2, AAPL, { action: 'SELL', totalQuantity: 100, orderType: 'MKT' });
    const report = h.events.find((e) => e.type === 'commissionReport');
    if (report?.type !== 'commissionReport') throw new Error('no commission report');
    expect(report.report.realizedPnl).toBeCloseTo(100 * (bid - ask) - 2, 6);
    const end = h.engine.accountValues(acct)!;
    expect(end.TotalCashValue).toBeCloseTo(1_000_000 + report.report.realizedPnl!, 2);
    expect(end.GrossPositionValue).toBe(0);
    expect(end.RealizedPnL).toBeCloseTo(report.report.realizedPnl!, 2);
  });

  it('futures do not debit cash beyond commission and carry the multiplier in avgCost', () => {
    const h = harness();
    const es = { symbol: 'ES', secType: 'FUT', exchange: 'CME', lastTradeDateOrContractMonth: '202612' };
    h.engine.placeOrder(1, 1, es, { action: 'BUY', totalQuantity: 2, orderType: 'MKT' });
    const v = h.engine.accountValues('DU1234567')!;
    expect(v.TotalCashValue).toBeCloseTo(1_000_000 - 4.5, 2);
    expect(v.GrossPositionValue).toBe(0);
    expect(v.InitMarginReq).toBeGreaterThan(0);
    const p = h.engine.positions()[0]!;
    expect(p.avgCost).toBeGreaterThan(50 * 5000);
  });
});

describe('a whatIf order', () => {
  it('answers margin and commission in openOrder and is never placed', () => {
    const h = harness();
    const out = h.engine.placeOrder(1, 1, AAPL, { action: 'BUY', totalQuantity: 100, orderType: 'MKT', whatIf: true });
    if (out.kind !== 'whatIf') throw new Error(`expected whatIf, got ${out.kind}`);
    expect(out.result.initMarginBefore).toBe(0);
    expect(out.result.initMarginAfter).toBeGreaterThan(5000);
    expect(out.result.commission).toBe(1);
    expect(h.trace()).toEqual(['openOrder:PreSubmitted']);
    expect(h.engine.openOrders()).toHaveLength(0);
    expect(h.engine.positions()).toHaveLength(0);
    expect(h.engine.nextValidId(1)).toBe(2);
  });
});
