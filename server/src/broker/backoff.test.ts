import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.ts';

describe('reconnect backoff', () => {
  it('doubles from 1 s and stops at 60 s', () => {
    const noJitter = (n: number) => backoffDelay(n, { jitter: 0 });
    expect([0, 1, 2, 3, 4, 5, 6, 7, 20].map(noJitter)).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
  });

  it('takes up to the jitter fraction off, never adds', () => {
    expect(backoffDelay(0, {}, () => 0)).toBe(1000);
    expect(backoffDelay(0, {}, () => 1)).toBe(800);
    expect(backoffDelay(10, {}, () => 0.5)).toBe(54000);
  });
});
