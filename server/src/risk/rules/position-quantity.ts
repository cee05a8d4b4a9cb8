// The position in the order's contract after it, at the worse end of what working orders may do.
// An order that does not make that worse end larger always passes, so a reducing order is never
// trapped by a position already over the limit.
import { positionRange, worstAbsolute } from '../exposure.ts';
import { deny, exceeds, pass, type RiskRule } from '../outcome.ts';

const RULE = 'max_position_quantity';

export const positionQuantity: RiskRule = (ctx, limits) => {
  const before = worstAbsolute(positionRange(ctx, false));
  const after = positionRange(ctx, true);
  const actual = worstAbsolute(after);
  const values = { limit: limits.maxPositionQuantity, actual, unit: 'units', position: after.current, before };
  if (!exceeds(actual, limits.maxPositionQuantity) || actual <= before) return pass(RULE, values);
  return deny(RULE, 'max_position_quantity',
    `After this order the position in ${ctx.order.instrument.symbol} could reach ${actual} (now ${after.current}, counting working orders), over maxPositionQuantity ${limits.maxPositionQuantity}; ` +
    'send a smaller size or raise the limit.',
    values);
};
