// Historical bars are drawn from the price walk that makes the quotes: counts, time order, OHLC
// consistency, sessions and the last bar against the live quote.
import { describe, expect, it } from 'vitest';
import { createEngine, manualClock } from '../engine/index.ts';
import { buildCatalogue, roundTheClock } from './catalogue.ts';
import type { Bar, BarQuery, Engine, WhatToShow } from '../engine/index.ts';

/** Monday 23 Nov 2026, 10:00 New York. */
const MONDAY_10 = Date.parse('2026-11-23T15:00:00Z');
const AAPL = 265598;
const EURUSD_WHAT: WhatToShow = 'MIDPOINT';

function sim(seed = 7, start = MONDAY_10): { engine: Engine; clock: ReturnType<typeof manualClock> } {
  const clock = manualClock(start);
  return { engine: createEngine({ clock, seed, accounts: ['DU1234567'] }), clock };
}

function query(over: Partial<BarQuery> = {}): BarQuery {
  return {
    conId: AAPL, endMs: Number.MAX_SAFE_INTEGER, duration: { count: 1, unit: 'D' }, barMinutes: 5, whatToShow: 'TRADES', useRth: true,
    ...over,
  };
}

function expectWellFormed(bars: readonly Bar[]): void {
  expect(bars.length).toBeGreaterThan(0);
  for (const [k, b] of bars.entries()) {
    expect(b.low).toBeLessThanOrEqual(Math.min(b.open, b.close));
    expect(b.high).toBeGreaterThanOrEqual(Math.max(b.open, b.close));
    if (k > 0) expect(b.time).toBeGreaterThan(bars[k - 1]?.time ?? 0);
  }
}

describe('historical bars', () => {
  it('two hours into a Monday: RTH 5-minute bars from 09:30, ordered, OHLC consistent, last close = the quote', () => {
    const { engine, clock } = sim();
    clock.shift(2 * 3600_000); // 12:00 New York: 09:30-10:00 synthesised, 10:00-12:00 recorded from the walk
    engine.advance();
    const q = engine.quote(AAPL);
    if (!q) throw new Error('no quote');
    const expected: Record<WhatToShow, number> = { TRADES: q.last ?? 0, BID: q.bid, ASK: q.ask, MIDPOINT: (q.bid + q.ask) / 2 };
    for (const what of ['TRADES', 'MIDPOINT', 'BID', 'ASK'] as const) {
      const series = engine.historicalBars(query({ whatToShow: what }));
      const bars = series?.bars ?? [];
      expect(bars).toHaveLength(31); // 09:30 … 12:00, the last one just begun
      expect(bars[0]?.time).toBe(Date.parse('2026-11-23T14:30:00Z'));
      expectWellFormed(bars);
      expect(bars.at(-1)?.close).toBeCloseTo(expected[what], 6);
      if (what === 'TRADES') expect(bars.every((b) => b.volume > 0 && b.count > 0 && b.wap >= b.low && b.wap <= b.high)).toBe(true);
      else expect(bars.every((b) => b.volume === -1 && b.wap === -1 && b.count === -1)).toBe(true);
    }
  });

  it('outside RTH the same day starts at 04:00 (the pre-market session)', () => {
    const { engine } = sim();
    const bars = engine.historicalBars(query({ useRth: false, barMinutes: 60 }))?.bars ?? [];
    expect(bars.map((b) => new Date(b.time).toISOString().slice(11, 16))).toEqual(['09:00', '10:00', '11:00', '12:00', '13:00', '14:00']);
    expectWellFormed(bars);
  });

  it('the bar of the minute a price is set closes at that price', () => {
    const { engine, clock } = sim();
    clock.shift(90_000);
    engine.faults.setPrice(AAPL, 250);
    const last = engine.historicalBars(query({ barMinutes: 1, duration: { count: 600, unit: 'S' } }))?.bars.at(-1);
    expect(last?.close).toBe(250);
    expect(last?.high).toBe(250);
  });

  it('daily bars: one per weekday labelled with its date, the last one today so far', () => {
    const { engine } = sim();
    const bars = engine.historicalBars(query({ barMinutes: 1440, duration: { count: 2, unit: 'W' } }))?.bars ?? [];
    expect(bars.map((b) => b.tradeDate)).toEqual([
      '20261110', '20261111', '20261112', '20261113', '20261116', '20261117', '20261118', '20261119', '20261120', '20261123',
    ]);
    expectWellFormed(bars);
    expect(bars.at(-1)?.close).toBe(engine.quote(AAPL)?.last);
  });

  it('"2 D" is the last two sessions, counted back over the weekend', () => {
    const { engine } = sim();
    const bars = engine.historicalBars(query({ barMinutes: 1440, duration: { count: 2, unit: 'D' } }))?.bars ?? [];
    expect(bars.map((b) => b.tradeDate)).toEqual(['20261120', '20261123']);
  });

  it('the same seed draws the same history; another seed another one', () => {
    const a = sim(7).engine.historicalBars(query({ barMinutes: 1440, duration: { count: 1, unit: 'M' } }));
    const b = sim(7).engine.historicalBars(query({ barMinutes: 1440, duration: { count: 1, unit: 'M' } }));
    const c = sim(8).engine.historicalBars(query({ barMinutes: 1440, duration: { count: 1, unit: 'M' } }));
    expect(b).toEqual(a);
    expect(c?.bars.map((x) => x.close)).not.toEqual(a?.bars.map((x) => x.close));
  });

  it('a window on a weekend holds no bars; a window before the head timestamp starts at it', () => {
    const { engine } = sim();
    const weekend = engine.historicalBars(query({ endMs: Date.parse('2026-11-22T12:00:00Z'), duration: { count: 86_400, unit: 'S' } }));
    expect(weekend?.bars).toEqual([]);
    const head = engine.headTimestamp(AAPL, true);
    expect(head).toBe(Date.parse('2010-01-04T14:30:00Z'));
    const early = engine.historicalBars(query({ endMs: Date.parse('2010-01-06T21:00:00Z'), barMinutes: 1440, duration: { count: 1, unit: 'M' } }));
    expect(early?.startMs).toBe(head);
    expect(early?.bars.map((b) => b.tradeDate)).toEqual(['20100104', '20100105', '20100106']);
  });

  it('FX midpoint bars run from Sunday evening to Friday 17:00 New York', () => {
    const { engine } = sim();
    const eurusd = engine.resolveContract({ symbol: 'EUR', secType: 'CASH', currency: 'USD', exchange: 'IDEALPRO' })[0];
    if (!eurusd) throw new Error('no EUR.USD in the catalogue');
    const bars = engine.historicalBars(query({ conId: eurusd.conId, whatToShow: EURUSD_WHAT, barMinutes: 60, useRth: false, duration: { count: 1, unit: 'D' } }))?.bars ?? [];
    expect(new Date(bars[0]?.time ?? 0).toISOString()).toBe('2026-11-22T22:15:00.000Z');
    expectWellFormed(bars);
  });

  it('a repeated daily request gets the same bars (synthesised sessions are kept)', () => {
    const { engine } = sim();
    const first = engine.historicalBars(query({ barMinutes: 1440, duration: { count: 6, unit: 'M' } }));
    const again = engine.historicalBars(query({ barMinutes: 1440, duration: { count: 6, unit: 'M' } }));
    expect(again).toEqual(first);
    expect(first?.bars.length).toBeGreaterThan(120);
  });

  it('round the clock (hours: always): a bar per calendar day, weekends included, hours from local midnight', () => {
    const clock = manualClock(MONDAY_10);
    const engine = createEngine({ clock, seed: 7, accounts: ['DU1234567'], catalogue: roundTheClock(buildCatalogue(MONDAY_10)) });
    const days = engine.historicalBars(query({ barMinutes: 1440, useRth: false, duration: { count: 3, unit: 'D' } }))?.bars ?? [];
    expect(days.map((b) => b.tradeDate)).toEqual(['20261121', '20261122', '20261123']);
    const hours = engine.historicalBars(query({ barMinutes: 60, useRth: false, whatToShow: 'MIDPOINT', duration: { count: 1, unit: 'D' } }))?.bars ?? [];
    expect(hours).toHaveLength(10); // 00:00 … 09:00 New York: the walk starts stepping at 10:00
    expect(new Date(hours[0]?.time ?? 0).toISOString()).toBe('2026-11-23T05:00:00.000Z');
    expect(days.at(-1)?.close).toBe(engine.quote(AAPL)?.last);
  });

  it('closed hours do not move the synthesised path: a session opens where the last one closed', () => {
    const { engine } = sim();
    const bars = engine.historicalBars(query({
      whatToShow: 'MIDPOINT', useRth: false, barMinutes: 1, endMs: Date.parse('2026-11-20T09:05:00Z'), duration: { count: 36_000, unit: 'S' },
    }))?.bars ?? [];
    const evening = bars.findIndex((b) => b.time === Date.parse('2026-11-20T00:59:00Z')); // Thursday 19:59 New York
    expect(evening).toBeGreaterThan(0);
    const morning = bars[evening + 1]; // Friday 04:00 New York, the next bar
    expect(morning?.time).toBe(Date.parse('2026-11-20T09:00:00Z'));
    expect(morning?.open).toBe(bars[evening]?.close);
  });
});
