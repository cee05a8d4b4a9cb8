// The sum of the absolute market values of every position after the order: other contracts at
// IB's market value, the order's contract at the worse end of what working orders and this order
// may do. An order that does not raise it passes.
import { positionRange, worstAbsolute } from '../exposure.ts';
import { deny, exceeds, formatAmount, pass, type RiskRule } from '../outcome.ts';
import { valuePerUnit } from '../valuation.ts';

const RULE = 'max_gross_exposure';

export const grossExposure: RiskRule = (ctx, limits) => {
  const unit = ctx.account.currency;
  const v = valuePerUnit(ctx);
  if (!v.ok) return deny(RULE, 'max_gross_exposure', `The exposure cannot be checked: ${v.message}.`, { limit: limits.maxGrossExposure, actual: null, unit });
  const { conId } = ctx.order.instrument;
  let others = 0;
  for (const p of ctx.positions) if (p.conId !== conId) others += Math.abs(p.marketValue);
  const before = others + worstAbsolute(positionRange(ctx, false)) * v.perUnit;
  const actual = others + worstAbsolute(positionRange(ctx, true)) * v.perUnit;
  const values = { limit: limits.maxGrossExposure, actual, unit, before };
  if (!exceeds(actual, limits.maxGrossExposure) || actual <= before) return pass(RULE, values);
  return deny(RULE, 'max_gross_exposure',
    `After this order the gross exposure could be ${formatAmount(actual)} ${unit}, over maxGrossExposure ${formatAmount(limits.maxGrossExposure)} ${unit}; ` +
    'reduce other positions, send a smaller size, or raise the limit.',
    values);
};
