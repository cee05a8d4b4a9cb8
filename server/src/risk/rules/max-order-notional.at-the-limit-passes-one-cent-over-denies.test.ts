// Scenario: maxOrderNotional 10,000 USD: 100 shares at 100 pass, at 100.0001 (10,000.01) they are
// denied. A future counts its multiplier; a EUR contract is converted with the exchange rate, and
// without one its value cannot be checked.
import { describe, expect, it } from 'vitest';
import { limitsWith, riskContext } from '../../../test/support/risk-context.ts';
import { orderNotional } from './order-notional.ts';

describe('max order notional', () => {
  it('passes an order worth exactly the limit and denies max_order_notional one cent over', () => {
    expect(orderNotional(riskContext({ order: { quantity: 100 } }), limitsWith()))
      .toMatchObject({ rule: 'max_order_notional', outcome: 'pass', values: { limit: 10_000, actual: 10_000, unit: 'USD' } });
    const over = orderNotional(riskContext({ referencePrice: 100.0001, order: { quantity: 100 } }), limitsWith());
    expect(over).toMatchObject({ outcome: 'deny', code: 'max_order_notional', values: { limit: 10_000 } });
    expect(over.values.actual).toBeCloseTo(10_000.01, 6);
    expect(over.message).toContain('worth 10000.01 USD (100 x 100.0001 x 1)');
  });

  it('values the order at its limit price when that is above the reference price', () => {
    expect(orderNotional(riskContext({ referencePrice: 90, order: { quantity: 100, limitPrice: 100.01 } }), limitsWith()).code).toBe('max_order_notional');
  });

  it('counts the multiplier of a future', () => {
    const es = { instrument: { secType: 'FUT' as const, symbol: 'ES', multiplier: 50 }, referencePrice: 100, order: { quantity: 2 } };
    expect(orderNotional(riskContext(es), limitsWith()).outcome).toBe('pass');
    expect(orderNotional(riskContext({ ...es, order: { quantity: 3 } }), limitsWith())).toMatchObject({ outcome: 'deny', values: { actual: 15_000, multiplier: 50 } });
  });

  it("converts a EUR contract with the rate to the account's currency, and denies without a rate", () => {
    const sap = { instrument: { symbol: 'SAP', currency: 'EUR' }, order: { quantity: 80 } };
    expect(orderNotional(riskContext({ ...sap, fxRate: 1.25 }), limitsWith())).toMatchObject({ outcome: 'pass', values: { actual: 10_000, fxRate: 1.25 } });
    const noRate = orderNotional(riskContext(sap), limitsWith());
    expect(noRate).toMatchObject({ outcome: 'deny', code: 'max_order_notional', values: { actual: null } });
    expect(noRate.message).toContain('no exchange rate from EUR to USD');
  });
});
