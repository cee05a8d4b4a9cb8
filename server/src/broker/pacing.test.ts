import { afterEach, describe, expect, it, vi } from 'vitest';
import { PacingLimiter, PacingQueueCleared } from './pacing.ts';

afterEach(() => { vi.useRealTimers(); });

describe('pacing limiter', () => {
  it('never sends more than perSecond messages in any one-second window', async () => {
    vi.useFakeTimers();
    const limiter = new PacingLimiter({ perSecond: 40, now: () => Date.now() });
    const times: number[] = [];
    const all = Array.from({ length: 130 }, () => limiter.submit('normal', () => times.push(Date.now())));
    expect(times).toHaveLength(40);
    expect(limiter.depth).toBe(90);
    await vi.advanceTimersByTimeAsync(5_000);
    await Promise.all(all);
    expect(times).toHaveLength(130);
    for (let i = 40; i < times.length; i++) expect(times[i]! - times[i - 40]!).toBeGreaterThanOrEqual(1000);
    expect(limiter.depth).toBe(0);
  });

  it('sends a queued cancel before queued data requests', async () => {
    vi.useFakeTimers();
    const limiter = new PacingLimiter({ perSecond: 2, now: () => Date.now() });
    const order: string[] = [];
    for (let i = 0; i < 5; i++) void limiter.submit('normal', () => order.push(`req${i}`));
    void limiter.submit('cancel', () => order.push('cancel'));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(order.slice(0, 3)).toEqual(['req0', 'req1', 'cancel']);
  });

  it('fails every queued message at once when cleared', async () => {
    vi.useFakeTimers();
    const limiter = new PacingLimiter({ perSecond: 1, now: () => Date.now() });
    await limiter.submit('normal', () => undefined);
    const queued = [limiter.submit('normal', () => undefined), limiter.submit('cancel', () => undefined)];
    limiter.clear('connection dropped');
    for (const p of queued) await expect(p).rejects.toBeInstanceOf(PacingQueueCleared);
    expect(limiter.depth).toBe(0);
  });

  it('refuses a rate at or above IB\'s limit of 50', () => {
    expect(() => new PacingLimiter({ perSecond: 51 })).toThrow(RangeError);
  });
});
