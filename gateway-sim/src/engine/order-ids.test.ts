import { describe, expect, it } from 'vitest';
import { OrderIds } from './order-ids.ts';

describe('order id sequences', () => {
  it('nextValidId climbs above both what was handed out and what the client used, per client', () => {
    const ids = new OrderIds(1);
    expect(ids.nextValidId(1)).toBe(1);
    expect(ids.nextValidId(1)).toBe(2);
    ids.markUsed(1, 50);
    ids.markUsed(1, 10);
    expect(ids.highestUsed(1)).toBe(50);
    expect(ids.nextValidId(1)).toBe(51);
    expect(ids.nextValidId(2)).toBe(1);
  });

  it('permIds are consecutive from a seeded start, and a snapshot continues both sequences', () => {
    const ids = new OrderIds(7);
    const first = ids.nextPermId();
    expect(new OrderIds(7).nextPermId()).toBe(first);
    expect(new OrderIds(8).nextPermId()).not.toBe(first);
    expect(ids.nextPermId()).toBe(first + 1);
    ids.markUsed(3, 9);
    const restored = new OrderIds(99, ids.snapshot());
    expect(restored.nextPermId()).toBe(first + 2);
    expect(restored.nextValidId(3)).toBe(10);
  });
});
