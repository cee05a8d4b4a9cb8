// Scenario: maxPositionNotional 25,000 USD at 100 a share: long 200 plus a buy of 50 is worth
// 25,000 and passes; at 100.00004 (25,000.01) it is denied.
import { expect, it } from 'vitest';
import { limitsWith, riskContext } from '../../../test/support/risk-context.ts';
import { positionNotional } from './position-notional.ts';

const long200 = [{ conId: 265598, symbol: 'AAPL', secType: 'STK' as const, quantity: 200, marketValue: 20_000 }];

it('passes a position worth exactly the limit and denies max_position_notional one cent over', () => {
  expect(positionNotional(riskContext({ positions: long200, order: { quantity: 50 } }), limitsWith()))
    .toMatchObject({ rule: 'max_position_notional', outcome: 'pass', values: { limit: 25_000, actual: 25_000, unit: 'USD' } });
  const over = positionNotional(riskContext({ positions: long200, referencePrice: 100.00004, order: { quantity: 50 } }), limitsWith());
  expect(over).toMatchObject({ outcome: 'deny', code: 'max_position_notional' });
  expect(over.values.actual).toBeCloseTo(25_000.01, 6);
});

it('lets an order through that does not raise a position already over the limit', () => {
  const long300 = [{ conId: 265598, symbol: 'AAPL', secType: 'STK' as const, quantity: 300, marketValue: 30_000 }];
  expect(positionNotional(riskContext({ positions: long300, order: { side: 'SELL', quantity: 10 } }), limitsWith()).outcome).toBe('pass');
});
