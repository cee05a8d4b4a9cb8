// Per-connection message pacing, as TWS does it: 50 messages/second from each client.
// Without `+PACEAPI` an excess message is refused (error 100) and repeated violations
// close the connection; with `+PACEAPI` excess messages wait their turn.

export interface PacingOptions {
  /** Messages per second per connection. Default 50 (TWS's limit). */
  maxPerSecond?: number;
  /** Bucket size: how many messages may arrive at once. Default = maxPerSecond. */
  burst?: number;
  /** Close a non-PACEAPI client after this many violations. Default 3. 0 = never. */
  closeAfterViolations?: number;
  /** Cap on messages queued for a +PACEAPI client before it is treated as hostile. Default 10,000. */
  maxQueued?: number;
}

export type PacingDecision =
  | { kind: 'pass' }
  | { kind: 'violation'; received: number; violation: number; close: boolean };

/**
 * A token bucket refilled continuously at `maxPerSecond`, plus a one-second window count for
 * the `rec=<n>` in TWS's error text. Time comes in as a parameter so tests need no timers.
 */
export class TokenBucket {
  readonly maxPerSecond: number;
  readonly burst: number;
  readonly closeAfterViolations: number;
  private tokens: number;
  private last: number;
  private windowStart: number;
  private windowCount = 0;
  private violations = 0;

  constructor(options: PacingOptions, nowMs: number) {
    this.maxPerSecond = options.maxPerSecond ?? 50;
    this.burst = options.burst ?? this.maxPerSecond;
    this.closeAfterViolations = options.closeAfterViolations ?? 3;
    if (!(this.maxPerSecond > 0) || !(this.burst >= 1)) throw new RangeError('pacing limits must be positive');
    this.tokens = this.burst;
    this.last = nowMs;
    this.windowStart = nowMs;
  }

  private refill(nowMs: number): void {
    const elapsed = Math.max(0, nowMs - this.last);
    this.tokens = Math.min(this.burst, this.tokens + (elapsed * this.maxPerSecond) / 1000);
    this.last = nowMs;
    if (nowMs - this.windowStart >= 1000) {
      this.windowStart = nowMs;
      this.windowCount = 0;
    }
  }

  /** Takes a token if one is available. */
  tryTake(nowMs: number): boolean {
    this.refill(nowMs);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }

  /** Milliseconds until the next token (0 when one is available). */
  waitMs(nowMs: number): number {
    this.refill(nowMs);
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) * 1000) / this.maxPerSecond);
  }

  /** Accounts one received message (non-PACEAPI mode). */
  admit(nowMs: number): PacingDecision {
    this.refill(nowMs);
    this.windowCount += 1;
    if (this.tryTake(nowMs)) return { kind: 'pass' };
    this.violations += 1;
    const close = this.closeAfterViolations > 0 && this.violations >= this.closeAfterViolations;
    return { kind: 'violation', received: this.windowCount, violation: this.violations, close };
  }
}
