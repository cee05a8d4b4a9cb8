import { deny, pass, type RiskRule } from '../outcome.ts';

const RULE = 'max_orders_per_minute';

export const ordersPerMinute: RiskRule = (ctx, limits) => {
  const actual = ctx.usage.ordersLastMinute + 1;
  const values = { limit: limits.maxOrdersPerMinute, actual, unit: 'orders' };
  if (actual <= limits.maxOrdersPerMinute) return pass(RULE, values);
  return deny(RULE, 'max_orders_per_minute',
    `This would be order ${actual} in the last 60 seconds, over maxOrdersPerMinute ${limits.maxOrdersPerMinute}; send it again in a minute, or raise the limit.`,
    values);
};
