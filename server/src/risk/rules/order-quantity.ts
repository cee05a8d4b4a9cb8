import { deny, exceeds, pass, type RiskRule } from '../outcome.ts';

const RULE = 'max_order_quantity';

export const orderQuantity: RiskRule = (ctx, limits) => {
  const values = { limit: limits.maxOrderQuantity, actual: ctx.order.quantity, unit: 'units' };
  if (!exceeds(ctx.order.quantity, limits.maxOrderQuantity)) return pass(RULE, values);
  return deny(RULE, 'max_order_quantity',
    `The order is for ${ctx.order.quantity} ${ctx.order.instrument.symbol}, over maxOrderQuantity ${limits.maxOrderQuantity}; send a smaller size or raise the limit.`,
    values);
};
