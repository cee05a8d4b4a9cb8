// The per-minute record of a walk: aggregation of steps and prints, range queries, and the bound.
import { describe, expect, it } from 'vitest';
import { MinuteTape } from './minute-tape.ts';

const T0 = Date.parse('2026-11-23T15:00:00Z');
const M0 = T0 / 60_000;

describe('minute tape', () => {
  it('folds the steps of a minute into mid and trade OHLC, volume, count and notional', () => {
    const tape = new MinuteTape();
    tape.anchor('AAPL', { ms: T0, x: 0, level: 200 });
    tape.record('AAPL', T0 + 1000, 200);
    tape.record('AAPL', T0 + 2000, 201, { price: 201, size: 100 });
    tape.record('AAPL', T0 + 3000, 199, { price: 199, size: 300 });
    tape.record('AAPL', T0 + 4000, 200.5);
    tape.record('AAPL', T0 + 61_000, 202, { price: 202, size: 100 });
    const [first, second] = tape.minutes('AAPL', M0, M0 + 2);
    expect(first).toEqual({
      minute: M0, midOpen: 200, midHigh: 201, midLow: 199, midClose: 200.5, tradeOpen: 201, tradeHigh: 201, tradeLow: 199,
      tradeClose: 199, volume: 400, tradeCount: 2, notional: 201 * 100 + 199 * 300,
    });
    expect(second?.minute).toBe(M0 + 1);
    expect(tape.minutes('AAPL', M0 + 1, M0 + 5)).toEqual([second]);
  });

  it('records nothing before the anchor, and keeps only the first anchor', () => {
    const tape = new MinuteTape();
    tape.record('ES', T0, 5000);
    expect(tape.minutes('ES', 0, Number.MAX_SAFE_INTEGER)).toEqual([]);
    tape.anchor('ES', { ms: T0, x: 0.01, level: 5000 });
    tape.anchor('ES', { ms: T0 + 60_000, x: 0, level: 1 });
    expect(tape.anchorOf('ES')).toEqual({ ms: T0, x: 0.01, level: 5000 });
  });

  it('drops the oldest tenth past its bound and says from where it still holds minutes', () => {
    const tape = new MinuteTape(100);
    tape.anchor('X', { ms: T0, x: 0, level: 1 });
    for (let k = 0; k <= 100; k++) tape.record('X', T0 + k * 60_000, 1 + k);
    const held = tape.minutes('X', M0, M0 + 200);
    expect(held).toHaveLength(91);
    expect(held[0]?.minute).toBe(M0 + 10);
    expect(tape.heldFrom('X')).toBe(M0 + 10);
    expect(tape.minutes('X', M0, M0 + 10)).toEqual([]);
  });
});
