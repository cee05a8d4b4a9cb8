// Scenario: collar 5% around a reference price of 100: a buy limit at 105 and a sell limit at 95
// pass; 105.01 and 94.99 are denied. A stop limit is judged by its farther price; a market order
// has nothing to check; without a reference price a priced order cannot be checked.
import { describe, expect, it } from 'vitest';
import { limitsWith, riskContext } from '../../../test/support/risk-context.ts';
import { priceCollar } from './price-collar.ts';

describe('price collar', () => {
  it('passes a limit exactly 5% away and denies price_collar a cent further, on both sides', () => {
    expect(priceCollar(riskContext({ order: { limitPrice: 105 } }), limitsWith()))
      .toMatchObject({ rule: 'price_collar', outcome: 'pass', values: { limit: 5, actual: 5, unit: 'percent', field: 'limitPrice' } });
    expect(priceCollar(riskContext({ order: { side: 'SELL', limitPrice: 95 } }), limitsWith()).outcome).toBe('pass');
    const far = priceCollar(riskContext({ order: { limitPrice: 105.01 } }), limitsWith());
    expect(far).toMatchObject({ outcome: 'deny', code: 'price_collar', values: { price: 105.01, referencePrice: 100 } });
    expect(far.message).toContain('limitPrice 105.01 is 5.01% from the reference price 100');
    expect(priceCollar(riskContext({ order: { side: 'SELL', limitPrice: 94.99 } }), limitsWith()).code).toBe('price_collar');
  });

  it('holds a price that is on the collar despite float noise (190.5 +5% = 200.025)', () => {
    expect(priceCollar(riskContext({ referencePrice: 190.5, order: { limitPrice: 200.025 } }), limitsWith()).outcome).toBe('pass');
  });

  it('judges a stop limit by the farther of its two prices', () => {
    const outcome = priceCollar(riskContext({ order: { orderType: 'STP LMT', stopPrice: 106, limitPrice: 104 } }), limitsWith());
    expect(outcome).toMatchObject({ outcome: 'deny', values: { field: 'stopPrice', price: 106 } });
  });

  it('skips a market order and denies a priced order without a reference price', () => {
    expect(priceCollar(riskContext({ order: { orderType: 'MKT', limitPrice: undefined } }), limitsWith()).outcome).toBe('skip');
    const blind = priceCollar(riskContext({ referencePrice: undefined }), limitsWith());
    expect(blind).toMatchObject({ outcome: 'deny', code: 'price_collar' });
    expect(blind.message).toContain('No reference price for AAPL');
  });
});
