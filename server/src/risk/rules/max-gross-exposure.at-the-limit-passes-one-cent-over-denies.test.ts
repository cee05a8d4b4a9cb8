// Scenario: maxGrossExposure 100,000 USD: other positions worth 90,000 in absolute value (a short
// counts as much as a long) plus a buy worth 10,000 reach the limit and pass; a cent more is denied.
import { expect, it } from 'vitest';
import { limitsWith, riskContext } from '../../../test/support/risk-context.ts';
import { grossExposure } from './gross-exposure.ts';

const others = [
  { conId: 1, symbol: 'MSFT', secType: 'STK' as const, quantity: 100, marketValue: 50_000 },
  { conId: 2, symbol: 'TSLA', secType: 'STK' as const, quantity: -100, marketValue: -40_000 },
];

it('passes exposure of exactly the limit and denies max_gross_exposure one cent over', () => {
  expect(grossExposure(riskContext({ positions: others, order: { quantity: 100 } }), limitsWith()))
    .toMatchObject({ rule: 'max_gross_exposure', outcome: 'pass', values: { limit: 100_000, actual: 100_000, unit: 'USD' } });
  const over = grossExposure(riskContext({ positions: others, referencePrice: 100.0001, order: { quantity: 100 } }), limitsWith());
  expect(over).toMatchObject({ outcome: 'deny', code: 'max_gross_exposure' });
  expect(over.values.actual).toBeCloseTo(100_000.01, 6);
  expect(over.message).toContain('reduce other positions');
});

it('lets an order through that lowers the exposure while it is over the limit', () => {
  const big = [...others, { conId: 265598, symbol: 'AAPL', secType: 'STK' as const, quantity: 200, marketValue: 20_000 }];
  expect(grossExposure(riskContext({ positions: big, order: { side: 'SELL', quantity: 50 } }), limitsWith()).outcome).toBe('pass');
});
