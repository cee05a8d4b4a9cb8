import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manualClock } from './clock.ts';
import { createEngine, loadStateFile } from './index.ts';
import { AAPL, RTH, harness } from './test-support.ts';

function path(seed: number, steps: number[]): number[] {
  const clock = manualClock(RTH);
  const engine = createEngine({ clock, seed });
  const out: number[] = [];
  for (const s of steps) {
    clock.shift(s);
    out.push(engine.quote(265598)!.bid, engine.quote(12087792)!.ask);
  }
  return out;
}

describe('determinism by seed', () => {
  it('the same seed gives the same prices whatever the call pattern; another seed differs', () => {
    const a = path(42, [1000, 60_000, 3_600_000]);
    const b = path(42, [1000, 60_000, 3_600_000]);
    expect(a).toEqual(b);
    // Stepping in many small advances reaches the same price as one jump.
    const clock = manualClock(RTH);
    const fine = createEngine({ clock, seed: 42 });
    for (let i = 0; i < 61; i++) {
      clock.shift(1000);
      fine.quote(265598);
    }
    expect(fine.quote(265598)!.bid).toBe(a[2]);
    expect(path(43, [1000, 60_000, 3_600_000])).not.toEqual(a);
  });

  it('prices stay on the tick and do not move while the market is closed', () => {
    const clock = manualClock(Date.parse('2026-11-28T15:00:00Z'));
    const engine = createEngine({ clock, seed: 1 });
    const before = engine.quote(265598)!;
    clock.shift(3_600_000);
    const after = engine.quote(265598)!;
    expect(after.bid).toBe(before.bid);
    expect(after.tradingOpen).toBe(false);
    expect(Math.abs(after.bid * 100 - Math.round(after.bid * 100))).toBeLessThan(1e-6);
  });
});

describe('state snapshot', () => {
  it('restores ids, open orders, positions and cash from a state file', async () => {
    const h = harness();
    const bid = h.engine.quote(265598)!.bid;
    h.engine.placeOrder(1, 7, AAPL, { action: 'BUY', totalQuantity: 10, orderType: 'MKT' });
    h.engine.placeOrder(1, 8, AAPL, { action: 'BUY', totalQuantity: 10, orderType: 'LMT', lmtPrice: Math.round((bid - 20) * 100) / 100, tif: 'GTC' });
    const file = join(mkdtempSync(join(tmpdir(), 'kx-engine-')), 'state.json');
    await h.engine.saveState(file);
    const restored = createEngine({ clock: h.clock, state: await loadStateFile(file) });
    expect(restored.nextValidId(1)).toBe(9);
    expect(restored.openOrders().map((o) => [o.orderId, o.status])).toEqual([[8, 'Submitted']]);
    expect(restored.positions()).toEqual(h.engine.positions());
    expect(restored.accountValues('DU1234567')).toEqual(h.engine.accountValues('DU1234567'));
    expect(restored.placeOrder(1, 8, AAPL, { action: 'BUY', totalQuantity: 20, orderType: 'LMT', lmtPrice: Math.round((bid - 20) * 100) / 100, tif: 'GTC' }).kind).toBe('modified');
    expect(restored.placeOrder(1, 7, AAPL, { action: 'BUY', totalQuantity: 1, orderType: 'MKT' })).toMatchObject({ code: 104 });
  });
});
