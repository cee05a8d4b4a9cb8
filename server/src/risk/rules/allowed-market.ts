import { deny, pass, type RiskRule } from '../outcome.ts';

const RULE = 'allowed_market';

export const allowedMarket: RiskRule = (ctx, limits) => {
  const { secType, symbol } = ctx.order.instrument;
  const values = { actual: secType, limit: limits.allowedMarkets.join(',') };
  if (limits.allowedMarkets.includes(secType)) return pass(RULE, values);
  return deny(RULE, 'market_not_allowed',
    `${secType} (${symbol}) is not an allowed market on this connection (allowed: ${limits.allowedMarkets.join(', ') || 'none'}); add it to allowedMarkets in the risk policy.`,
    values);
};
