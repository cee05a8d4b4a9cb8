// Scenario: maxOrdersPerMinute 5 counts this order: after 4 in the last minute it passes, after 5 it is denied.
import { expect, it } from 'vitest';
import { limitsWith, riskContext } from '../../../test/support/risk-context.ts';
import { ordersPerMinute } from './orders-per-minute.ts';

it('passes the fifth order of the minute and denies max_orders_per_minute for the sixth', () => {
  expect(ordersPerMinute(riskContext({ usage: { ordersLastMinute: 4, ordersToday: 4 } }), limitsWith()))
    .toMatchObject({ rule: 'max_orders_per_minute', outcome: 'pass', values: { limit: 5, actual: 5, unit: 'orders' } });
  const sixth = ordersPerMinute(riskContext({ usage: { ordersLastMinute: 5, ordersToday: 5 } }), limitsWith());
  expect(sixth).toMatchObject({ outcome: 'deny', code: 'max_orders_per_minute', values: { limit: 5, actual: 6 } });
  expect(sixth.message).toContain('send it again in a minute');
});
