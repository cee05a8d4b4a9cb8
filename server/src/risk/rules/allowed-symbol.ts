import { deny, pass, type RiskRule } from '../outcome.ts';

const RULE = 'allowed_symbol';

export const allowedSymbol: RiskRule = (ctx, limits) => {
  const { symbol } = ctx.order.instrument;
  if (limits.allowedSymbols === undefined) return pass(RULE, { actual: symbol, limit: null }, 'every approved symbol is allowed (no allowedSymbols list)');
  const values = { actual: symbol, limit: limits.allowedSymbols.join(',') };
  if (limits.allowedSymbols.includes(symbol)) return pass(RULE, values);
  return deny(RULE, 'symbol_not_allowed', `${symbol} is not in the risk policy's allowedSymbols (${limits.allowedSymbols.join(', ') || 'none'}); add it there to trade it.`, values);
};
