// IB validates an order's own fields before it looks up the contract: Stock("XXX") with no exchange
// and no currency is a 321 "Missing order exchange." (what-if or real), not a 200 for the unknown
// symbol; a bad order type on an unknown symbol is a 321 too. Only checks that need the contract
// (the price grid) wait for it, so an unknown symbol with an off-grid price is a 200.
import { describe, expect, it } from 'vitest';
import { AAPL, errorsOf, harness } from './test-support.ts';

const MISSING_EXCHANGE = "Error validating request.-'bN' : cause - Missing order exchange.";
const mkt = { action: 'BUY', totalQuantity: 1, orderType: 'MKT' };

describe('placeOrder validates the request before the contract', () => {
  it('a what-if on Stock("XXX") without exchange or currency is 321 Missing order exchange, on the order id', () => {
    const h = harness();
    const out = h.engine.placeOrder(1, 7, { symbol: 'XXX', secType: 'STK' }, { ...mkt, whatIf: true });
    expect(out).toEqual({ kind: 'rejected', code: 321, message: MISSING_EXCHANGE });
    expect(errorsOf(h.events)).toEqual([{ id: 7, code: 321, message: MISSING_EXCHANGE }]);
    expect(h.trace()).toEqual(['error:321']);
  });

  it('a real order is refused the same way, for a known symbol and for a bare conId too', () => {
    const h = harness();
    expect(h.engine.placeOrder(1, 1, { symbol: 'XXX', secType: 'STK' }, mkt)).toMatchObject({ code: 321, message: MISSING_EXCHANGE });
    expect(h.engine.placeOrder(1, 2, { symbol: 'AAPL', secType: 'STK', currency: 'USD' }, mkt)).toMatchObject({ code: 321, message: MISSING_EXCHANGE });
    expect(h.engine.placeOrder(1, 3, { conId: 265598 }, mkt)).toMatchObject({ code: 321, message: MISSING_EXCHANGE });
    expect(h.engine.openOrders()).toEqual([]);
    // The refused ids were not used: the first of them still places.
    expect(h.engine.placeOrder(1, 1, AAPL, mkt).kind).toBe('accepted');
  });

  it('with an exchange the unknown symbol is looked up and answered 200', () => {
    const h = harness();
    expect(h.engine.placeOrder(1, 1, { symbol: 'XXX', secType: 'STK', exchange: 'SMART' }, { ...mkt, whatIf: true })).toMatchObject({
      code: 200, message: 'No security definition has been found for the request',
    });
  });

  it('the order fields come before the contract: a bad order type or size on an unknown symbol is 321', () => {
    const h = harness();
    const xxx = { symbol: 'XXX', secType: 'STK', exchange: 'SMART' };
    expect(h.engine.placeOrder(1, 1, xxx, { ...mkt, orderType: 'FOO' })).toMatchObject({ code: 321, message: "Error validating request.-'bF' : cause - Invalid order type was entered" });
    expect(h.engine.placeOrder(1, 2, xxx, { ...mkt, totalQuantity: 0 })).toMatchObject({ code: 321 });
    expect(h.engine.placeOrder(1, 3, xxx, { ...mkt, orderType: 'LMT' })).toMatchObject({ code: 321, message: "Error validating request.-'bL' : cause - A limit price is required" });
    // The price grid needs the contract: an off-grid limit on an unknown symbol is a 200.
    expect(h.engine.placeOrder(1, 4, xxx, { ...mkt, orderType: 'LMT', lmtPrice: 10.005 })).toMatchObject({ code: 200 });
  });
});
