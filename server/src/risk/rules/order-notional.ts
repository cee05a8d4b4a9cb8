import { deny, exceeds, formatAmount, pass, type RiskRule } from '../outcome.ts';
import { valuePerUnit } from '../valuation.ts';

const RULE = 'max_order_notional';

export const orderNotional: RiskRule = (ctx, limits) => {
  const unit = ctx.account.currency;
  const v = valuePerUnit(ctx);
  if (!v.ok) return deny(RULE, 'max_order_notional', `The order's value cannot be checked: ${v.message}.`, { limit: limits.maxOrderNotional, actual: null, unit });
  const notional = ctx.order.quantity * v.perUnit;
  const values = { limit: limits.maxOrderNotional, actual: notional, unit, price: v.price, multiplier: ctx.order.instrument.multiplier, fxRate: v.fxRate };
  if (!exceeds(notional, limits.maxOrderNotional)) return pass(RULE, values);
  return deny(RULE, 'max_order_notional',
    `The order is worth ${formatAmount(notional)} ${unit} (${ctx.order.quantity} x ${v.price} x ${ctx.order.instrument.multiplier}), over maxOrderNotional ${formatAmount(limits.maxOrderNotional)} ${unit}; ` +
    'send a smaller size or raise the limit.',
    values);
};
