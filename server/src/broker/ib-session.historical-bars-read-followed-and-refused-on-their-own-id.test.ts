// Scenario (issue 13): the dashboard's price chart reads AAPL's bars through the broker session and
// follows the current bar (keepUpToDate); sizing reads recent ranges. The simulator's clock is pinned
// (Monday 10:30:30 New York, real trading hours) and moved by hand, so updates come exactly when a
// test moves time. The gateway's quote watches are counted, so "stopped after unsubscribe" is what
// the simulator serves, not what the session believes.
import { manualClock, type Gateway } from '@kairox/gateway-sim';
import { afterEach, describe, expect, it } from 'vitest';
import { DisconnectedError, IbRequestError, NotReadyError } from './errors.ts';
import type { BarUpdateReport, HistoricalBar } from './reports.ts';
import { sessionFor, simulator, until, type Harness } from './test-support.ts';

const MONDAY_10AM_NEW_YORK = Date.parse('2026-11-23T15:00:00Z');
const AAPL_CON_ID = 265598;
const AAPL = { conId: AAPL_CON_ID, exchange: 'SMART' };
const MINUTE = 60_000;

let gw: Gateway | undefined;
let h: Harness | undefined;
afterEach(async () => {
  h?.session.stop();
  await gw?.close();
  gw = undefined;
  h = undefined;
});

interface Setup { gw: Gateway; h: Harness; watching: () => number }

/** A ready session at 10:30:30 New York (an hour of regular-hours bars); the gateway's AAPL quote watches counted. */
async function ready(): Promise<Setup> {
  gw = await simulator({ clock: manualClock(MONDAY_10AM_NEW_YORK), hours: 'real' });
  const engine = gw.engine;
  const watch = engine.watchQuotes.bind(engine);
  let watches = 0;
  engine.watchQuotes = (conId: number) => {
    const stop = watch(conId);
    if (conId !== AAPL_CON_ID) return stop;
    watches += 1;
    let stopped = false;
    return () => {
      if (!stopped) watches -= 1;
      stopped = true;
      stop();
    };
  };
  gw.advanceClock(30 * MINUTE + 30_000);
  h = sessionFor(gw, { requestTimeoutMs: 20_000 });
  h.session.start();
  await h.session.whenReady(10_000);
  return { gw, h, watching: () => watches };
}

function expectOhlc(bars: readonly HistoricalBar[]): void {
  for (const b of bars) {
    expect(b.low).toBeLessThanOrEqual(Math.min(b.open, b.close));
    expect(b.high).toBeGreaterThanOrEqual(Math.max(b.open, b.close));
  }
}

const updatesOf = (s: Setup, id: number): BarUpdateReport[] => s.h.reports.filter((r): r is BarUpdateReport => r.kind === 'barUpdate' && r.subscriptionId === id);

/** A read answered after everything sent before it: the gateway has served those too. */
const roundTrip = (s: Setup): Promise<number> => s.h.session.headTimestamp(AAPL, 'MIDPOINT', false);

describe('historical bars through the session', () => {
  it("AAPL, 1 day of 5-min regular-hours bars: 13 from 09:30 in time order, OHLC consistent, the last close at the quote's last trade", async () => {
    const s = await ready();
    const bars = await s.h.session.historicalBars({ contract: AAPL, duration: '1 D', barSize: '5 mins', whatToShow: 'TRADES', useRTH: true });
    expect(bars).toHaveLength(13); // 09:30 … 10:30
    expect(bars[0]?.time).toBe(Date.parse('2026-11-23T14:30:00Z'));
    expect(bars.every((b, k) => k === 0 || b.time - (bars[k - 1]?.time ?? 0) === 5 * MINUTE)).toBe(true);
    expectOhlc(bars);
    expect(bars.every((b) => (b.volume ?? 0) > 0 && (b.count ?? 0) > 0 && b.wap !== undefined)).toBe(true);
    expect(bars.at(-1)?.close).toBe(s.gw.engine.quote(AAPL_CON_ID)?.last);
  });

  it('midpoint bars carry no volume, count or WAP; daily bars up to an end date are dated, Friday last for a Sunday end', async () => {
    const s = await ready();
    const mid = await s.h.session.historicalBars({ contract: AAPL, duration: '1 D', barSize: '1 hour', whatToShow: 'MIDPOINT', useRTH: false });
    expect(mid.length).toBeGreaterThan(0);
    expect(mid.every((b) => !('volume' in b) && !('count' in b) && !('wap' in b))).toBe(true);
    const q = s.gw.engine.quote(AAPL_CON_ID);
    expect(mid.at(-1)?.close).toBeCloseTo(((q?.bid ?? 0) + (q?.ask ?? 0)) / 2, 6);

    const daily = await s.h.session.historicalBars({
      contract: AAPL, endDateTime: Date.parse('2026-11-22T17:00:00Z'), duration: '1 W', barSize: '1 day', whatToShow: 'TRADES', useRTH: true,
    });
    expect(daily.map((b) => new Date(b.time).toISOString().slice(0, 10))).toEqual(['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20']);
    expectOhlc(daily);
  });

  it("the head timestamp is the first bar IB has (epoch ms)", async () => {
    const s = await ready();
    expect(await s.h.session.headTimestamp(AAPL, 'TRADES', true)).toBe(Date.parse('2010-01-04T14:30:00Z'));
  });

  it('keepUpToDate: updates as the clock moves (the current bar, then the next), none once unsubscribed', async () => {
    const s = await ready();
    const sub = await s.h.session.subscribeBars({ contract: AAPL, duration: '1800 S', barSize: '1 min', whatToShow: 'MIDPOINT', useRTH: true });
    const lastTime = sub.bars.at(-1)?.time ?? 0;
    expect(lastTime).toBe(Date.parse('2026-11-23T15:30:00Z'));
    expect(sub.latest).toEqual(sub.bars.at(-1));
    expect(s.watching()).toBe(1);

    s.gw.advanceClock(20_000);
    await until(() => updatesOf(s, sub.id).length > 0);
    const same = updatesOf(s, sub.id)[0];
    expect(same).toMatchObject({ contract: AAPL, barSize: '1 min', whatToShow: 'MIDPOINT', bar: { time: lastTime } });
    const q = s.gw.engine.quote(AAPL_CON_ID);
    expect(same?.bar.close).toBeCloseTo(((q?.bid ?? 0) + (q?.ask ?? 0)) / 2, 6);

    s.gw.advanceClock(MINUTE);
    await until(() => updatesOf(s, sub.id).some((u) => u.bar.time === lastTime + MINUTE));
    expectOhlc(updatesOf(s, sub.id).map((u) => u.bar));
    expect(sub.latest?.time).toBe(lastTime + MINUTE);

    await sub.unsubscribe();
    expect(sub.active).toBe(false);
    await until(() => s.watching() === 0);
    const seen = updatesOf(s, sub.id).length;
    s.gw.advanceClock(MINUTE);
    await roundTrip(s);
    expect(updatesOf(s, sub.id)).toHaveLength(seen);
    await expect(sub.ended).resolves.toEqual({ reason: 'unsubscribed' });
  });

  it('a lost connection ends a subscription (reported, `ended` resolves); it is not renewed after the reconnect', async () => {
    const s = await ready();
    const sub = await s.h.session.subscribeBars({ contract: AAPL, duration: '1800 S', barSize: '1 min', whatToShow: 'BID', useRTH: true });
    s.gw.dropAllConnections();
    expect((await sub.ended).reason).toMatch(/the connection was lost .*subscribe again/);
    expect(sub.active).toBe(false);
    expect(s.h.reports.filter((r) => r.kind === 'barSubscriptionEnded')).toEqual([expect.objectContaining({ subscriptionId: sub.id })]);
    await until(() => s.h.session.currentState !== 'ready');
    await s.h.session.whenReady(10_000);
    const seen = updatesOf(s, sub.id).length;
    s.gw.advanceClock(MINUTE);
    await roundTrip(s);
    // The gateway ends the old connection's subscription at its next price step; none was asked for again.
    expect(s.watching()).toBe(0);
    expect(updatesOf(s, sub.id)).toHaveLength(seen);
  });

  it("a bad request is refused with IB's code on its own id, at once (no time-out), and leaves no subscription", async () => {
    const s = await ready();
    const started = Date.now();
    const refusal = (p: Promise<unknown>): Promise<unknown> => p.then(() => undefined, (e: unknown) => e);
    const unknown = await refusal(s.h.session.historicalBars({
      contract: { symbol: 'NOPE', secType: 'STK', exchange: 'SMART', currency: 'USD' }, duration: '1 D', barSize: '1 hour', whatToShow: 'TRADES', useRTH: true,
    }));
    expect(unknown).toBeInstanceOf(IbRequestError);
    expect(unknown).toMatchObject({ ibCode: 200 });
    await expect(s.h.session.historicalBars({ contract: AAPL, duration: '1 D', barSize: '7 mins' as never, whatToShow: 'TRADES', useRTH: true }))
      .rejects.toMatchObject({ ibCode: 321, ibMessage: expect.stringContaining('bar size setting is invalid') });
    await expect(s.h.session.historicalBars({
      contract: AAPL, endDateTime: Date.parse('2026-11-22T17:00:00Z'), duration: '3600 S', barSize: '1 min', whatToShow: 'TRADES', useRTH: true,
    })).rejects.toMatchObject({ ibCode: 162, ibMessage: expect.stringContaining('HMDS query returned no data') });
    await expect(s.h.session.subscribeBars({ contract: AAPL, duration: '1 D', barSize: '7 mins' as never, whatToShow: 'MIDPOINT', useRTH: true }))
      .rejects.toBeInstanceOf(IbRequestError);
    await expect(s.h.session.headTimestamp({ symbol: 'NOPE', secType: 'STK', exchange: 'SMART', currency: 'USD' }, 'TRADES', true))
      .rejects.toMatchObject({ ibCode: 200 });
    // Well inside the 20 s request time-out: each was IB's answer, not a give-up.
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(s.h.session.status().pendingRequests).toBe(0);
    expect(s.watching()).toBe(0);
  });

  it('is refused before the session is ready, and nothing is sent', async () => {
    gw = await simulator();
    h = sessionFor(gw);
    const request = { contract: AAPL, duration: '1 D', barSize: '5 mins', whatToShow: 'TRADES', useRTH: true } as const;
    await expect(h.session.historicalBars(request)).rejects.toBeInstanceOf(NotReadyError);
    await expect(h.session.subscribeBars(request)).rejects.toBeInstanceOf(NotReadyError);
    await expect(h.session.headTimestamp(AAPL, 'TRADES', true)).rejects.toBeInstanceOf(NotReadyError);
  });

  it('a drop while bars are awaited fails the read at once', async () => {
    const s = await ready();
    s.gw.pause();
    const read = s.h.session.historicalBars({ contract: AAPL, duration: '1 D', barSize: '5 mins', whatToShow: 'TRADES', useRTH: true });
    // Handed to the socket, unanswered.
    await until(() => s.h.session.status().pacingQueueDepth === 0);
    s.gw.dropAllConnections();
    await expect(read).rejects.toBeInstanceOf(DisconnectedError);
    s.gw.resume();
  });
});
