// Scenario: maxOrdersPerDay 20 counts this order: after 19 today it passes, after 20 it is denied.
import { expect, it } from 'vitest';
import { limitsWith, riskContext } from '../../../test/support/risk-context.ts';
import { ordersPerDay } from './orders-per-day.ts';

it('passes the twentieth order of the day and denies max_orders_per_day for the twenty-first', () => {
  expect(ordersPerDay(riskContext({ usage: { ordersLastMinute: 0, ordersToday: 19 } }), limitsWith()))
    .toMatchObject({ rule: 'max_orders_per_day', outcome: 'pass', values: { limit: 20, actual: 20, unit: 'orders' } });
  const over = ordersPerDay(riskContext({ usage: { ordersLastMinute: 0, ordersToday: 20 } }), limitsWith());
  expect(over).toMatchObject({ outcome: 'deny', code: 'max_orders_per_day', values: { limit: 20, actual: 21 } });
  expect(over.message).toContain('trading resumes tomorrow');
});
