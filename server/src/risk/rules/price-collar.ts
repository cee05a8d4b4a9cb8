// A limit or stop price farther from the reference price than the collar is most likely a typo or
// a stale alert price. Market and trailing orders carry no price of their own to check.
import { deny, exceeds, formatAmount, pass, skip, type RiskRule } from '../outcome.ts';

const RULE = 'price_collar';

/** How far `price` is from the reference, in percent of it. */
const distance = (price: number, referencePrice: number): number => (Math.abs(price - referencePrice) / referencePrice) * 100;

export const priceCollar: RiskRule = (ctx, limits) => {
  const { order, referencePrice } = ctx;
  const limitPrice = (order.orderType === 'LMT' || order.orderType === 'STP LMT') ? order.limitPrice : undefined;
  const stopPrice = (order.orderType === 'STP' || order.orderType === 'STP LMT') ? order.stopPrice : undefined;
  if (limitPrice === undefined && stopPrice === undefined) return skip(RULE, `a ${order.orderType} order has no limit or stop price to check`);
  if (referencePrice === undefined || !(referencePrice > 0)) {
    return deny(RULE, 'price_collar', `No reference price for ${order.instrument.symbol} to check the order's price against; check the market-data subscription.`, { limit: limits.priceCollarPercent, actual: null, unit: 'percent' });
  }
  // The farther of the two prices; the limit price when they are as far (or a distance is NaN).
  let field = 'limitPrice';
  let price = 0;
  let percent = 0;
  if (limitPrice !== undefined) {
    price = limitPrice;
    percent = distance(limitPrice, referencePrice);
  }
  if (stopPrice !== undefined) {
    const stopPercent = distance(stopPrice, referencePrice);
    if (limitPrice === undefined || stopPercent > percent) {
      field = 'stopPrice';
      price = stopPrice;
      percent = stopPercent;
    }
  }
  const values = { limit: limits.priceCollarPercent, actual: percent, unit: 'percent', field, price, referencePrice };
  if (!exceeds(percent, limits.priceCollarPercent)) return pass(RULE, values);
  return deny(RULE, 'price_collar',
    `${field} ${price} is ${formatAmount(percent)}% from the reference price ${referencePrice}, outside the collar of ${limits.priceCollarPercent}%; ` +
    'check the price, or widen priceCollarPercent.',
    values);
};
