import { afterEach, describe, expect, it, vi } from 'vitest';
import { RetrySchedule } from './retry-schedule.ts';

afterEach(() => { vi.useRealTimers(); });

describe('retry schedule', () => {
  it('waits longer after each failure, says when, and starts over after a success', async () => {
    vi.useFakeTimers({ now: 0 });
    const retry = new RetrySchedule({ clock: { now: () => Date.now() }, backoff: { initialMs: 100, jitter: 0 } });
    let fired = 0;
    expect(retry.schedule(() => { fired += 1; })).toBe(100);
    expect(retry.nextRetryAt).toBe(100);
    await vi.advanceTimersByTimeAsync(100);
    expect(fired).toBe(1);
    expect(retry.nextRetryAt).toBeUndefined();
    expect(retry.schedule(() => { fired += 1; })).toBe(200);
    retry.cancel();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fired).toBe(1);
    retry.reset();
    expect(retry.schedule(() => undefined)).toBe(100);
    retry.cancel();
  });
});
