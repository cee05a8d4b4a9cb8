// Scenario: maxOrderQuantity 100: an order for 100 passes, 101 is denied.
import { expect, it } from 'vitest';
import { limitsWith, riskContext } from '../../../test/support/risk-context.ts';
import { orderQuantity } from './order-quantity.ts';

it('passes an order of exactly the limit and denies max_order_quantity one unit over', () => {
  expect(orderQuantity(riskContext({ order: { quantity: 100 } }), limitsWith()))
    .toMatchObject({ rule: 'max_order_quantity', outcome: 'pass', values: { limit: 100, actual: 100, unit: 'units' } });
  const over = orderQuantity(riskContext({ order: { quantity: 101 } }), limitsWith());
  expect(over).toMatchObject({ outcome: 'deny', code: 'max_order_quantity', values: { limit: 100, actual: 101 } });
  expect(over.message).toBe('The order is for 101 AAPL, over maxOrderQuantity 100; send a smaller size or raise the limit.');
});
