// Sizing turns each size spec into a quantity, rounded DOWN to the size increment (never more than
// asked, and float noise never drops a whole step); limit and stop prices go to the passive side.
import { describe, expect, it } from 'vitest';
import { minTickRule, roundDownToIncrement, roundPrice, sizeOrder } from './sizing.ts';

const STOCK = { referencePrice: 200, multiplier: 1, sizeIncrement: 1, netLiquidation: 100_000, accountCurrency: 'USD', instrumentCurrency: 'USD' };

describe('sizing', () => {
  it('gives each spec its quantity, rounded down to the increment', () => {
    expect(sizeOrder({ qty: 12.9 }, STOCK)).toMatchObject({ ok: true, quantity: 12 });
    expect(sizeOrder({ notional: 5000 }, STOCK)).toMatchObject({ ok: true, quantity: 25 });
    expect(sizeOrder({ notional: 5199 }, STOCK)).toMatchObject({ ok: true, quantity: 25 });
    expect(sizeOrder({ percentOfEquity: 2 }, STOCK)).toMatchObject({ ok: true, quantity: 10 });
    expect(sizeOrder({ riskAmount: 200, stopPrice: 190 }, STOCK)).toMatchObject({ ok: true, quantity: 20 });
    // The signal's limit is the entry when it sets one.
    expect(sizeOrder({ riskAmount: 200, stopPrice: 190 }, { ...STOCK, entryPrice: 195 })).toMatchObject({ ok: true, quantity: 40 });
    // A future: the multiplier counts.
    expect(sizeOrder({ notional: 600_000 }, { ...STOCK, referencePrice: 5000, multiplier: 50 })).toMatchObject({ ok: true, quantity: 2 });
  });

  it('keeps a whole step that float noise put a hair below it, and rounds fractional shares to 0.0001', () => {
    expect(roundDownToIncrement(0.3 / 0.1, 1)).toBe(3);
    expect(roundDownToIncrement(21.88183807, 0.0001)).toBe(21.8818);
  });

  it('denies a size that rounds to zero, and percentOfEquity across currencies', () => {
    expect(sizeOrder({ notional: 150 }, STOCK)).toMatchObject({ ok: false, code: 'size_rounds_to_zero', values: { rawQuantity: 0.75, quantity: 0 } });
    expect(sizeOrder({ percentOfEquity: 2 }, { ...STOCK, instrumentCurrency: 'CAD' })).toMatchObject({ ok: false, code: 'fx_rate_unavailable' });
  });

  it('rounds a limit toward the passive side and a stop so it triggers no sooner', () => {
    const cents = minTickRule(0.01);
    expect(roundPrice(cents, 190.017, 'BUY', 'limit')).toBe(190.01);
    expect(roundPrice(cents, 190.017, 'SELL', 'limit')).toBe(190.02);
    expect(roundPrice(cents, 190.013, 'BUY', 'stop')).toBe(190.02);
    expect(roundPrice(cents, 190.017, 'SELL', 'stop')).toBe(190.01);
  });
});
