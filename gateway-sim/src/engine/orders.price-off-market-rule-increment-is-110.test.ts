// Limit and stop prices are checked against the market rule of the exchange the order is routed to,
// in the band of the order's own price: an AAPL limit may be priced in ten-thousandths below $1 but
// only in cents above; an AAPL option routed to CBOE moves in nickels from $3 while SMART takes cents.
import { describe, expect, it } from 'vitest';
import { AAPL, harness } from './test-support.ts';

const PRICE_VARIATION = 'The price does not conform to the minimum price variation for this contract.';
const buyLmt = (lmtPrice: number) => ({ action: 'BUY', totalQuantity: 1, orderType: 'LMT', lmtPrice });

describe('price increments by market rule', () => {
  it('a US stock: sub-penny limits below $1 pass, above $1 they are 110', () => {
    const h = harness();
    expect(h.engine.placeOrder(1, 1, AAPL, buyLmt(0.5012)).kind).toBe('accepted');
    expect(h.engine.placeOrder(1, 2, AAPL, buyLmt(1.0012))).toEqual({ kind: 'rejected', code: 110, message: PRICE_VARIATION });
    expect(h.engine.placeOrder(1, 3, AAPL, { action: 'SELL', totalQuantity: 1, orderType: 'STP', auxPrice: 100.005 })).toMatchObject({ code: 110 });
    expect(h.engine.placeOrder(1, 4, AAPL, buyLmt(100.01)).kind).toBe('accepted');
  });

  it('an AAPL option: 5.37 is off the nickel grid on CBOE but fine on SMART; below $3 cents pass everywhere', () => {
    const h = harness();
    const [call] = h.engine.resolveContract({ symbol: 'AAPL', secType: 'OPT', right: 'C' });
    if (call === undefined) throw new Error('no AAPL call in the catalogue');
    const onCboe = { conId: call.conId, exchange: 'CBOE' };
    expect(h.engine.placeOrder(1, 1, onCboe, buyLmt(5.37))).toMatchObject({ code: 110, message: PRICE_VARIATION });
    expect(h.engine.placeOrder(1, 2, onCboe, buyLmt(5.35)).kind).toBe('accepted');
    expect(h.engine.placeOrder(1, 3, onCboe, buyLmt(2.97)).kind).toBe('accepted');
    expect(h.engine.placeOrder(1, 4, { conId: call.conId, exchange: 'SMART' }, buyLmt(5.37)).kind).toBe('accepted');
  });

  it('FX: EUR.USD in half-pips, USD.JPY in half-sen', () => {
    const h = harness();
    const eur = { symbol: 'EUR', secType: 'CASH', exchange: 'IDEALPRO', currency: 'USD' };
    const jpy = { symbol: 'USD', secType: 'CASH', exchange: 'IDEALPRO', currency: 'JPY' };
    const buy = (lmtPrice: number) => ({ ...buyLmt(lmtPrice), totalQuantity: 20_000 });
    expect(h.engine.placeOrder(1, 1, eur, buy(1.00003))).toMatchObject({ code: 110 });
    expect(h.engine.placeOrder(1, 2, eur, buy(1.00005)).kind).toBe('accepted');
    expect(h.engine.placeOrder(1, 3, jpy, buy(140.003))).toMatchObject({ code: 110 });
    expect(h.engine.placeOrder(1, 4, jpy, buy(140.005)).kind).toBe('accepted');
  });
});
