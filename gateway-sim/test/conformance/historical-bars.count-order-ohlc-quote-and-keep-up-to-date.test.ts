// reqHistoricalData / reqHeadTimestamp through @stoqey/ib at each version: bars counted, in time
// order and OHLC-consistent with the last one at the live quote; keepUpToDate updates as the
// simulated clock moves (the old bar's final state, then the new bar) until cancelled; the head
// timestamp; and IB's errors on the request's own id: 200, 321, 162 no data, 162 pacing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AAPL, AAPL_CON_ID, VERSIONS, contract, startSim } from './support/ib-session.ts';
import type { EventArgs, IbSession, Sim } from './support/ib-session.ts';

type BarEvent = EventArgs['historicalData'];
const isEnd = (b: BarEvent): boolean => b[1].startsWith('finished');

function expectOhlc(bars: readonly { open: number; high: number; low: number; close: number }[]): void {
  for (const b of bars) {
    expect(b.low).toBeLessThanOrEqual(Math.min(b.open, b.close));
    expect(b.high).toBeGreaterThanOrEqual(Math.max(b.open, b.close));
  }
}
const ohlc = (b: BarEvent | EventArgs['historicalDataUpdate']): { open: number; high: number; low: number; close: number } => (
  { open: b[2], high: b[3], low: b[4], close: b[5] }
);

describe.each(VERSIONS)('historical bars at server version %i', (version) => {
  let sim: Sim;
  let s: IbSession;
  let reqId = 7000;
  beforeAll(async () => {
    sim = await startSim(version);
    s = await sim.connect(1);
    // 10:30:30 New York: an hour of RTH bars, the last half hour recorded from the live walk.
    sim.gw.advanceClock(30 * 60_000 + 30_000);
  });
  afterAll(() => sim.close());

  async function bars(id: number, from: number): Promise<{ bars: BarEvent[]; end: BarEvent }> {
    await s.waitFor('historicalData', (r, date) => r === id && date.startsWith('finished'), from);
    const all = s.all('historicalData', from).filter((b) => b[0] === id);
    const end = all.at(-1);
    if (!end) throw new Error('no end marker');
    return { bars: all.filter((b) => !isEnd(b)), end };
  }

  it('5-minute TRADES bars of today RTH: 13 bars from 09:30, epoch times in order, OHLC consistent, last close = the last trade', async () => {
    const id = ++reqId;
    const m = s.mark();
    s.api.reqHistoricalData(id, AAPL, '', '1 D', '5 mins' as never, 'TRADES' as never, 1, 2, false);
    const { bars: got, end } = await bars(id, m);
    expect(got).toHaveLength(13); // 09:30 … 10:30
    const times = got.map((b) => Number(b[1]));
    expect(times[0]).toBe(Date.parse('2026-11-23T14:30:00Z') / 1000);
    expect(times.every((t, k) => k === 0 || t - (times[k - 1] ?? 0) === 300)).toBe(true);
    expectOhlc(got.map(ohlc));
    expect(got.every((b) => b[6] > 0 && b[7] > 0)).toBe(true); // volume and trade count
    const q = sim.gw.engine.quote(AAPL_CON_ID);
    expect(got.at(-1)?.[5]).toBe(q?.last);
    // At 176-195 the window is written `yyyyMMdd  HH:mm:ss` (two spaces, no zone).
    expect(end[1]).toBe('finished-20261123  09:30:00-20261123  10:30:30');
    // At 176-178 the end travels inside historicalData (17): there is no historicalDataEnd frame (108).
    expect(s.raw('108', m)).toEqual([]);
    expect(s.raw('17', m)[0]?.slice(0, 5)).toEqual(['17', String(id), '20261123  09:30:00', '20261123  10:30:30', '13']);
  });

  it('BID, ASK and MIDPOINT hourly bars with dates: the last ones at the quote, no volume (-1)', async () => {
    const q = sim.gw.engine.quote(AAPL_CON_ID);
    if (!q) throw new Error('no quote');
    const expected = { BID: q.bid, ASK: q.ask, MIDPOINT: (q.bid + q.ask) / 2 };
    for (const what of ['BID', 'ASK', 'MIDPOINT'] as const) {
      const id = ++reqId;
      const m = s.mark();
      s.api.reqHistoricalData(id, AAPL, '', '1 D', '1 hour' as never, what as never, 0, 1, false);
      const { bars: got } = await bars(id, m);
      expect(got.map((b) => b[1])).toEqual(['04', '05', '06', '07', '08', '09', '10'].map((h) => `20261123 ${h}:00:00 US/Eastern`));
      expectOhlc(got.map(ohlc));
      expect(got.at(-1)?.[5]).toBeCloseTo(expected[what], 6);
      expect(got.every((b) => b[6] === -1 && b[7] === -1)).toBe(true);
    }
  });

  it('daily bars carry dates only; a window ending on a Sunday ends with Friday', async () => {
    const id = ++reqId;
    const m = s.mark();
    s.api.reqHistoricalData(id, AAPL, '20261122 12:00:00 US/Eastern', '1 W', '1 day' as never, 'TRADES' as never, 1, 1, false);
    const { bars: got } = await bars(id, m);
    expect(got.map((b) => b[1])).toEqual(['20261116', '20261117', '20261118', '20261119', '20261120']);
    expectOhlc(got.map(ohlc));
  });

  it('keepUpToDate: updates of the current bar as the clock moves, the finished bar once, then the next; none after cancel', async () => {
    const id = ++reqId;
    const m = s.mark();
    s.api.reqHistoricalData(id, AAPL, '', '1800 S', '1 min' as never, 'MIDPOINT' as never, 1, 2, true);
    const { bars: got } = await bars(id, m);
    const lastTime = Number(got.at(-1)?.[1]);
    expect(lastTime).toBe(Date.parse('2026-11-23T15:30:00Z') / 1000);

    const u1 = s.mark();
    sim.gw.advanceClock(20_000);
    const same = await s.waitFor('historicalDataUpdate', (r) => r === id, u1);
    expect(Number(same[1])).toBe(lastTime);
    expect(same[7]).toBe(-1); // barCount: TWS sends -1 in updates
    const q1 = sim.gw.engine.quote(AAPL_CON_ID);
    expect(same[5]).toBeCloseTo(((q1?.bid ?? 0) + (q1?.ask ?? 0)) / 2, 6);
    expectOhlc([ohlc(same)]);

    const u2 = s.mark();
    sim.gw.advanceClock(60_000);
    await s.waitFor('historicalDataUpdate', (r, date) => r === id && Number(date) === lastTime + 60, u2);
    const updates = s.all('historicalDataUpdate', u2).filter((u) => u[0] === id);
    expect(updates.map((u) => Number(u[1]) - lastTime)).toEqual([0, 60]);
    expectOhlc(updates.map(ohlc));
    expect(updates.every((u) => u[6] === -1 && u[7] === -1)).toBe(true);

    // The id is taken while the subscription lives.
    const d = s.mark();
    s.api.reqHistoricalData(id, AAPL, '', '1800 S', '1 min' as never, 'TRADES' as never, 1, 2, true);
    expect((await s.waitForError(322, id, d)).message).toBe(`Error processing request.-'bP' : cause - Duplicate ticker id ${id}`);

    s.api.cancelHistoricalData(id);
    const c = s.mark();
    // A marker request after the cancel: once it is answered, the cancel has been served too.
    const marker = ++reqId;
    s.api.reqHeadTimestamp(marker, AAPL, 'TRADES' as never, true, 1);
    await s.waitFor('headTimestamp', (r) => r === marker, c);
    const after = s.mark();
    sim.gw.advanceClock(60_000);
    const probe = ++reqId;
    s.api.reqHeadTimestamp(probe, AAPL, 'MIDPOINT' as never, false, 2);
    await s.waitFor('headTimestamp', (r) => r === probe, after);
    expect(s.all('historicalDataUpdate', after).filter((u) => u[0] === id)).toEqual([]);
    // Cancelling it again: nothing by that id is left (366).
    s.api.cancelHistoricalData(id);
    expect((await s.waitForError(366, id, after)).message).toBe(`No historical data query found for ticker id:${id}`);
  });

  it('ADJUSTED_LAST daily bars equal TRADES (no splits or dividends are simulated); with an end date they are 321', async () => {
    const adjusted = ++reqId;
    const trades = ++reqId;
    const dated = ++reqId;
    const m = s.mark();
    s.api.reqHistoricalData(adjusted, AAPL, '', '1 M', '1 day' as never, 'ADJUSTED_LAST' as never, 1, 1, false);
    s.api.reqHistoricalData(trades, AAPL, '', '1 M', '1 day' as never, 'TRADES' as never, 1, 1, false);
    const a = await bars(adjusted, m);
    const t = await bars(trades, m);
    expect(a.bars.length).toBeGreaterThan(15);
    expect(a.bars.map((b) => b.slice(1))).toEqual(t.bars.map((b) => b.slice(1)));
    s.api.reqHistoricalData(dated, AAPL, '20261120 16:00:00 US/Eastern', '1 M', '1 day' as never, 'ADJUSTED_LAST' as never, 1, 1, false);
    expect((await s.waitForError(321, dated, m)).message).toBe("Error validating request.-'bP' : cause - End date not supported with adjusted last");
  });

  it('head timestamp: UTC text with formatDate 1, epoch seconds with 2', async () => {
    const a = ++reqId;
    const b = ++reqId;
    const m = s.mark();
    s.api.reqHeadTimestamp(a, AAPL, 'TRADES' as never, true, 1);
    s.api.reqHeadTimestamp(b, AAPL, 'TRADES' as never, true, 2);
    expect(await s.waitFor('headTimestamp', (r) => r === a, m)).toEqual([a, '20100104-14:30:00']);
    expect(await s.waitFor('headTimestamp', (r) => r === b, m)).toEqual([b, String(Date.parse('2010-01-04T14:30:00Z') / 1000)]);
  });

  it("errors on the request's own id: unknown contract 200, bad bar size 321, too long 162, weekend window 162 no data", async () => {
    const m = s.mark();
    const unknown = ++reqId;
    s.api.reqHistoricalData(unknown, contract({ symbol: 'NOPE', secType: 'STK', exchange: 'SMART', currency: 'USD' }), '', '1 D', '1 hour' as never, 'TRADES' as never, 1, 1, false);
    expect((await s.waitForError(200, unknown, m)).message).toBe('No security definition has been found for the request');
    const badSize = ++reqId;
    s.api.reqHistoricalData(badSize, AAPL, '', '1 D', '7 mins' as never, 'TRADES' as never, 1, 1, false);
    expect((await s.waitForError(321, badSize, m)).message).toBe("Error validating request.-'bP' : cause - Historical data bar size setting is invalid.");
    const tooLong = ++reqId;
    s.api.reqHistoricalData(tooLong, AAPL, '', '2 Y', '1 min' as never, 'TRADES' as never, 1, 1, false);
    expect((await s.waitForError(162, tooLong, m)).message).toBe('Historical Market Data Service error message:Time length exceed max.');
    const weekend = ++reqId;
    s.api.reqHistoricalData(weekend, AAPL, '20261122 12:00:00 US/Eastern', '3600 S', '1 min' as never, 'TRADES' as never, 1, 1, false);
    expect((await s.waitForError(162, weekend, m)).message).toBe('Historical Market Data Service error message:HMDS query returned no data: AAPL@SMART Trades');
  });

  it('pacing: an identical request within 15 s is 162 pacing violation; 15 s later it is served', async () => {
    const m = s.mark();
    const first = ++reqId;
    const again = ++reqId;
    const later = ++reqId;
    s.api.reqHistoricalData(first, AAPL, '', '2 D', '30 mins' as never, 'BID' as never, 1, 1, false);
    s.api.reqHistoricalData(again, AAPL, '', '2 D', '30 mins' as never, 'BID' as never, 1, 1, false);
    await bars(first, m);
    expect((await s.waitForError(162, again, m)).message).toBe('Historical Market Data Service error message:Historical data request pacing violation');
    sim.gw.advanceClock(15_000);
    s.api.reqHistoricalData(later, AAPL, '', '2 D', '30 mins' as never, 'BID' as never, 1, 1, false);
    const { bars: got } = await bars(later, m);
    expect(got.length).toBeGreaterThan(0);
  });
});
