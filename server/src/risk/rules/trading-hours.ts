// Orders pass only while the market is open: in the liquid (regular) hours, or in the wider
// trading hours when the order asks for outsideRth and the policy allows it. Hours IB did not give,
// or that no longer cover today, deny: the gate does not guess a session.
import { deny, pass, type RiskRule } from '../outcome.ts';
import { isoTime as iso } from '../iso-time.ts';
import { marketStatusAt, parseTradingHours, type Session } from '../trading-hours.ts';

const RULE = 'trading_hours';


/** A session's start and end as ISO text, by session: parsed sessions are shared and never change. */
const sessionTexts = new WeakMap<Session, { start: string; end: string }>();

function textsOf(session: Session): { start: string; end: string } {
  let texts = sessionTexts.get(session);
  if (texts === undefined) sessionTexts.set(session, (texts = { start: iso(session.start), end: iso(session.end) }));
  return texts;
}

// Each outcome's values are written out whole (no spreads of a shared base): the same keys in the
// same order as before, one object each.
export const tradingHours: RiskRule = (ctx, limits) => {
  const { instrument, outsideRth } = ctx.order;
  const { allowOutsideRth } = limits;
  const extended = outsideRth && allowOutsideRth;
  const which = extended ? 'tradingHours' : 'liquidHours';
  const hours = extended ? instrument.tradingHours : instrument.liquidHours;
  const { timeZoneId } = instrument;
  const now = iso(ctx.now);
  if (hours === undefined || timeZoneId === undefined) {
    return deny(RULE, 'outside_trading_hours', `IB gave no ${which} or time zone for ${instrument.symbol}; re-read the instrument's details (approve it again).`,
      { hours: which, outsideRth, allowOutsideRth, now });
  }
  const parsed = parseTradingHours(hours, timeZoneId);
  if (!parsed.ok) return deny(RULE, 'outside_trading_hours', `${instrument.symbol}: ${parsed.message}.`, { hours: which, outsideRth, allowOutsideRth, now, timeZoneId });
  const status = marketStatusAt(parsed.hours, ctx.now);
  if (status.state === 'open') {
    const session = textsOf(status.session);
    return pass(RULE, { hours: which, outsideRth, allowOutsideRth, now, timeZoneId, sessionStart: session.start, sessionEnd: session.end });
  }
  if (status.state === 'unknown') return deny(RULE, 'outside_trading_hours', `${instrument.symbol}: ${status.message}.`, { hours: which, outsideRth, allowOutsideRth, now, timeZoneId });
  const nextOpen = status.nextOpen === undefined ? null : iso(status.nextOpen);
  const rthNote = outsideRth && !allowOutsideRth
    ? ' The order asks for outsideRth, but the policy does not allow it (allowOutsideRth), so only the liquid hours count.'
    : '';
  return deny(RULE, 'outside_trading_hours',
    `${instrument.symbol} is not in its ${extended ? 'trading' : 'liquid (regular)'} hours at ${now}${nextOpen === null ? '' : `; it next opens at ${nextOpen}`}.${rthNote}`,
    { hours: which, outsideRth, allowOutsideRth, now, timeZoneId, day: status.day, nextOpen });
};
