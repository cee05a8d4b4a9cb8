// Scenario (issue 13): the intake rounds a limit price with the instrument's market rule, not only
// its minTick. Bands by the price's magnitude, edges inclusive; BUY rounds down and SELL up;
// float noise never moves a price that is on the grid, and results are clean decimals.
import { describe, expect, it } from 'vitest';
import { isOnGrid, priceIncrement, roundToGrid, type MarketRule } from './price-grid.ts';

/** US stocks: ten-thousandths below $1, cents from $1. */
const US_STOCK: MarketRule = { id: 26, increments: [{ lowEdge: 0, increment: 0.0001 }, { lowEdge: 1, increment: 0.01 }] };
/** Equity options: cents below $3, nickels from $3. */
const OPTION: MarketRule = { id: 36, increments: [{ lowEdge: 0, increment: 0.01 }, { lowEdge: 3, increment: 0.05 }] };
const FX: MarketRule = { id: 239, increments: [{ lowEdge: 0, increment: 0.00005 }] };
const INDEX_FUTURE: MarketRule = { id: 67, increments: [{ lowEdge: 0, increment: 0.25 }] };

describe('priceIncrement', () => {
  it('takes the band the price falls in, the low edge included', () => {
    expect(priceIncrement(US_STOCK, 0)).toBe(0.0001);
    expect(priceIncrement(US_STOCK, 0.9999)).toBe(0.0001);
    expect(priceIncrement(US_STOCK, 1)).toBe(0.01);
    expect(priceIncrement(US_STOCK, 250.37)).toBe(0.01);
    expect(priceIncrement(OPTION, 2.99)).toBe(0.01);
    expect(priceIncrement(OPTION, 3)).toBe(0.05);
  });

  it('bands a negative price by its magnitude', () => {
    expect(priceIncrement(US_STOCK, -0.5)).toBe(0.0001);
    expect(priceIncrement(US_STOCK, -1.5)).toBe(0.01);
  });

  it('refuses a rule without bands and a price that is not a number, saying which', () => {
    expect(() => priceIncrement({ id: 9, increments: [] }, 1)).toThrow('market rule 9 has no price bands');
    expect(() => priceIncrement(US_STOCK, Number.NaN)).toThrow('a price must be a finite number, not NaN');
  });
});

describe('roundToGrid', () => {
  it('rounds a BUY down and a SELL up, toward the passive side', () => {
    expect(roundToGrid(US_STOCK, 187.234, 'BUY')).toBe(187.23);
    expect(roundToGrid(US_STOCK, 187.234, 'SELL')).toBe(187.24);
    expect(roundToGrid(INDEX_FUTURE, 5012.1, 'BUY')).toBe(5012);
    expect(roundToGrid(INDEX_FUTURE, 5012.1, 'SELL')).toBe(5012.25);
    expect(roundToGrid(OPTION, 5.37, 'BUY')).toBe(5.35);
    expect(roundToGrid(OPTION, 5.37, 'SELL')).toBe(5.4);
  });

  it('1.0012 under the stock rule: the cent band applies from $1, so 1.00 to buy and 1.01 to sell', () => {
    expect(roundToGrid(US_STOCK, 1.0012, 'BUY')).toBe(1);
    expect(roundToGrid(US_STOCK, 1.0012, 'SELL')).toBe(1.01);
    expect(isOnGrid(US_STOCK, 1.0012)).toBe(false);
    // Below the edge the same digits are on the finer grid.
    expect(isOnGrid(US_STOCK, 0.0012)).toBe(true);
    expect(roundToGrid(US_STOCK, 0.99991, 'BUY')).toBe(0.9999);
  });

  it('a SELL rounded up across a band edge lands on the upper band\'s grid', () => {
    expect(roundToGrid(US_STOCK, 0.99995, 'SELL')).toBe(1);
    expect(roundToGrid(OPTION, 2.995, 'SELL')).toBe(3);
    // A rule whose edge is not on the upper grid: rounding goes on in the band it reached.
    const odd: MarketRule = { id: 1, increments: [{ lowEdge: 0, increment: 0.01 }, { lowEdge: 1.01, increment: 0.25 }] };
    expect(roundToGrid(odd, 1.005, 'SELL')).toBe(1.25);
    expect(roundToGrid(odd, 1.1, 'BUY')).toBe(1);
  });

  it('float noise does not move a price that is on the grid (0.1 + 0.2 is 0.30)', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(roundToGrid(US_STOCK, 0.1 + 0.2, 'SELL')).toBe(0.3);
    expect(roundToGrid(US_STOCK, 0.1 + 0.2, 'BUY')).toBe(0.3);
    expect(isOnGrid(US_STOCK, 0.1 + 0.2)).toBe(true);
    // 1.1 - 0.1 is 1.0000000000000002: a dollar, not a cent more.
    expect(roundToGrid(US_STOCK, 1.1 - 0.1, 'SELL')).toBe(1);
    // 3 * 1.15 is 3.4499999999999997: on the cent grid, not a cent less.
    expect(roundToGrid(US_STOCK, 3 * 1.15, 'BUY')).toBe(3.45);
    expect(roundToGrid(OPTION, 0.7 * 3 * 5, 'BUY')).toBe(10.5);
  });

  it('returns clean decimals: each result equals the literal it stands for', () => {
    expect(roundToGrid(FX, 1.08437, 'BUY')).toBe(1.08435);
    expect(roundToGrid(FX, 1.08437, 'SELL')).toBe(1.0844);
    expect(roundToGrid(US_STOCK, 0.12345, 'BUY')).toBe(0.1234);
    expect(roundToGrid(US_STOCK, 0.12345, 'SELL')).toBe(0.1235);
    for (let cents = 100; cents < 2000; cents += 7) {
      const literal = Number(`${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`);
      expect(roundToGrid(US_STOCK, literal + 0.004, 'BUY')).toBe(literal);
    }
  });

  it('negative prices round toward the passive side too', () => {
    expect(roundToGrid(US_STOCK, -1.0012, 'BUY')).toBe(-1.01);
    expect(roundToGrid(US_STOCK, -1.0012, 'SELL')).toBe(-1);
  });

  it('large prices stay exact', () => {
    expect(roundToGrid(US_STOCK, 987654.321, 'BUY')).toBe(987654.32);
    expect(roundToGrid(US_STOCK, 987654.321, 'SELL')).toBe(987654.33);
    expect(roundToGrid(FX, 12345.678901, 'BUY')).toBe(12345.6789);
    expect(roundToGrid(FX, 12345.678901, 'SELL')).toBe(12345.67895);
  });

  it('refuses a side that is neither BUY nor SELL, and an increment that is not a decimal tick', () => {
    expect(() => roundToGrid(US_STOCK, 1, 'BOTH' as never)).toThrow('side must be BUY or SELL, not BOTH');
    expect(() => roundToGrid({ id: 2, increments: [{ lowEdge: 0, increment: 0 }] }, 1, 'BUY')).toThrow('increment must be a positive number');
    expect(() => roundToGrid({ id: 2, increments: [{ lowEdge: 0, increment: 1 / 3 }] }, 1, 'BUY')).toThrow('a decimal of at most 10 places');
  });
});
