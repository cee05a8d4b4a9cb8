// Reconnect delays: exponential from 1 s to 60 s, with jitter so that a gateway restart does not
// see every session knock at the same millisecond.

export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  /** Fraction of the delay taken off at random (0 = none, 0.2 = up to 20% earlier). */
  jitter?: number;
}

export function backoffDelay(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const initial = options.initialMs ?? 1_000;
  const max = options.maxMs ?? 60_000;
  const jitter = options.jitter ?? 0.2;
  const base = Math.min(max, initial * 2 ** Math.max(0, attempt));
  return Math.round(base * (1 - jitter * random()));
}
