// Scenario (intake's reads and the risk gate read the account's daily P&L for every signal): the
// session keeps one reqPnL subscription per account after the first accountPnl call and answers
// the newest value IB pushed on the current connection at once; before one arrived it waits (within
// the caller's time-out). The simulator's clock is pinned (Monday 10:00 New York) and moved by hand,
// so P&L pushes (at most one per simulated second) come exactly when a test moves time. Every
// reqPnL / cancelPnL the session's clients send is counted, with its id.
import { manualClock, type Gateway } from '@kairox/gateway-sim';
import { afterEach, describe, expect, it } from 'vitest';
import { IbRequestError, NotReadyError, RequestTimeoutError } from './errors.ts';
import type { AccountPnlReport, BrokerReport, CommissionReportData, ExecutionReport, ReportOrigin } from './reports.ts';
import { recordingClient, sessionFor, simulator, until, type Harness } from './test-support.ts';

const MONDAY_10AM_NEW_YORK = Date.parse('2026-11-23T15:00:00Z');
const ACCOUNT = 'DU1234567';
const AAPL = 265598;

let gw: Gateway | undefined;
let h: Harness | undefined;
afterEach(async () => {
  h?.session.stop();
  await gw?.close();
  gw = undefined;
  h = undefined;
});

interface Setup { gw: Gateway; h: Harness; sent: string[]; pnl: { report: AccountPnlReport; origin: ReportOrigin }[] }

async function ready(): Promise<Setup> {
  gw = await simulator({ clock: manualClock(MONDAY_10AM_NEW_YORK) });
  const sent: string[] = [];
  h = sessionFor(gw, {
    createClient: recordingClient(['reqPnL', 'cancelPnL'], sent),
  });
  const pnl: Setup['pnl'] = [];
  h.session.onReport((report: BrokerReport, origin) => {
    if (report.kind === 'accountPnl') pnl.push({ report, origin });
  });
  gw.setPrice(AAPL, 200);
  h.session.start();
  await h.session.whenReady(10_000);
  return { gw, h, sent, pnl };
}

const requests = (s: Setup): string[] => s.sent.filter((c) => c.startsWith('reqPnL'));
const idOf = (call: string | undefined): number => Number(/\((\d+)\)/.exec(call ?? '')?.[1]);

async function buy(s: Setup, quantity: number, orderRef: string): Promise<void> {
  const { orderId } = await s.h.session.placeOrder({
    contract: { conId: AAPL, symbol: 'AAPL', secType: 'STK', exchange: 'SMART', currency: 'USD' }, action: 'BUY', quantity, orderType: 'MKT', orderRef,
  });
  await until(() => {
    const fill = s.h.reports.find((r): r is ExecutionReport => r.kind === 'execution' && r.orderId === orderId);
    return fill !== undefined && s.h.reports.some((r): r is CommissionReportData => r.kind === 'commission' && r.execId === fill.execId);
  });
}

/** Lets a simulated second pass and waits for the P&L value the gateway pushes for it. */
async function nextSecond(s: Setup): Promise<AccountPnlReport> {
  const before = s.pnl.length;
  s.gw.advanceClock(1000);
  await until(() => s.pnl.length > before);
  return s.pnl[s.pnl.length - 1]?.report as AccountPnlReport;
}

describe("the account's P&L, held", () => {
  it('reads share one reqPnL that is kept, and each read answers the newest value IB pushed', async () => {
    const s = await ready();
    const [first, concurrent] = await Promise.all([s.h.session.accountPnl(ACCOUNT, 5_000), s.h.session.accountPnl(ACCOUNT, 5_000)]);
    expect(first).toEqual({ kind: 'accountPnl', account: ACCOUNT, daily: 0, unrealized: 0, realized: 0 });
    expect(concurrent).toEqual(first);
    expect(await s.h.session.accountPnl(ACCOUNT, 5_000)).toEqual(first);
    expect(s.sent).toEqual([expect.stringMatching(/^reqPnL\(\d+\)$/)]);

    await buy(s, 100, 'kx-pnl-held-1');
    s.gw.setPrice(AAPL, 210);
    const pushed = await nextSecond(s);
    expect(pushed.daily).toBeGreaterThan(900); // 100 shares, about 10 up
    expect(await s.h.session.accountPnl(ACCOUNT, 5_000)).toEqual(pushed);

    s.gw.setPrice(AAPL, 190);
    const lower = await nextSecond(s);
    expect(lower.daily).toBeLessThan(pushed.daily ?? Number.NaN);
    expect(await s.h.session.accountPnl(ACCOUNT, 5_000)).toEqual(lower);
    expect(s.sent).toHaveLength(1); // still the one subscription, never cancelled
  });

  it("after a drop and a reconnect: asked again under a new id, once, and a read waits for the new connection's value", async () => {
    const s = await ready();
    await buy(s, 100, 'kx-pnl-held-2');
    const before = await s.h.session.accountPnl(ACCOUNT, 5_000);

    s.gw.dropAllConnections();
    await until(() => s.h.session.currentState !== 'ready');
    await expect(s.h.session.accountPnl(ACCOUNT, 5_000)).rejects.toBeInstanceOf(NotReadyError);
    s.gw.setPrice(AAPL, 230); // while away: the old value is stale
    await s.h.session.whenReady(10_000);
    const after = await s.h.session.accountPnl(ACCOUNT, 5_000);
    expect(after).toEqual(s.pnl.find((e) => e.origin.attempt === 2)?.report);
    expect(after.daily).not.toBe(before.daily);

    expect(requests(s)).toHaveLength(2);
    expect(idOf(requests(s)[1])).toBeGreaterThan(idOf(requests(s)[0]));
    expect(await s.h.session.accountPnl(ACCOUNT, 5_000)).toEqual(after);
    expect(s.sent.filter((c) => c.startsWith('cancel'))).toEqual([]);
  });

  it("IB's refusal ends the held subscription: the next read subscribes again", async () => {
    const s = await ready();
    const refused = await s.h.session.accountPnl('DU0000000', 5_000).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(IbRequestError);
    expect(refused).toMatchObject({ ibCode: 321 });
    await expect(s.h.session.accountPnl('DU0000000', 5_000)).rejects.toMatchObject({ ibCode: 321 });
    expect(requests(s)).toHaveLength(2);
  });

  it('a read that times out before the first value ends the subscription at IB; the next read subscribes again', async () => {
    const s = await ready();
    s.gw.pause();
    await expect(s.h.session.accountPnl(ACCOUNT, 300)).rejects.toBeInstanceOf(RequestTimeoutError);
    s.gw.resume();
    await until(() => s.sent.length === 2);
    expect(s.sent[1]).toBe(`cancelPnL(${idOf(s.sent[0])})`);
    expect(await s.h.session.accountPnl(ACCOUNT, 5_000)).toMatchObject({ kind: 'accountPnl', account: ACCOUNT });
    expect(requests(s)).toHaveLength(2);
  });

  it('stopping the session releases it: started again, nothing is asked until a read', async () => {
    const s = await ready();
    await s.h.session.accountPnl(ACCOUNT, 5_000);
    s.h.session.stop();
    s.h.session.start();
    await s.h.session.whenReady(10_000);
    await s.h.session.currentTime();
    expect(requests(s)).toHaveLength(1);
    await s.h.session.accountPnl(ACCOUNT, 5_000);
    expect(requests(s)).toHaveLength(2);
  });
});
