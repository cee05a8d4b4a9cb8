// Scenario (issue 13): the risk gate and the dashboard follow an account's and a position's P&L
// through the broker session. The simulator's clock is pinned (Monday 10:00 New York) and moved by
// hand, so P&L pushes (at most one per simulated second) come exactly when a test moves time. The
// simulator's engine is watched for the P&L subscriptions it serves, so "cancelled" and "no
// duplicate after a reconnect" are what the gateway holds, not what the session believes.
import { manualClock, type Gateway } from '@kairox/gateway-sim';
import { afterEach, describe, expect, it } from 'vitest';
import { BrokerError, DisconnectedError, IbRequestError, NotReadyError, RequestTimeoutError } from './errors.ts';
import type { AccountPnlReport, BrokerReport, CommissionReportData, ExecutionReport, PositionPnlReport, ReportOrigin } from './reports.ts';
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

interface Setup {
  gw: Gateway;
  h: Harness;
  /** Every report with its origin, as a listener of the session sees it. */
  seen: { report: BrokerReport; origin: ReportOrigin }[];
  /** The engine's live P&L subscriptions (watch ids): what the simulator is serving. */
  served: Set<number>;
  /** Every reqPnL / reqPnLSingle / cancel the session's clients sent, in order. */
  sent: string[];
}

async function ready(): Promise<Setup> {
  gw = await simulator({ clock: manualClock(MONDAY_10AM_NEW_YORK) });
  const served = new Set<number>();
  const engine = gw.engine;
  const watch = engine.watchPnl.bind(engine);
  engine.watchPnl = (target) => {
    const handle = watch(target);
    served.add(handle.id);
    return { ...handle, stop: () => { served.delete(handle.id); handle.stop(); } };
  };
  const sent: string[] = [];
  h = sessionFor(gw, {
    createClient: recordingClient(['reqPnL', 'reqPnLSingle', 'cancelPnL', 'cancelPnLSingle'], sent),
  });
  const seen: Setup['seen'] = [];
  h.session.onReport((report, origin) => seen.push({ report, origin }));
  gw.setPrice(AAPL, 200);
  h.session.start();
  await h.session.whenReady(10_000);
  return { gw, h, seen, served, sent };
}

const accountPnl = (s: Setup): { report: AccountPnlReport; origin: ReportOrigin }[] =>
  s.seen.filter((e): e is { report: AccountPnlReport; origin: ReportOrigin } => e.report.kind === 'accountPnl');
const positionPnl = (s: Setup): { report: PositionPnlReport; origin: ReportOrigin }[] =>
  s.seen.filter((e): e is { report: PositionPnlReport; origin: ReportOrigin } => e.report.kind === 'positionPnl');

function mid(s: Setup): number {
  const q = s.gw.engine.quote(AAPL);
  if (!q) throw new Error('no AAPL quote');
  return (q.bid + q.ask) / 2;
}

/** Buys at market and returns the fill price and its commission, once both have been reported. */
async function buy(s: Setup, quantity: number, orderRef: string): Promise<{ price: number; commission: number }> {
  const { orderId } = await s.h.session.placeOrder({
    contract: { conId: AAPL, symbol: 'AAPL', secType: 'STK', exchange: 'SMART', currency: 'USD' }, action: 'BUY', quantity, orderType: 'MKT', orderRef,
  });
  let fill: ExecutionReport | undefined;
  let commission: CommissionReportData | undefined;
  await until(() => {
    fill ??= s.h.reports.find((r): r is ExecutionReport => r.kind === 'execution' && r.orderId === orderId);
    commission = fill && s.h.reports.find((r): r is CommissionReportData => r.kind === 'commission' && r.execId === fill?.execId);
    return commission !== undefined;
  });
  return { price: fill?.price ?? Number.NaN, commission: commission?.commission ?? Number.NaN };
}

/** Lets a simulated second pass (the engine pushes what changed) and waits for a new report of each kind asked for. */
async function nextSecond(s: Setup, kinds: ('accountPnl' | 'positionPnl')[]): Promise<void> {
  const before = { accountPnl: accountPnl(s).length, positionPnl: positionPnl(s).length };
  s.gw.advanceClock(1000);
  await until(() => kinds.every((k) => (k === 'accountPnl' ? accountPnl(s) : positionPnl(s)).length > before[k]));
}

/** A round trip on the same socket: every push the gateway wrote before answering it has arrived. */
async function roundTrip(s: Setup): Promise<void> {
  await s.h.session.currentTime();
}

describe('P&L subscriptions in the broker session', () => {
  it('account and position P&L arrive as typed reports and move after a fill and after a price change', async () => {
    const s = await ready();
    const account = await s.h.session.subscribeAccountPnl(ACCOUNT);
    const position = await s.h.session.subscribePositionPnl(ACCOUNT, AAPL);
    expect(await account.first).toEqual({ kind: 'accountPnl', account: ACCOUNT, daily: 0, unrealized: 0, realized: 0 });
    // Not held and not traded today: position 0, and realized P&L unset — absent, not 1.8e308.
    expect(await position.first).toEqual({ kind: 'positionPnl', account: ACCOUNT, conId: AAPL, position: 0, daily: 0, unrealized: 0, value: 0 });

    const fill = await buy(s, 100, 'kx-pnl-1');
    await nextSecond(s, ['accountPnl', 'positionPnl']);
    const opened = 100 * (mid(s) - fill.price) - fill.commission;
    expect(account.latest).toMatchObject({ kind: 'accountPnl', realized: 0 });
    expect(account.latest?.daily).toBeCloseTo(opened, 4);
    expect(account.latest?.unrealized).toBeCloseTo(opened, 4);
    expect(position.latest).toMatchObject({ kind: 'positionPnl', account: ACCOUNT, conId: AAPL, position: 100, realized: 0 });
    expect(position.latest?.daily).toBeCloseTo(opened, 4);
    expect(position.latest?.value).toBeCloseTo(100 * mid(s), 4);

    s.gw.setPrice(AAPL, 210);
    await nextSecond(s, ['accountPnl', 'positionPnl']);
    const moved = 100 * (mid(s) - fill.price) - fill.commission;
    expect(account.latest?.daily).toBeCloseTo(moved, 4);
    expect(account.latest?.daily).toBeGreaterThan(opened + 900);
    expect(position.latest?.unrealized).toBeCloseTo(moved, 4);
    expect(position.latest?.value).toBeCloseTo(100 * mid(s), 4);

    // Every value was published as live news of this connection, and the handle saw the last one.
    expect(accountPnl(s).length).toBeGreaterThanOrEqual(3);
    expect([...accountPnl(s), ...positionPnl(s)].every((e) => e.origin.attempt === 1 && !e.origin.replay)).toBe(true);
    expect(accountPnl(s).at(-1)?.report).toEqual(account.latest);
    expect(positionPnl(s).at(-1)?.report).toEqual(position.latest);
    // IB's "unset" double never travels on as a number.
    const amounts = [...accountPnl(s), ...positionPnl(s)].flatMap((e) => Object.values(e.report).filter((v) => typeof v === 'number'));
    expect(amounts.some((v) => Math.abs(v) > 1e300)).toBe(false);
  });

  it('unsubscribe sends the cancels: the simulator stops serving them and no more reports come', async () => {
    const s = await ready();
    const account = await s.h.session.subscribeAccountPnl(ACCOUNT);
    const position = await s.h.session.subscribePositionPnl(ACCOUNT, AAPL);
    await Promise.all([account.first, position.first]);
    await buy(s, 10, 'kx-pnl-2');
    await nextSecond(s, ['accountPnl', 'positionPnl']);
    expect(s.served.size).toBe(2);

    await Promise.all([account.unsubscribe(), position.unsubscribe()]);
    await until(() => s.served.size === 0);
    expect(s.sent.filter((c) => c.startsWith('cancel'))).toHaveLength(2);
    expect(account.active).toBe(false);
    const before = s.seen.length;
    s.gw.setPrice(AAPL, 150);
    s.gw.advanceClock(3000);
    await roundTrip(s);
    expect(s.seen.slice(before).filter((e) => e.report.kind === 'accountPnl' || e.report.kind === 'positionPnl')).toEqual([]);
    await account.unsubscribe(); // idempotent: nothing sent twice
    expect(s.sent.filter((c) => c.startsWith('cancel'))).toHaveLength(2);
  });

  it('after a gateway drop and a reconnect the session subscribes again under new ids, once', async () => {
    const s = await ready();
    const account = await s.h.session.subscribeAccountPnl(ACCOUNT);
    const position = await s.h.session.subscribePositionPnl(ACCOUNT, AAPL);
    await Promise.all([account.first, position.first]);
    await buy(s, 100, 'kx-pnl-3');
    const firstIds = [...s.sent];

    s.gw.dropAllConnections();
    await until(() => s.h.session.currentState !== 'ready');
    await s.h.session.whenReady(10_000);
    // IB's first values for the new requests, reported as coming from the second attempt.
    await until(() => accountPnl(s).some((e) => e.origin.attempt === 2) && positionPnl(s).some((e) => e.origin.attempt === 2));
    const again = s.sent.slice(firstIds.length);
    expect(firstIds).toHaveLength(2);
    expect(again).toHaveLength(2);
    const ids = (calls: string[]): number[] => calls.map((c) => Number(/\((\d+)\)/.exec(c)?.[1]));
    expect(Math.min(...ids(again))).toBeGreaterThan(Math.max(...ids(firstIds)));
    expect(account.active && position.active).toBe(true);

    // The gateway serves exactly the two (the dropped client's are gone), and a price move is reported once each.
    const before = { account: accountPnl(s).length, position: positionPnl(s).length };
    s.gw.setPrice(AAPL, 220);
    await nextSecond(s, ['accountPnl', 'positionPnl']);
    await roundTrip(s);
    expect(s.served.size).toBe(2);
    expect(accountPnl(s).length - before.account).toBe(1);
    expect(positionPnl(s).length - before.position).toBe(1);
    expect(accountPnl(s).at(-1)?.origin).toEqual({ attempt: 2, replay: false });
    expect(position.latest?.position).toBe(100);
  });

  it('a 1101 re-sync on the same connection asks for nothing again', async () => {
    const s = await ready();
    const account = await s.h.session.subscribeAccountPnl(ACCOUNT);
    await account.first;
    s.gw.connectivity(1100);
    await until(() => s.h.session.currentState === 'degraded');
    s.gw.connectivity(1101);
    await until(() => s.h.timeline.filter((e) => e.to === 'ready').length === 2);
    await roundTrip(s);
    expect(s.sent).toEqual([expect.stringMatching(/^reqPnL\(\d+\)$/)]);
    expect(s.served.size).toBe(1);
  });

  it('is refused before the session is ready, and nothing is sent', async () => {
    gw = await simulator();
    h = sessionFor(gw);
    await expect(h.session.subscribeAccountPnl(ACCOUNT)).rejects.toBeInstanceOf(NotReadyError);
    await expect(h.session.subscribePositionPnl(ACCOUNT, AAPL)).rejects.toBeInstanceOf(NotReadyError);
    await expect(h.session.accountPnl(ACCOUNT, 1_000)).rejects.toBeInstanceOf(NotReadyError);
  });

  it('a drop before the first value fails it at once', async () => {
    const s = await ready();
    s.gw.pause();
    const account = await s.h.session.subscribeAccountPnl(ACCOUNT);
    s.gw.dropAllConnections();
    await expect(account.first).rejects.toBeInstanceOf(DisconnectedError);
    s.gw.resume();
  });

  it('an unknown account or contract fails the first value with the IB error and ends the subscription, reported once', async () => {
    const s = await ready();
    const unknownAccount = await s.h.session.subscribeAccountPnl('DU0000000');
    const unknownContract = await s.h.session.subscribePositionPnl(ACCOUNT, 999_999_999);
    const accountError = await unknownAccount.first.catch((e: unknown) => e);
    expect(accountError).toBeInstanceOf(IbRequestError);
    expect(accountError).toMatchObject({ ibCode: 321, ibMessage: expect.stringContaining('DU0000000') });
    await expect(unknownContract.first).rejects.toMatchObject({ ibCode: 200 });
    expect(unknownAccount.active || unknownContract.active).toBe(false);

    const failures = s.h.reports.filter((r) => r.kind === 'pnlSubscriptionFailed');
    expect(failures).toEqual([
      expect.objectContaining({ subscription: 'accountPnl', account: 'DU0000000', code: 321 }),
      expect.objectContaining({ subscription: 'positionPnl', account: ACCOUNT, conId: 999_999_999, code: 200 }),
    ]);
    // Not mistaken for an order's error, and not asked for again after a reconnect.
    expect(s.h.reports.some((r) => r.kind === 'orderError' || r.kind === 'notice' && (r.code === 321 || r.code === 200))).toBe(false);
    const sentBefore = s.sent.length;
    s.gw.dropAllConnections();
    await until(() => s.h.session.currentState !== 'ready');
    await s.h.session.whenReady(10_000);
    await roundTrip(s);
    expect(s.sent.length).toBe(sentBefore);
    await unknownAccount.unsubscribe(); // already ended: nothing to cancel
    expect(s.sent.length).toBe(sentBefore);
  });

  it('accountPnl reads the current value and keeps its one subscription (no cancel)', async () => {
    const s = await ready();
    await buy(s, 50, 'kx-pnl-4');
    s.gw.setPrice(AAPL, 205);
    s.gw.advanceClock(1000);
    const pnl = await s.h.session.accountPnl(ACCOUNT, 5_000);
    expect(pnl).toMatchObject({ kind: 'accountPnl', account: ACCOUNT, realized: 0 });
    expect(pnl.daily).toBeGreaterThan(0);
    await roundTrip(s);
    expect(s.served.size).toBe(1);
    expect(s.sent).toEqual([expect.stringMatching(/^reqPnL\(/)]);
  });

  it('accountPnl gives up after its timeout when IB does not answer, and still cancels', async () => {
    const s = await ready();
    s.gw.pause();
    await expect(s.h.session.accountPnl(ACCOUNT, 300)).rejects.toBeInstanceOf(RequestTimeoutError);
    expect(s.sent).toEqual([expect.stringMatching(/^reqPnL\(/), expect.stringMatching(/^cancelPnL\(/)]);
    s.gw.resume();
  });

  it('stopping the session ends its subscriptions: started again, it asks for none of them', async () => {
    const s = await ready();
    const account = await s.h.session.subscribeAccountPnl(ACCOUNT);
    await account.first;
    s.h.session.stop();
    expect(account.active).toBe(false);
    s.h.session.start();
    await s.h.session.whenReady(10_000);
    await roundTrip(s);
    expect(s.sent).toEqual([expect.stringMatching(/^reqPnL\(/)]);
  });

  it('a subscription cancelled before its first value settles it as stopped, not as a value', async () => {
    const s = await ready();
    s.gw.pause();
    const account = await s.h.session.subscribeAccountPnl(ACCOUNT);
    await account.unsubscribe();
    await expect(account.first).rejects.toMatchObject({ code: 'STOPPED' });
    await expect(account.first).rejects.toBeInstanceOf(BrokerError);
    s.gw.resume();
    await until(() => s.sent.length === 2);
    expect(s.sent[1]).toMatch(/^cancelPnL\(/);
  });
});
