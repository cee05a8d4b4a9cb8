// Once the day's loss (IB's realized + unrealized P&L) is past the limit, only orders that lower
// the position pass. Without IB's P&L the gate cannot tell, so it denies.
import { reducesPosition } from '../exposure.ts';
import { deny, exceeds, formatAmount, pass, type RiskRule } from '../outcome.ts';

const RULE = 'max_daily_loss';

export const dailyLoss: RiskRule = (ctx, limits) => {
  const unit = ctx.account.currency;
  const pnl = ctx.usage.dailyPnl;
  const reduces = reducesPosition(ctx);
  if (pnl === undefined) {
    const values = { limit: limits.maxDailyLoss, actual: null, unit };
    if (reduces) return pass(RULE, values, "IB's daily P&L is unknown, but the order lowers the position");
    return deny(RULE, 'max_daily_loss', "IB has not reported today's P&L for this account, so the daily loss limit cannot be checked; wait for the account's P&L, or check the connection.", values);
  }
  const loss = Math.max(0, -(pnl.realized + pnl.unrealized));
  const values = { limit: limits.maxDailyLoss, actual: loss, unit, realized: pnl.realized, unrealized: pnl.unrealized };
  if (!exceeds(loss, limits.maxDailyLoss)) return pass(RULE, values);
  if (reduces) return pass(RULE, values, 'past the daily loss limit, but the order lowers the position');
  return deny(RULE, 'max_daily_loss',
    `Today's loss is ${formatAmount(loss)} ${unit} (realized ${formatAmount(pnl.realized)}, unrealized ${formatAmount(pnl.unrealized)}), past maxDailyLoss ${formatAmount(limits.maxDailyLoss)} ${unit}; ` +
    'only orders that lower a position pass until tomorrow, or raise maxDailyLoss.',
    values);
};
