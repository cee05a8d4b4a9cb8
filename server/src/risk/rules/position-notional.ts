import { positionRange, worstAbsolute } from '../exposure.ts';
import { deny, exceeds, formatAmount, pass, type RiskRule } from '../outcome.ts';
import { valuePerUnit } from '../valuation.ts';

const RULE = 'max_position_notional';

export const positionNotional: RiskRule = (ctx, limits) => {
  const unit = ctx.account.currency;
  const v = valuePerUnit(ctx);
  if (!v.ok) return deny(RULE, 'max_position_notional', `The position's value cannot be checked: ${v.message}.`, { limit: limits.maxPositionNotional, actual: null, unit });
  const before = worstAbsolute(positionRange(ctx, false)) * v.perUnit;
  const actual = worstAbsolute(positionRange(ctx, true)) * v.perUnit;
  const values = { limit: limits.maxPositionNotional, actual, unit, before, price: v.price };
  if (!exceeds(actual, limits.maxPositionNotional) || actual <= before) return pass(RULE, values);
  return deny(RULE, 'max_position_notional',
    `After this order the position in ${ctx.order.instrument.symbol} could be worth ${formatAmount(actual)} ${unit} (counting working orders), over maxPositionNotional ${formatAmount(limits.maxPositionNotional)} ${unit}; ` +
    'send a smaller size or raise the limit.',
    values);
};
