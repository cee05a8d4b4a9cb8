import { describe, expect, it } from 'vitest';
import { acceleratedClock, manualClock, parseClockSpec } from './clock.ts';

describe('clocks', () => {
  it('accelerated:N runs N× the real clock and can be shifted', () => {
    let real = 1_000;
    const c = parseClockSpec('accelerated:60@2026-11-23T14:30:00Z', () => real);
    const t0 = c.now();
    expect(t0).toBe(Date.parse('2026-11-23T14:30:00Z'));
    real += 1_000;
    expect(c.now() - t0).toBe(60_000);
    c.shift(5_000);
    expect(c.now() - t0).toBe(65_000);
    expect(c.spec).toBe('accelerated:60');
  });

  it('manual and fixed clocks only move forwards', () => {
    const m = manualClock(10);
    m.shift(5);
    expect(m.now()).toBe(15);
    expect(() => m.set(1)).toThrow(/backwards/);
    expect(parseClockSpec('fixed:2026-01-02T00:00:00Z').now()).toBe(Date.parse('2026-01-02T00:00:00Z'));
    expect(() => parseClockSpec('sometimes')).toThrow(/Unknown clock/);
    expect(() => acceleratedClock(0)).toThrow();
  });
});
