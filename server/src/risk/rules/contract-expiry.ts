// Futures and options close to their last trade date: entries are refused unless the policy allows
// them; an order that lowers the position passes (a holder must be able to get out), and an expired
// contract cannot be traded at all.
import { reducesPosition } from '../exposure.ts';
import { deny, pass, skip, type RiskRule } from '../outcome.ts';
import { dayIn, ianaZone } from '../trading-hours.ts';

const RULE = 'contract_expiry';
const DAY_MS = 86_400_000;

const utcDate = (day: string): number => Date.UTC(Number(day.slice(0, 4)), Number(day.slice(4, 6)) - 1, Number(day.slice(6, 8)));

export const contractExpiry: RiskRule = (ctx, limits) => {
  const { lastTradeDate, symbol, timeZoneId } = ctx.order.instrument;
  if (lastTradeDate === undefined) return skip(RULE, 'the contract has no last trade date');
  if (!/^\d{8}$/.test(lastTradeDate)) return deny(RULE, 'contract_near_expiry', `cannot read the last trade date "${lastTradeDate}" of ${symbol}; re-read the instrument's details`, { lastTradeDate });
  // Days are counted on the exchange's calendar when its zone is known.
  const zone = (timeZoneId === undefined ? undefined : ianaZone(timeZoneId)) ?? 'UTC';
  const today = dayIn(zone, ctx.now);
  const daysLeft = Math.round((utcDate(lastTradeDate) - utcDate(today)) / DAY_MS);
  const values = { lastTradeDate, today, actual: daysLeft, limit: limits.nearExpiryDays, unit: 'days', allowNearExpiry: limits.allowNearExpiry };
  if (daysLeft < 0) return deny(RULE, 'contract_near_expiry', `${symbol} expired on ${lastTradeDate}; approve the next contract month.`, values);
  if (daysLeft >= limits.nearExpiryDays) return pass(RULE, values);
  if (limits.allowNearExpiry) return pass(RULE, values, 'near expiry, allowed by the policy (allowNearExpiry)');
  if (reducesPosition(ctx)) return pass(RULE, values, 'near expiry, but the order lowers the position');
  return deny(RULE, 'contract_near_expiry',
    `${symbol} has ${daysLeft} day(s) left before its last trade date ${lastTradeDate}, fewer than the ${limits.nearExpiryDays} the policy needs for new entries; ` +
    'trade the next contract month, or set allowNearExpiry.',
    values);
};
