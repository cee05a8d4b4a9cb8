// Scenario (intake's quote, read by every decided signal): with `held`, the session opens one
// streaming reqMktData per instrument and keeps it, so only the first read waits for IB; the
// simulator pushes every change, and the next read shows it with nothing asked again. The lines are
// bounded (least recently read cancelled, an unread one cancelled after a while), a drop voids them,
// and an instrument without live data (SHOP on TSX: delayed only) answers through the snapshot read
// as before. What goes on the wire is counted on the session's IB client (every market-data call,
// with its id and whether it is a snapshot). The simulator's clock is pinned (Monday 10:00 New York;
// the session reads the same clock), so prices move only when the test moves them.
import { manualClock, type Gateway } from '@kairox/gateway-sim';
import { afterEach, describe, expect, it } from 'vitest';
import type { MarketSnapshot } from '../domain/index.ts';
import { NoMarketDataError, NotReadyError, RequestTimeoutError } from './errors.ts';
import type { HeldQuoteOptions } from './held-quotes.ts';
import { createIbClient, type IBApi } from './ib-client.ts';
import type { ContractRef } from './reports.ts';
import { sessionFor, simulator, until, type Harness } from './test-support.ts';

const MONDAY_10AM_NEW_YORK = Date.parse('2026-11-23T15:00:00Z');
const stock = (symbol: string, conId: number): ContractRef => ({ conId, symbol, secType: 'STK', exchange: 'SMART', currency: 'USD' });
const AAPL = stock('AAPL', 265598);
const MSFT = stock('MSFT', 272093);
const AMZN = stock('AMZN', 3691937);
const SHOP_TSX: ContractRef = { conId: 195014098, symbol: 'SHOP', secType: 'STK', exchange: 'SMART', primaryExchange: 'TSE', currency: 'CAD' };
const HELD = { held: true, timeoutMs: 3_000 } as const;

let gw: Gateway | undefined;
let h: Harness | undefined;
afterEach(async () => {
  h?.session.stop();
  await gw?.close();
  gw = undefined;
  h = undefined;
});

/** One market-data call as sent: `stream` / `snapshot` for reqMktData, with its ticker id. */
interface Call { name: 'stream' | 'snapshot' | 'cancel' | 'dataType'; id: number }
interface Setup { gw: Gateway; h: Harness; calls: Call[]; clients: IBApi[] }

async function ready(heldQuotes?: HeldQuoteOptions): Promise<Setup> {
  gw = await simulator({ clock: manualClock(MONDAY_10AM_NEW_YORK) });
  const clock = gw.clock;
  const calls: Call[] = [];
  const clients: IBApi[] = [];
  h = sessionFor(gw, {
    clock: { now: () => clock.now() },
    ...(heldQuotes ? { heldQuotes } : {}),
    createClient: (o) => {
      const api = createIbClient(o);
      clients.push(api);
      const spy = (name: 'reqMktData' | 'cancelMktData' | 'reqMarketDataType', record: (args: unknown[]) => Call): void => {
        const original = (api[name] as (...args: unknown[]) => unknown).bind(api);
        (api as unknown as Record<string, (...args: unknown[]) => unknown>)[name] = (...args: unknown[]) => {
          calls.push(record(args));
          return original(...args);
        };
      };
      spy('reqMktData', (args) => ({ name: args[3] === true ? 'snapshot' : 'stream', id: Number(args[0]) }));
      spy('cancelMktData', (args) => ({ name: 'cancel', id: Number(args[0]) }));
      spy('reqMarketDataType', (args) => ({ name: 'dataType', id: Number(args[0]) }));
      return api;
    },
  });
  h.session.start();
  await h.session.whenReady(10_000);
  return { gw, h, calls, clients };
}

const named = (s: Setup, name: Call['name']): number[] => s.calls.filter((c) => c.name === name).map((c) => c.id);

/** A round trip on the session's socket: whatever the simulator pushed before it has arrived. */
async function settled(s: Setup): Promise<void> {
  await s.h.session.currentTime();
}

function expectSimulatorQuote(s: Setup, snap: MarketSnapshot, conId: number): void {
  const q = s.gw.engine.quote(conId);
  expect(snap).toMatchObject({ conId, source: 'live', delayed: false, at: s.gw.clock.now() });
  expect(snap.bid).toBeCloseTo(q?.bid ?? Number.NaN, 6);
  expect(snap.ask).toBeCloseTo(q?.ask ?? Number.NaN, 6);
  expect(snap.last).toBeCloseTo(q?.last ?? Number.NaN, 6);
  expect(snap.lastAt).toBe((q?.lastTimestamp ?? 0) * 1000);
}

describe('quotes for signals from a held streaming line', () => {
  it('two reads of one conId send one streaming reqMktData, and both answer what a snapshot read says', async () => {
    const s = await ready();
    const [first, concurrent] = await Promise.all([s.h.session.marketSnapshot(AAPL, HELD), s.h.session.marketSnapshot(AAPL, HELD)]);
    const again = await s.h.session.marketSnapshot(AAPL, HELD);
    expect(s.calls).toEqual([{ name: 'stream', id: expect.any(Number) }]);
    expectSimulatorQuote(s, first, AAPL.conId as number);
    expect(concurrent).toEqual(first);
    expect(again).toEqual(first);
    // A caller that does not ask for the held line keeps the snapshot read, and it says the same.
    expect(await s.h.session.marketSnapshot(AAPL, { timeoutMs: 3_000 })).toEqual(first);
    expect(s.calls.map((c) => c.name)).toEqual(['stream', 'snapshot']);
  });

  it('after the price moves, the next read shows the new price without a new request', async () => {
    const s = await ready();
    const before = await s.h.session.marketSnapshot(AAPL, HELD);
    s.gw.setPrice(AAPL.conId as number, 200);
    s.gw.advanceClock(1_000); // the next price step: the simulator pushes what changed
    await settled(s);
    const after = await s.h.session.marketSnapshot(AAPL, HELD);
    expect(after.at).toBe(before.at + 1_000);
    expect(after.last).not.toBeCloseTo(before.last ?? Number.NaN, 2);
    expect(after.mid).toBeGreaterThan(195);
    expect(after.mid).toBeLessThan(205);
    expectSimulatorQuote(s, after, AAPL.conId as number);
    expect(named(s, 'stream')).toHaveLength(1);
    expect(named(s, 'snapshot')).toEqual([]);
  });

  it('a first read IB does not answer in time falls back to the snapshot read; the line stays and answers once IB speaks', async () => {
    const s = await ready();
    s.gw.pause();
    const first = await s.h.session.marketSnapshot(AAPL, { held: true, timeoutMs: 400 }).then(() => undefined, (e: unknown) => e);
    // The snapshot read within the time left, as a snapshot read alone would have failed.
    expect(first).toBeInstanceOf(RequestTimeoutError);
    const [line] = named(s, 'stream');
    const [snapshot] = named(s, 'snapshot');
    expect(s.calls).toEqual([{ name: 'stream', id: line }, { name: 'snapshot', id: snapshot }, { name: 'cancel', id: snapshot }]);
    s.gw.resume();
    await settled(s);
    expectSimulatorQuote(s, await s.h.session.marketSnapshot(AAPL, HELD), AAPL.conId as number);
    expect(s.calls).toHaveLength(3);
  });

  it('at the line limit the least recently read line is cancelled to make room', async () => {
    const s = await ready({ maxLines: 2 });
    await s.h.session.marketSnapshot(AAPL, HELD);
    await s.h.session.marketSnapshot(MSFT, HELD);
    await s.h.session.marketSnapshot(AAPL, HELD); // MSFT is now the least recently read
    const [aaplLine, msftLine] = named(s, 'stream');
    expect(named(s, 'cancel')).toEqual([]);

    expectSimulatorQuote(s, await s.h.session.marketSnapshot(AMZN, HELD), AMZN.conId as number);
    expect(named(s, 'cancel')).toEqual([msftLine]);
    // AAPL is still held (no new request); MSFT needs a line again, and AMZN (now the oldest) makes room.
    await s.h.session.marketSnapshot(AAPL, HELD);
    const amznLine = named(s, 'stream')[2];
    expect(named(s, 'stream')).toEqual([aaplLine, msftLine, amznLine]);
    expectSimulatorQuote(s, await s.h.session.marketSnapshot(MSFT, HELD), MSFT.conId as number);
    expect(named(s, 'stream')).toHaveLength(4);
    expect(named(s, 'cancel')).toEqual([msftLine, amznLine]);
    // Room is made before the new line is asked for: never more than the limit at IB.
    const cancelled = s.calls.findIndex((c) => c.name === 'cancel' && c.id === amznLine);
    expect(cancelled).toBeLessThan(s.calls.findLastIndex((c) => c.name === 'stream'));
  });

  it('a line not read for the idle time is cancelled, and the next read opens a new one', async () => {
    const s = await ready({ idleMs: 1_000 });
    await s.h.session.marketSnapshot(AAPL, HELD);
    const [line] = named(s, 'stream');
    s.gw.advanceClock(1_000); // the session reads the simulator's clock: a second without a read
    await until(() => named(s, 'cancel').length === 1);
    expect(named(s, 'cancel')).toEqual([line]);
    expectSimulatorQuote(s, await s.h.session.marketSnapshot(AAPL, HELD), AAPL.conId as number);
    expect(named(s, 'stream')).toHaveLength(2);
  });

  it('a gateway drop voids the lines: nothing is sent while it is down, and the next read opens a new line and is right', async () => {
    const s = await ready();
    await s.h.session.marketSnapshot(AAPL, HELD);
    const [oldLine] = named(s, 'stream');
    s.gw.dropAllConnections();
    await until(() => s.h.session.currentState !== 'ready');
    await expect(s.h.session.marketSnapshot(AAPL, HELD)).rejects.toBeInstanceOf(NotReadyError);
    s.gw.setPrice(AAPL.conId as number, 210); // moved while away: the old line's values are stale
    s.gw.advanceClock(1_000);
    await s.h.session.whenReady(10_000);
    expect(s.calls).toHaveLength(1);

    const after = await s.h.session.marketSnapshot(AAPL, HELD);
    expectSimulatorQuote(s, after, AAPL.conId as number);
    expect(after.mid).toBeGreaterThan(205);
    const lines = named(s, 'stream');
    expect(lines).toHaveLength(2);
    expect(lines[1]).not.toBe(oldLine);
    expect(named(s, 'cancel')).toEqual([]); // IB ended the old line with the socket
  });

  it('1101 (IB lost the subscriptions, same socket): the lines are cancelled and the next read opens a new one', async () => {
    const s = await ready();
    await s.h.session.marketSnapshot(AAPL, HELD);
    const [line] = named(s, 'stream');
    s.gw.connectivity(1101);
    await until(() => named(s, 'cancel').length === 1);
    expect(named(s, 'cancel')).toEqual([line]);
    await s.h.session.whenReady(10_000);
    expectSimulatorQuote(s, await s.h.session.marketSnapshot(AAPL, HELD), AAPL.conId as number);
    expect(named(s, 'stream')).toHaveLength(2);
  });

  it('stopping the session cancels every held line', async () => {
    const s = await ready();
    await s.h.session.marketSnapshot(AAPL, HELD);
    await s.h.session.marketSnapshot(MSFT, HELD);
    s.h.session.stop();
    expect(named(s, 'cancel')).toEqual(named(s, 'stream'));
    expect(named(s, 'cancel')).toHaveLength(2);
  });

  it('GC futures (no data at all, 354): the refused line holds no place, and the read says why through the snapshot path', async () => {
    const s = await ready({ maxLines: 1 });
    const gc = s.gw.engine.resolveContract({ symbol: 'GC', secType: 'FUT' })[0];
    const contract: ContractRef = { conId: gc?.conId, symbol: 'GC', secType: 'FUT', exchange: 'COMEX' };
    const refused = await s.h.session.marketSnapshot(contract, HELD).then(() => undefined, (e: unknown) => e);
    expect(refused).toMatchObject({ reason: 'no_market_data', refusal: { code: 354, delayedAvailable: false } });
    expect(s.calls.map((c) => c.name)).toEqual(['stream', 'snapshot']);
    // The one place is free: AAPL's line needs no cancel, and GC is not tried again for a while.
    await s.h.session.marketSnapshot(AAPL, HELD);
    await expect(s.h.session.marketSnapshot(contract, HELD)).rejects.toBeInstanceOf(NoMarketDataError);
    expect(s.calls.map((c) => c.name)).toEqual(['stream', 'snapshot', 'stream', 'snapshot']);
  });

  it("10197 on a line's id ends that line (cancelled) and the conId is read by snapshot; 10197 for the whole session ends every line", async () => {
    const s = await ready();
    await s.h.session.marketSnapshot(AAPL, HELD);
    await s.h.session.marketSnapshot(MSFT, HELD);
    const [aaplLine, msftLine] = named(s, 'stream');
    s.gw.sendError(7, aaplLine ?? -1, 10197, 'No market data during competing live session');
    await until(() => named(s, 'cancel').length === 1);
    expect(named(s, 'cancel')).toEqual([aaplLine]);
    expectSimulatorQuote(s, await s.h.session.marketSnapshot(AAPL, HELD), AAPL.conId as number);
    expect(named(s, 'snapshot')).toHaveLength(1);
    await s.h.session.marketSnapshot(MSFT, HELD);
    expect(named(s, 'stream')).toEqual([aaplLine, msftLine]);

    s.gw.competingSession(); // id -1: IB says nothing about which lines still get data
    await until(() => named(s, 'cancel').length === 2);
    expect(named(s, 'cancel')).toEqual([aaplLine, msftLine]);
    expectSimulatorQuote(s, await s.h.session.marketSnapshot(MSFT, HELD), MSFT.conId as number);
    expect(named(s, 'stream')).toHaveLength(3);
  });

  it('a line IB answers with delayed data (the data type was left delayed behind the session) is cancelled, not held', async () => {
    const s = await ready();
    s.clients.at(-1)?.reqMarketDataType(3); // not through the session: nothing else would leave it so
    const snap = await s.h.session.marketSnapshot(SHOP_TSX, HELD);
    const [line] = named(s, 'stream');
    expect(named(s, 'cancel')).toEqual([line]);
    // IB said delayed without a 10167: the answer came from the snapshot read, flagged as IB sent it.
    expect(s.calls.map((c) => c.name)).toEqual(['dataType', 'stream', 'cancel', 'snapshot']);
    expect(snap).toMatchObject({ source: 'delayed', delayed: true });
  });

  it('SHOP on TSX (delayed only): the live line is refused and reads answer through the snapshot path as before', async () => {
    const s = await ready();
    const live = await s.h.session.marketSnapshot(SHOP_TSX, HELD).then(() => undefined, (e: unknown) => e);
    expect(live).toBeInstanceOf(NoMarketDataError);
    expect(live).toMatchObject({ reason: 'no_market_data', refusal: { code: 10167, delayedAvailable: true } });
    // IB streamed delayed data on the line (10167): it is cancelled, and this read was a snapshot.
    const [line] = named(s, 'stream');
    expect(s.calls.map((c) => c.name)).toEqual(['stream', 'cancel', 'snapshot']);
    expect(named(s, 'cancel')).toEqual([line]);

    // Remembered: the next reads go straight to the snapshot read, delayed where allowed.
    const delayed = await s.h.session.marketSnapshot(SHOP_TSX, { ...HELD, allowDelayed: true });
    expect(delayed).toMatchObject({ conId: SHOP_TSX.conId, source: 'delayed', delayed: true });
    expect(delayed.last).toBeGreaterThan(0);
    const again = await s.h.session.marketSnapshot(SHOP_TSX, HELD).then(() => undefined, (e: unknown) => e);
    expect(again).toMatchObject({ refusal: { code: 10167 } });
    expect(s.calls.slice(3).map((c) => c.name)).toEqual(['dataType', 'snapshot', 'dataType', 'snapshot']);
  });
});
