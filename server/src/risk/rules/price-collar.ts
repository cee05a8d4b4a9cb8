// A limit or stop price farther from the reference price than the collar is most likely a typo or
// a stale alert price. Market and trailing orders carry no price of their own to check.
import { deny, exceeds, formatAmount, pass, skip, type RiskRule } from '../outcome.ts';

const RULE = 'price_collar';

export const priceCollar: RiskRule = (ctx, limits) => {
  const { order, referencePrice } = ctx;
  const prices: [string, number][] = [];
  if ((order.orderType === 'LMT' || order.orderType === 'STP LMT') && order.limitPrice !== undefined) prices.push(['limitPrice', order.limitPrice]);
  if ((order.orderType === 'STP' || order.orderType === 'STP LMT') && order.stopPrice !== undefined) prices.push(['stopPrice', order.stopPrice]);
  if (prices.length === 0) return skip(RULE, `a ${order.orderType} order has no limit or stop price to check`);
  if (referencePrice === undefined || !(referencePrice > 0)) {
    return deny(RULE, 'price_collar', `No reference price for ${order.instrument.symbol} to check the order's price against; check the market-data subscription.`, { limit: limits.priceCollarPercent, actual: null, unit: 'percent' });
  }
  const [field, price, percent] = prices
    .map(([f, p]) => [f, p, (Math.abs(p - referencePrice) / referencePrice) * 100] as const)
    .sort((a, b) => b[2] - a[2])[0] ?? ['', 0, 0];
  const values = { limit: limits.priceCollarPercent, actual: percent, unit: 'percent', field, price, referencePrice };
  if (!exceeds(percent, limits.priceCollarPercent)) return pass(RULE, values);
  return deny(RULE, 'price_collar',
    `${field} ${price} is ${formatAmount(percent)}% from the reference price ${referencePrice}, outside the collar of ${limits.priceCollarPercent}%; ` +
    'check the price, or widen priceCollarPercent.',
    values);
};
