// Deliveries per webhook per minute, over a sliding minute. In memory and per process: it protects
// this process (and the audit trail) from a sender stuck in a loop; several API processes each
// allow the limit. Keys are webhook ids as the sender wrote them, known or not, so a 429 says
// nothing about whether a webhook exists.
import type { Clock } from '../common/index.ts';

const MINUTE_MS = 60_000;
/** Past this many keys, those with nothing in the last minute are dropped. */
const PRUNE_AT = 10_000;

export type RateVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class WebhookRateLimiter {
  private readonly recent = new Map<string, number[]>();

  constructor(private readonly perMinute: number, private readonly clock: Clock) {}

  /** Counts one delivery to `key` unless the minute's allowance is used up. */
  take(key: string): RateVerdict {
    const now = this.clock.now();
    const since = now - MINUTE_MS;
    const times = (this.recent.get(key) ?? []).filter((t) => t > since);
    if (times.length >= this.perMinute) {
      this.recent.set(key, times);
      // The oldest delivery in the window leaves it first.
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((times[0]! + MINUTE_MS - now) / 1000)) };
    }
    times.push(now);
    this.recent.set(key, times);
    if (this.recent.size > PRUNE_AT) this.prune(since);
    return { allowed: true };
  }

  private prune(since: number): void {
    for (const [key, times] of this.recent) if ((times.at(-1) ?? 0) <= since) this.recent.delete(key);
  }
}
