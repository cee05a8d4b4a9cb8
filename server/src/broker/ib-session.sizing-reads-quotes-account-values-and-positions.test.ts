// Scenario (issue 8, sizing and the risk gate): before an order is sized, intake reads the
// instrument's quote, the account's values and its positions through the broker session. The
// simulator's clock is pinned (Monday 10:00 New York; the session reads the same clock), so quotes
// stand still unless a test moves them, and its catalogue has instruments this login has no data
// for: GC futures (none at all: 354), SHOP on TSX (delayed only: 10167), SAP on IBIS (an extra API
// subscription: 10089, delayed available). What the session sends is counted on its IB client.
import { manualClock, type Gateway } from '@kairox/gateway-sim';
import { afterEach, describe, expect, it } from 'vitest';
import { referencePrice } from '../domain/index.ts';
import { AccountError, DisconnectedError, NoMarketDataError, NotReadyError } from './errors.ts';
import { createIbClient } from './ib-client.ts';
import type { CommissionReportData, ContractRef, ExecutionReport } from './reports.ts';
import { sessionFor, simulator, until, type Harness } from './test-support.ts';

const MONDAY_10AM_NEW_YORK = Date.parse('2026-11-23T15:00:00Z');
const ACCOUNT = 'DU1234567';
const AAPL: ContractRef = { conId: 265598, symbol: 'AAPL', secType: 'STK', exchange: 'SMART', currency: 'USD' };
const SHOP_TSX: ContractRef = { conId: 195014098, symbol: 'SHOP', secType: 'STK', exchange: 'SMART', primaryExchange: 'TSE', currency: 'CAD' };
const SAP_IBIS: ContractRef = { conId: 14204, symbol: 'SAP', secType: 'STK', exchange: 'SMART', primaryExchange: 'IBIS', currency: 'EUR' };

let gw: Gateway | undefined;
let h: Harness | undefined;
afterEach(async () => {
  h?.session.stop();
  await gw?.close();
  gw = undefined;
  h = undefined;
});

interface Setup { gw: Gateway; h: Harness; sent: string[]; tickerIds: number[] }

/** A session on a pinned simulator, not started; every data request its clients send is listed. */
async function stopped(): Promise<Setup> {
  gw = await simulator({ clock: manualClock(MONDAY_10AM_NEW_YORK) });
  const clock = gw.clock;
  const sent: string[] = [];
  const tickerIds: number[] = [];
  h = sessionFor(gw, {
    clock: { now: () => clock.now() },
    createClient: (o) => {
      const api = createIbClient(o);
      for (const name of ['reqMarketDataType', 'reqMktData', 'cancelMktData', 'reqAccountSummary', 'cancelAccountSummary', 'reqPositionsMulti', 'cancelPositionsMulti'] as const) {
        const original = (api[name] as (...args: unknown[]) => unknown).bind(api);
        (api as unknown as Record<string, (...args: unknown[]) => unknown>)[name] = (...args: unknown[]) => {
          sent.push(name === 'reqMarketDataType' ? `${name}(${String(args[0])})` : name);
          if (name === 'reqMktData') tickerIds.push(Number(args[0]));
          return original(...args);
        };
      }
      return api;
    },
  });
  return { gw, h, sent, tickerIds };
}

async function ready(): Promise<Setup> {
  const s = await stopped();
  s.h.session.start();
  await s.h.session.whenReady(10_000);
  return s;
}

/** Buys at market; resolves once the fill and its commission have been reported. */
async function buy(s: Setup, quantity: number): Promise<ExecutionReport> {
  const { orderId } = await s.h.session.placeOrder({ contract: AAPL, action: 'BUY', quantity, orderType: 'MKT', orderRef: `kx-buy-${quantity}` });
  let fill: ExecutionReport | undefined;
  await until(() => {
    fill ??= s.h.reports.find((r): r is ExecutionReport => r.kind === 'execution' && r.orderId === orderId);
    return fill !== undefined && s.h.reports.some((r): r is CommissionReportData => r.kind === 'commission' && r.execId === fill?.execId);
  });
  return fill as ExecutionReport;
}

async function refusal(read: Promise<unknown>): Promise<NoMarketDataError> {
  const error = await read.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(NoMarketDataError);
  return error as NoMarketDataError;
}

describe('market snapshot', () => {
  it('AAPL: live top of book as the simulator quotes it, bid ≤ ask, the mid between, and the fresh last trade as the reference price', async () => {
    const s = await ready();
    const q = s.gw.engine.quote(265598);
    const snap = await s.h.session.marketSnapshot(AAPL);
    expect(snap).toMatchObject({ conId: 265598, source: 'live', delayed: false, at: MONDAY_10AM_NEW_YORK });
    expect(snap.bid).toBeCloseTo(q?.bid ?? Number.NaN, 6);
    expect(snap.ask).toBeCloseTo(q?.ask ?? Number.NaN, 6);
    expect(snap.last).toBeCloseTo(q?.last ?? Number.NaN, 6);
    expect(snap.close).toBeCloseTo(q?.close ?? Number.NaN, 6);
    expect(snap.bid ?? Number.NaN).toBeLessThanOrEqual(snap.ask ?? Number.NaN);
    expect(snap.mid).toBeCloseTo(((snap.bid ?? 0) + (snap.ask ?? 0)) / 2, 9);
    expect(snap.lastAt).toBe((q?.lastTimestamp ?? 0) * 1000);
    expect(referencePrice(snap, 'BUY')).toEqual({ price: snap.last, basis: 'last', delayed: false, at: snap.at });
    // A snapshot ends at IB by itself: the live data type was never changed.
    expect(s.sent).toEqual(['reqAccountSummary', 'cancelAccountSummary', 'reqMktData']);
  });

  it('GC futures (no subscription at all): no_market_data naming the contract, live or delayed — 354 has no delayed fallback', async () => {
    const s = await ready();
    const gc = s.gw.engine.resolveContract({ symbol: 'GC', secType: 'FUT' })[0];
    const contract: ContractRef = { conId: gc?.conId, symbol: 'GC', secType: 'FUT', exchange: 'COMEX' };
    const live = await refusal(s.h.session.marketSnapshot(contract));
    expect(live).toMatchObject({ code: 'NO_MARKET_DATA', reason: 'no_market_data', refusal: { code: 354, delayedAvailable: false } });
    expect(live.message).toContain(`GC FUT (conId ${gc?.conId}) on COMEX`);
    expect(live.message).toContain('Market Data Subscriptions');
    const delayed = await refusal(s.h.session.marketSnapshot(contract, { allowDelayed: true }));
    expect(delayed.refusal.code).toBe(354);
  });

  it('SHOP on TSX (delayed only): refused without allowDelayed (10167), a delayed snapshot with it, and refused again on the next live read', async () => {
    const s = await ready();
    const live = await refusal(s.h.session.marketSnapshot(SHOP_TSX));
    expect(live).toMatchObject({ reason: 'no_market_data', refusal: { code: 10167, delayedAvailable: true } });
    expect(live.message).toContain('SHOP STK (conId 195014098) on TSE');

    const snap = await s.h.session.marketSnapshot(SHOP_TSX, { allowDelayed: true });
    expect(snap).toMatchObject({ conId: 195014098, source: 'delayed', delayed: true });
    expect(snap.bid ?? Number.NaN).toBeLessThanOrEqual(snap.ask ?? Number.NaN);
    expect(snap.last).toBeGreaterThan(0);
    expect(referencePrice(snap, 'SELL')).toMatchObject({ delayed: true });

    // Delayed was asked for that one request only: the setting went back to live right after it.
    expect((await refusal(s.h.session.marketSnapshot(SHOP_TSX))).refusal.code).toBe(10167);
    expect(s.sent.filter((m) => m !== 'reqAccountSummary' && m !== 'cancelAccountSummary'))
      .toEqual(['reqMktData', 'reqMarketDataType(3)', 'reqMktData', 'reqMarketDataType(1)', 'reqMktData']);
  });

  it("IB's 10167 on a read that allowed delayed data is what was asked for: the delayed snapshot still arrives", async () => {
    const s = await ready();
    s.gw.pause();
    const read = s.h.session.marketSnapshot(SHOP_TSX, { allowDelayed: true });
    await until(() => s.tickerIds.length === 1);
    s.gw.sendError(7, s.tickerIds[0] ?? -1, 10167, 'Requested market data is not subscribed. Displaying delayed market data.');
    s.gw.resume();
    expect(await read).toMatchObject({ source: 'delayed', delayed: true });
  });

  it('SAP on IBIS (an additional API subscription): no_market_data naming the market-data line IB asks for; delayed when allowed', async () => {
    const s = await ready();
    const refused = await refusal(s.h.session.marketSnapshot(SAP_IBIS));
    expect(refused).toMatchObject({ refusal: { code: 10089, delayedAvailable: true } });
    expect(refused.refusal.missing).toBe('SAP STK (conId 14204) on IBIS needs an additional market-data subscription for API use (IB names the line: SAP IBIS/TOP/ALL).');
    expect(await s.h.session.marketSnapshot(SAP_IBIS, { allowDelayed: true })).toMatchObject({ source: 'delayed', delayed: true });
  });
});

describe('account snapshot and positions', () => {
  it("right after ready: the sync's account values, with no second summary read; maxAgeMs 0 asks IB again; equal to the simulator's", async () => {
    const s = await ready();
    const v = s.gw.engine.accountValues(ACCOUNT);
    const synced = await s.h.session.accountSnapshot(ACCOUNT);
    expect(synced).toEqual({
      account: ACCOUNT, currency: 'USD', at: MONDAY_10AM_NEW_YORK,
      netLiquidation: Number(v?.NetLiquidation.toFixed(2)), availableFunds: Number(v?.AvailableFunds.toFixed(2)), buyingPower: Number(v?.BuyingPower.toFixed(2)),
    });
    expect(s.sent.filter((m) => m === 'reqAccountSummary')).toHaveLength(1); // the sync's
    expect(await s.h.session.accountSnapshot(ACCOUNT, { maxAgeMs: 0 })).toEqual(synced);
    expect(s.sent.filter((m) => m === 'reqAccountSummary')).toHaveLength(2);
    expect(s.sent.filter((m) => m === 'cancelAccountSummary')).toHaveLength(2);
  });

  it('after a fill: the account values move (read again at once, whatever their age) and the positions list the bought shares', async () => {
    const s = await ready();
    const before = await s.h.session.accountSnapshot(ACCOUNT);
    expect(await s.h.session.positions(ACCOUNT)).toEqual([]);
    const fill = await buy(s, 100);
    const after = await s.h.session.accountSnapshot(ACCOUNT, { maxAgeMs: 60_000 });
    const v = s.gw.engine.accountValues(ACCOUNT);
    expect(after.availableFunds).toBe(Number(v?.AvailableFunds.toFixed(2)));
    expect(after.buyingPower).toBe(Number(v?.BuyingPower.toFixed(2)));
    expect(after.netLiquidation).toBe(Number(v?.NetLiquidation.toFixed(2)));
    expect(after.availableFunds).toBeLessThan(before.availableFunds);
    expect(after.netLiquidation).not.toBe(before.netLiquidation); // the commission at least

    const positions = await s.h.session.positions(ACCOUNT);
    expect(positions).toHaveLength(1);
    expect(positions[0]).toMatchObject({ kind: 'position', account: ACCOUNT, contract: { conId: 265598, symbol: 'AAPL' }, position: 100 });
    expect(positions[0]?.avgCost).toBeGreaterThan(fill.price ?? Number.NaN); // average cost includes the commission
    // Held (held-positions.ts): both reads answered by one subscription, never cancelled.
    expect(s.sent.filter((m) => m === 'reqPositionsMulti')).toHaveLength(1);
    expect(s.sent.filter((m) => m === 'cancelPositionsMulti')).toHaveLength(0);
  });

  it('after a fill, a caller that allows it gets the last values at once while new ones are read in the background', async () => {
    const s = await ready();
    const before = await s.h.session.accountSnapshot(ACCOUNT);
    await buy(s, 100);
    const reads = () => s.sent.filter((m) => m === 'reqAccountSummary').length;
    const readsBefore = reads();
    // Answered from the last values (stale since the fill) without waiting for IB.
    expect(await s.h.session.accountSnapshot(ACCOUNT, { staleWhileRefreshing: true })).toEqual(before);
    expect(reads()).toBe(readsBefore + 1);
    // The background read lands; the next read has IB's values after the fill, without asking again.
    const v = s.gw.engine.accountValues(ACCOUNT);
    await until(() => s.sent.filter((m) => m === 'cancelAccountSummary').length >= readsBefore + 1);
    const after = await s.h.session.accountSnapshot(ACCOUNT, { staleWhileRefreshing: true });
    expect(after.netLiquidation).toBe(Number(v?.NetLiquidation.toFixed(2)));
    expect(after.availableFunds).toBeLessThan(before.availableFunds);
    expect(reads()).toBe(readsBefore + 1);
  });

  it('an account the login does not offer is refused before anything is sent', async () => {
    const s = await ready();
    const sentBefore = s.sent.length;
    await expect(s.h.session.accountSnapshot('DU7654321', { maxAgeMs: 0 })).rejects.toBeInstanceOf(AccountError);
    await expect(s.h.session.positions('DU7654321')).rejects.toThrow(/not one of the accounts this login offers: DU1234567/);
    await expect(s.h.session.positions('DU1\u0000')).rejects.toThrow(/printable ASCII/);
    expect(s.sent.length).toBe(sentBefore);
  });
});

describe('refusals and drops', () => {
  it('every read is refused before the session is ready, and nothing is sent', async () => {
    const s = await stopped();
    await expect(s.h.session.marketSnapshot(AAPL)).rejects.toBeInstanceOf(NotReadyError);
    await expect(s.h.session.accountSnapshot(ACCOUNT)).rejects.toBeInstanceOf(NotReadyError);
    await expect(s.h.session.positions(ACCOUNT)).rejects.toBeInstanceOf(NotReadyError);
    expect(s.sent).toEqual([]);
  });

  it('a drop while the gateway has not answered fails every read at once, long before its time-out', async () => {
    const s = await ready();
    s.gw.pause();
    const reads = Promise.allSettled([
      s.h.session.marketSnapshot(AAPL),
      s.h.session.marketSnapshot(SHOP_TSX, { allowDelayed: true }),
      s.h.session.accountSnapshot(ACCOUNT, { maxAgeMs: 0 }),
      s.h.session.positions(ACCOUNT),
    ]);
    await until(() => s.sent.includes('reqPositionsMulti'));
    const dropped = Date.now();
    s.gw.dropAllConnections();
    const results = await reads;
    expect(Date.now() - dropped).toBeLessThan(1_000);
    expect(results.map((r) => r.status === 'rejected' && r.reason instanceof DisconnectedError)).toEqual([true, true, true, true]);
    s.gw.resume();
  });

  it("a snapshot bounded by the caller's time-out ends then (IB may take 11 s), and is cancelled at IB", async () => {
    const s = await ready();
    s.gw.pause();
    const pendingBefore = s.h.session.status().pendingRequests;
    const started = Date.now();
    await expect(s.h.session.marketSnapshot(AAPL, { timeoutMs: 300 })).rejects.toThrow(/did not answer a market-data snapshot of AAPL STK \(conId 265598\) on SMART within 300 ms/);
    expect(Date.now() - started).toBeLessThan(3_000); // the session's own time-out is 5 s here
    await until(() => s.sent.includes('cancelMktData'));
    expect(s.h.session.status().pendingRequests).toBe(pendingBefore);
    s.gw.resume();
  });
});
