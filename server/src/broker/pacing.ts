// Our pacing limiter, in front of every message a session sends. IB refuses (error 100) and may
// disconnect a client above 50 messages/second; we stay below it (default 40) over any sliding
// one-second window. Cancels jump the queue: a cancel must never wait behind a burst of data
// requests. The queue depth is part of the session status.

export type PacingPriority = 'cancel' | 'normal';

export class PacingQueueCleared extends Error {
  readonly code = 'PACING_QUEUE_CLEARED';
}

interface Job { run: () => void; resolve: () => void; reject: (e: Error) => void }

export interface PacingLimiterOptions {
  perSecond?: number;
  now?: () => number;
}

export class PacingLimiter {
  readonly perSecond: number;
  private readonly now: () => number;
  /** Send times of the last `perSecond` messages, oldest first. */
  private readonly sent: number[] = [];
  private readonly cancels: Job[] = [];
  private readonly normal: Job[] = [];
  private timer: NodeJS.Timeout | undefined;
  private sentTotal = 0;

  constructor(options: PacingLimiterOptions = {}) {
    this.perSecond = options.perSecond ?? 40;
    if (!Number.isInteger(this.perSecond) || this.perSecond < 1 || this.perSecond > 50) throw new RangeError('pacing must be 1-50 messages per second');
    this.now = options.now ?? Date.now;
  }

  get depth(): number {
    return this.cancels.length + this.normal.length;
  }

  get totalSent(): number {
    return this.sentTotal;
  }

  /** Runs `send` now if the window allows, else queues it; resolves once it was run. */
  submit(priority: PacingPriority, send: () => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      (priority === 'cancel' ? this.cancels : this.normal).push({ run: send, resolve, reject });
      this.drain();
    });
  }

  /** Fails every queued message (the connection they were meant for is gone). */
  clear(reason: string): void {
    const jobs = [...this.cancels.splice(0), ...this.normal.splice(0)];
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const job of jobs) job.reject(new PacingQueueCleared(reason));
  }

  private waitMs(): number {
    if (this.sent.length < this.perSecond) return 0;
    const oldest = this.sent[this.sent.length - this.perSecond] ?? 0;
    return Math.max(0, oldest + 1000 - this.now());
  }

  private drain(): void {
    if (this.timer) return;
    while (this.depth > 0) {
      const wait = this.waitMs();
      if (wait > 0) {
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.drain();
        }, wait);
        return;
      }
      const job = this.cancels.shift() ?? this.normal.shift();
      if (!job) return;
      this.sent.push(this.now());
      if (this.sent.length > this.perSecond) this.sent.shift();
      this.sentTotal += 1;
      try {
        job.run();
        job.resolve();
      } catch (error) {
        job.reject(error instanceof Error ? error : new Error(String(error)));
      }
    }
  }
}
