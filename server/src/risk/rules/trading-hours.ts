// Orders pass only while the market is open: in the liquid (regular) hours, or in the wider
// trading hours when the order asks for outsideRth and the policy allows it. Hours IB did not give,
// or that no longer cover today, deny: the gate does not guess a session.
import { deny, pass, type RiskRule } from '../outcome.ts';
import { marketStatusAt, parseTradingHours } from '../trading-hours.ts';

const RULE = 'trading_hours';

const iso = (epoch: number): string => new Date(epoch).toISOString();

export const tradingHours: RiskRule = (ctx, limits) => {
  const { instrument, outsideRth } = ctx.order;
  const extended = outsideRth && limits.allowOutsideRth;
  const which = extended ? 'tradingHours' : 'liquidHours';
  const hours = extended ? instrument.tradingHours : instrument.liquidHours;
  const base = { hours: which, outsideRth, allowOutsideRth: limits.allowOutsideRth, now: iso(ctx.now) };
  if (hours === undefined || instrument.timeZoneId === undefined) {
    return deny(RULE, 'outside_trading_hours', `IB gave no ${which} or time zone for ${instrument.symbol}; re-read the instrument's details (approve it again).`, base);
  }
  const parsed = parseTradingHours(hours, instrument.timeZoneId);
  if (!parsed.ok) return deny(RULE, 'outside_trading_hours', `${instrument.symbol}: ${parsed.message}.`, { ...base, timeZoneId: instrument.timeZoneId });
  const status = marketStatusAt(parsed.hours, ctx.now);
  const values = { ...base, timeZoneId: instrument.timeZoneId };
  if (status.state === 'open') return pass(RULE, { ...values, sessionStart: iso(status.session.start), sessionEnd: iso(status.session.end) });
  if (status.state === 'unknown') return deny(RULE, 'outside_trading_hours', `${instrument.symbol}: ${status.message}.`, values);
  const nextOpen = status.nextOpen === undefined ? null : iso(status.nextOpen);
  const rthNote = outsideRth && !limits.allowOutsideRth
    ? ' The order asks for outsideRth, but the policy does not allow it (allowOutsideRth), so only the liquid hours count.'
    : '';
  return deny(RULE, 'outside_trading_hours',
    `${instrument.symbol} is not in its ${extended ? 'trading' : 'liquid (regular)'} hours at ${iso(ctx.now)}${nextOpen === null ? '' : `; it next opens at ${nextOpen}`}.${rthNote}`,
    { ...values, day: status.day, nextOpen });
};
