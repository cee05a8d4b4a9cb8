import { describe, expect, it } from 'vitest';
import { AAPL, errorsOf, harness } from './test-support.ts';

const lmt = (price: number, qty = 10) => ({ action: 'BUY', totalQuantity: qty, orderType: 'LMT', lmtPrice: price });

describe('order ids and validation errors', () => {
  it('103: an id at or below the highest used that is not an open order is a duplicate', () => {
    const h = harness();
    h.engine.placeOrder(1, 5, AAPL, { action: 'BUY', totalQuantity: 1, orderType: 'MKT' });
    h.clear();
    expect(h.engine.placeOrder(1, 4, AAPL, { action: 'BUY', totalQuantity: 1, orderType: 'MKT' })).toMatchObject({ kind: 'rejected', code: 103 });
    expect(errorsOf(h.events)).toEqual([{ id: 4, code: 103, message: 'Duplicate order id' }]);
    expect(h.engine.nextValidId(1)).toBe(6);
    // Another client has its own sequence.
    expect(h.engine.placeOrder(2, 1, AAPL, { action: 'BUY', totalQuantity: 1, orderType: 'MKT' }).kind).toBe('accepted');
  });

  it('104: re-sending a filled order id', () => {
    const h = harness();
    h.engine.placeOrder(1, 1, AAPL, { action: 'BUY', totalQuantity: 1, orderType: 'MKT' });
    expect(h.engine.placeOrder(1, 1, AAPL, { action: 'BUY', totalQuantity: 2, orderType: 'MKT' })).toMatchObject({ code: 104 });
  });

  it('105: modifying an open order with another side or contract', () => {
    const h = harness();
    const bid = h.engine.quote(265598)!.bid;
    h.engine.placeOrder(1, 1, AAPL, lmt(bid - 5));
    expect(h.engine.placeOrder(1, 1, AAPL, { ...lmt(bid - 5), action: 'SELL' })).toMatchObject({ code: 105 });
    expect(h.engine.placeOrder(1, 1, { ...AAPL, symbol: 'MSFT' }, lmt(bid - 5))).toMatchObject({ code: 105 });
  });

  it('110: a price off the minimum tick', () => {
    const h = harness();
    expect(h.engine.placeOrder(1, 1, AAPL, lmt(100.005))).toMatchObject({ code: 110 });
    const es = { symbol: 'ES', secType: 'FUT', exchange: 'CME', lastTradeDateOrContractMonth: '202612' };
    expect(h.engine.placeOrder(1, 2, es, { ...lmt(5000.1), totalQuantity: 1 })).toMatchObject({ code: 110 });
    expect(h.engine.placeOrder(1, 3, es, { ...lmt(5000.25), totalQuantity: 1 }).kind).toBe('accepted');
  });

  it('200: unknown or ambiguous contracts', () => {
    const h = harness();
    expect(h.engine.placeOrder(1, 1, { symbol: 'NOPE', secType: 'STK', exchange: 'SMART' }, lmt(1))).toMatchObject({ code: 200, message: 'No security definition has been found for the request' });
    expect(h.engine.placeOrder(1, 2, { symbol: 'SHOP', secType: 'STK', exchange: 'SMART' }, lmt(1))).toMatchObject({ code: 200, message: 'The contract description specified for SHOP is ambiguous.' });
    expect(h.engine.placeOrder(1, 3, { symbol: 'SHOP', secType: 'STK', exchange: 'SMART', currency: 'USD' }, lmt(1)).kind).toBe('accepted');
  });

  it('201: insufficient equity is rejected Inactive with the reason', () => {
    const h = harness();
    const out = h.engine.placeOrder(1, 1, AAPL, { action: 'BUY', totalQuantity: 100_000, orderType: 'MKT' });
    expect(out).toMatchObject({ kind: 'rejected', code: 201 });
    expect(h.trace()).toEqual(['openOrder:Inactive', 'orderStatus:Inactive', 'error:201']);
    expect(errorsOf(h.events)[0]?.message).toMatch(/^Order rejected - reason:Your order is not accepted\. In order to obtain the desired position your Equity with Loan Value \[[\d.]+ USD\] must exceed the Initial Margin \[[\d.]+ USD\]$/);
    expect(h.engine.positions()).toHaveLength(0);
  });

  it('321: an unknown order type', () => {
    const h = harness();
    expect(h.engine.placeOrder(1, 1, AAPL, { action: 'BUY', totalQuantity: 1, orderType: 'FOO' })).toMatchObject({
      code: 321,
      message: "Error validating request.-'bF' : cause - Invalid order type was entered",
    });
  });

  it('10147 / 10148: cancelling an unknown order, then a filled one', () => {
    const h = harness();
    expect(h.engine.cancelOrder(1, 99)).toMatchObject({ code: 10147, message: 'OrderId 99 that needs to be cancelled is not found.' });
    h.engine.placeOrder(1, 1, AAPL, { action: 'BUY', totalQuantity: 1, orderType: 'MKT' });
    expect(h.engine.cancelOrder(1, 1)).toMatchObject({ code: 10148, message: 'OrderId 1 that needs to be cancelled can not be cancelled, state: Filled.' });
  });

  it('the reject-next-order fault refuses exactly one order', () => {
    const h = harness();
    h.engine.faults.rejectNextOrder(201, 'No Trading Permission');
    expect(h.engine.placeOrder(1, 1, AAPL, { action: 'BUY', totalQuantity: 1, orderType: 'MKT' })).toMatchObject({ code: 201, message: 'Order rejected - reason:No Trading Permission' });
    expect(h.engine.placeOrder(1, 2, AAPL, { action: 'BUY', totalQuantity: 1, orderType: 'MKT' }).kind).toBe('accepted');
  });
});
