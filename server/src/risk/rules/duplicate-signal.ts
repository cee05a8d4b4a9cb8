// A signal identical to one received within the window is a re-send (alert senders retry), not a
// second order. The window is half-open: a signal exactly `duplicateWindowSeconds` old is past it.
import type { RecentSignal } from '../context.ts';
import { isoTime } from '../iso-time.ts';
import { deny, pass, type RiskRule } from '../outcome.ts';

const RULE = 'duplicate_signal';

export const duplicateSignal: RiskRule = (ctx, limits) => {
  const windowMs = limits.duplicateWindowSeconds * 1000;
  // The newest match, the first of equally new ones; a loop: no closures or arrays per signal.
  const { fingerprint } = ctx.signal;
  let same: RecentSignal | undefined;
  for (const s of ctx.recentSignals) {
    if (s.fingerprint !== fingerprint || !(s.receivedAt <= ctx.now && ctx.now - s.receivedAt < windowMs)) continue;
    if (same === undefined || s.receivedAt > same.receivedAt) same = s;
  }
  if (same === undefined) return pass(RULE, { limit: limits.duplicateWindowSeconds, unit: 'seconds', actual: null });
  const ageSeconds = (ctx.now - same.receivedAt) / 1000;
  return deny(RULE, 'duplicate_signal',
    `The same signal arrived ${ageSeconds} s ago, within the duplicate window of ${limits.duplicateWindowSeconds} s; it is treated as a re-send. ` +
    'If it is meant as a new signal, send it with its own signalTime, or shorten duplicateWindowSeconds.',
    { limit: limits.duplicateWindowSeconds, unit: 'seconds', actual: ageSeconds, firstReceivedAt: isoTime(same.receivedAt) });
};
