// When to try again after a failed or dropped connection: the backoff delay (backoff.ts) grows
// with the failures since the session was last ready, and one timer holds the next attempt.
import type { Clock } from '../common/index.ts';
import { backoffDelay, type BackoffOptions } from './backoff.ts';

export interface RetryScheduleOptions {
  clock: Clock;
  backoff?: BackoffOptions;
  random?: () => number;
}

export class RetrySchedule {
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;
  private dueAt: number | undefined;

  constructor(private readonly options: RetryScheduleOptions) {}

  get nextRetryAt(): number | undefined {
    return this.dueAt;
  }

  /** Arms the timer for the next attempt; returns its delay. */
  schedule(fire: () => void): number {
    const delay = backoffDelay(this.failures, this.options.backoff, this.options.random);
    this.failures += 1;
    this.dueAt = this.options.clock.now() + delay;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.dueAt = undefined;
      fire();
    }, delay);
    return delay;
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.dueAt = undefined;
  }

  /** The session got ready: the next failure waits the shortest delay again. */
  reset(): void {
    this.failures = 0;
  }
}
