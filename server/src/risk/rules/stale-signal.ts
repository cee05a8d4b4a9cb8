// A signal is good from its signal time until signal time + TTL. A signal time in the future (past
// a little clock skew) is refused too: it would stretch the signal's life, and with it the time
// execution may still send the order.
import { isoTime } from '../iso-time.ts';
import { deny, pass, type RiskRule } from '../outcome.ts';

const RULE = 'stale_signal';
/** How far ahead of Kairox's clock a sender's clock may run. */
export const MAX_SIGNAL_CLOCK_SKEW_MS = 5_000;

export const staleSignal: RiskRule = (ctx, limits) => {
  const ttlSeconds = ctx.signal.ttlSeconds ?? limits.defaultSignalTtlSeconds;
  const expiresAt = ctx.signal.time + ttlSeconds * 1000;
  const ageSeconds = (ctx.now - ctx.signal.time) / 1000;
  const values = { actual: ageSeconds, limit: ttlSeconds, unit: 'seconds', signalTime: isoTime(ctx.signal.time), expiresAt: isoTime(expiresAt) };
  if (ctx.signal.time - ctx.now > MAX_SIGNAL_CLOCK_SKEW_MS) {
    return deny(RULE, 'stale_signal',
      `The signal time ${values.signalTime} is ${-ageSeconds} s ahead of Kairox's clock (at most ${MAX_SIGNAL_CLOCK_SKEW_MS / 1000} s is accepted); check the sender's clock or the signalTime it sends.`,
      values);
  }
  if (ctx.now <= expiresAt) return pass(RULE, values);
  return deny(RULE, 'stale_signal',
    `The signal is ${ageSeconds} s old, past its time-to-live of ${ttlSeconds} s (it expired at ${values.expiresAt}); ` +
    'send a fresh signal, or give a longer ttlSeconds if the sender is slow.',
    values);
};
