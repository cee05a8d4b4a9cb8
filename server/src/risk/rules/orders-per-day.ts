import { deny, pass, type RiskRule } from '../outcome.ts';

const RULE = 'max_orders_per_day';

export const ordersPerDay: RiskRule = (ctx, limits) => {
  const actual = ctx.usage.ordersToday + 1;
  const values = { limit: limits.maxOrdersPerDay, actual, unit: 'orders' };
  if (actual <= limits.maxOrdersPerDay) return pass(RULE, values);
  return deny(RULE, 'max_orders_per_day',
    `This would be order ${actual} today, over maxOrdersPerDay ${limits.maxOrdersPerDay}; trading resumes tomorrow, or raise the limit.`,
    values);
};
