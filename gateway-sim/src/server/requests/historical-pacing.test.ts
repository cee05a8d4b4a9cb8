// IB's three historical pacing rules, on the simulated clock.
import { describe, expect, it } from 'vitest';
import { HistoricalPacing } from './historical-pacing.ts';

const T0 = Date.parse('2026-11-23T15:00:00Z');
const req = (identity: string, series = 'AAPL|SMART|TRADES'): { identity: string; series: string } => ({ identity, series });

describe('historical data pacing', () => {
  it('refuses an identical request within 15 s and serves it again after', () => {
    const p = new HistoricalPacing();
    expect(p.admit(req('a'), T0)).toBeUndefined();
    expect(p.admit(req('a'), T0 + 14_999)).toMatch(/identical/);
    expect(p.admit(req('a'), T0 + 15_000)).toBeUndefined();
  });

  it('refuses the sixth request for one contract, exchange and tick type within 2 s', () => {
    const p = new HistoricalPacing();
    for (let k = 0; k < 5; k++) expect(p.admit(req(`q${k}`), T0 + k * 100)).toBeUndefined();
    expect(p.admit(req('q5'), T0 + 500)).toMatch(/six or more/);
    expect(p.admit(req('other', 'MSFT|SMART|TRADES'), T0 + 500)).toBeUndefined();
    expect(p.admit(req('q5'), T0 + 2_001)).toBeUndefined();
  });

  it('refuses the 61st request within 10 minutes, and a refused request does not count', () => {
    const p = new HistoricalPacing();
    for (let k = 0; k < 60; k++) expect(p.admit(req(`r${k}`, `S${k}`), T0 + k * 5_000)).toBeUndefined();
    expect(p.admit(req('r60', 'S60'), T0 + 300_000)).toMatch(/more than 60/);
    // The first request leaves the window 10 minutes after it was made.
    expect(p.admit(req('r60', 'S60'), T0 + 600_000)).toBeUndefined();
    expect(p.admit(req('r61', 'S61'), T0 + 600_001)).toMatch(/more than 60/);
  });
});
