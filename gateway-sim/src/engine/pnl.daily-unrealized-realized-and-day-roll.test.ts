import { describe, expect, it } from 'vitest';
import { AAPL, harness } from './test-support.ts';
import type { EngineEvent } from './types.ts';

const ACCT = 'DU1234567';
const AAPL_ID = 265598;
const mid = (h: ReturnType<typeof harness>): number => {
  const q = h.engine.quote(AAPL_ID)!;
  return (q.bid + q.ask) / 2;
};
const pnlEvents = (events: readonly EngineEvent[]) => events.flatMap((e) => (e.type === 'pnl' ? [e] : []));

describe('P&L of an account and of one position', () => {
  it('is zero without positions; a position never traded today reports realized P&L unset', () => {
    const h = harness();
    expect(h.engine.pnl([ACCT])).toEqual({ dailyPnL: 0, unrealizedPnL: 0, realizedPnL: 0 });
    expect(h.engine.pnlSingle([ACCT], AAPL_ID)).toEqual({ position: 0, dailyPnL: 0, unrealizedPnL: 0, realizedPnL: undefined, value: 0 });
    expect(h.engine.pnl(['DU0000000'])).toBeUndefined();
    expect(h.engine.pnlSingle([ACCT], 999_999_999)).toBeUndefined();
  });

  it('a position opened today: daily = unrealized + realized, moving with the price and with a closing fill', () => {
    const h = harness();
    h.engine.faults.setPrice(AAPL_ID, 200);
    const ask = h.engine.quote(AAPL_ID)!.ask;
    h.engine.placeOrder(1, 1, AAPL, { action: 'BUY', totalQuantity: 100, orderType: 'MKT' });
    const opened = h.engine.pnlSingle([ACCT], AAPL_ID)!;
    expect(opened.position).toBe(100);
    expect(opened.value).toBeCloseTo(100 * mid(h), 6);
    expect(opened.dailyPnL).toBeCloseTo(100 * (mid(h) - ask) - 1, 6); // $1 commission
    expect(opened.unrealizedPnL).toBeCloseTo(opened.dailyPnL, 6);
    expect(opened.realizedPnL).toBe(0); // traded today, nothing closed yet

    h.engine.faults.setPrice(AAPL_ID, 210);
    const moved = h.engine.pnlSingle([ACCT], AAPL_ID)!;
    expect(moved.dailyPnL).toBeCloseTo(100 * (mid(h) - ask) - 1, 6);
    expect(moved.dailyPnL).toBeGreaterThan(opened.dailyPnL + 900);

    h.clear();
    h.engine.placeOrder(1, 2, AAPL, { action: 'SELL', totalQuantity: 40, orderType: 'MKT' });
    const report = h.events.find((e) => e.type === 'commissionReport');
    if (report?.type !== 'commissionReport') throw new Error('no commission report');
    const after = h.engine.pnlSingle([ACCT], AAPL_ID)!;
    expect(after.position).toBe(60);
    expect(after.realizedPnL).toBeCloseTo(report.report.realizedPnl!, 6);
    expect(after.dailyPnL).toBeCloseTo(after.unrealizedPnL + after.realizedPnL!, 6);
    const account = h.engine.pnl([ACCT])!;
    expect(account).toEqual({ dailyPnL: after.dailyPnL, unrealizedPnL: after.unrealizedPnL, realizedPnL: after.realizedPnL });
    const values = h.engine.accountValues(ACCT)!;
    expect(account.unrealizedPnL).toBeCloseTo(values.UnrealizedPnL, 1);
  });

  it('a position held over midnight New York: daily P&L counts from the mark at midnight, realized resets', () => {
    const h = harness(Date.parse('2026-11-23T15:30:00Z')); // Monday 10:30 New York
    h.engine.placeOrder(1, 1, AAPL, { action: 'BUY', totalQuantity: 100, orderType: 'MKT' });
    const avgCost = h.engine.positions(ACCT)[0]!.avgCost;
    h.clock.set(Date.parse('2026-11-24T04:59:00Z')); // Monday 23:59: still Monday's day
    h.engine.advance();
    expect(h.engine.pnlSingle([ACCT], AAPL_ID)!.realizedPnL).toBe(0);
    h.clock.set(Date.parse('2026-11-24T05:00:01Z')); // Tuesday 00:00:01
    h.engine.advance();
    const atMidnight = mid(h);
    const fresh = h.engine.pnlSingle([ACCT], AAPL_ID)!;
    expect(fresh).toMatchObject({ position: 100, dailyPnL: 0, realizedPnL: undefined });
    expect(fresh.unrealizedPnL).toBeCloseTo(100 * (atMidnight - avgCost), 6);

    h.clock.set(Date.parse('2026-11-24T15:00:00Z')); // Tuesday 10:00
    h.engine.faults.setPrice(AAPL_ID, atMidnight + 5);
    const tuesday = h.engine.pnlSingle([ACCT], AAPL_ID)!;
    expect(tuesday.dailyPnL).toBeCloseTo(100 * (mid(h) - atMidnight), 6);
    expect(tuesday.unrealizedPnL).toBeCloseTo(100 * (mid(h) - avgCost), 6);
    expect(h.engine.pnl([ACCT])).toEqual({ dailyPnL: tuesday.dailyPnL, unrealizedPnL: tuesday.unrealizedPnL, realizedPnL: 0 });
  });
});

describe('P&L of several accounts (reqPnL for All)', () => {
  it('is the sum of the accounts; realized P&L of one instrument stays unset only if no account traded it', () => {
    const h = harness(undefined, { accounts: ['DU1111111', 'DU2222222'] });
    h.engine.placeOrder(1, 1, AAPL, { action: 'BUY', totalQuantity: 100, orderType: 'MKT', account: 'DU1111111' });
    h.engine.placeOrder(1, 2, AAPL, { action: 'BUY', totalQuantity: 50, orderType: 'MKT', account: 'DU2222222' });
    h.engine.faults.setPrice(AAPL_ID, 300);
    const a = h.engine.pnl(['DU1111111'])!;
    const b = h.engine.pnl(['DU2222222'])!;
    const both = h.engine.pnl(['DU1111111', 'DU2222222'])!;
    expect(both.dailyPnL).toBeCloseTo(a.dailyPnL + b.dailyPnL, 6);
    expect(both.unrealizedPnL).toBeCloseTo(a.unrealizedPnL + b.unrealizedPnL, 6);
    expect(h.engine.pnlSingle(['DU1111111', 'DU2222222'], AAPL_ID)).toMatchObject({ position: 150, realizedPnL: 0 });
    expect(h.engine.pnlSingle(['DU1111111', 'DU2222222'], 756733)?.realizedPnL).toBeUndefined();
    expect(h.engine.pnl(['DU1111111', 'DU0000000'])).toBeUndefined();
  });
});

describe('P&L subscriptions', () => {
  it('push at most once per simulated second, only when a value changed, and stop when stopped', () => {
    const h = harness();
    const watch = h.engine.watchPnl({ accounts: [ACCT] });
    expect(watch.initial).toEqual({ kind: 'account', values: { dailyPnL: 0, unrealizedPnL: 0, realizedPnL: 0 } });
    h.engine.faults.advanceClock(5000);
    expect(pnlEvents(h.events)).toHaveLength(0); // nothing held: nothing changes

    h.engine.placeOrder(1, 1, AAPL, { action: 'BUY', totalQuantity: 100, orderType: 'MKT' });
    h.engine.advance();
    expect(pnlEvents(h.events)).toHaveLength(1); // the fill, 5 s after the first answer
    h.engine.faults.setPrice(AAPL_ID, 250);
    h.engine.faults.advanceClock(999);
    expect(pnlEvents(h.events)).toHaveLength(1); // within a second of the last push
    h.engine.faults.advanceClock(1);
    const pushed = pnlEvents(h.events);
    expect(pushed).toHaveLength(2);
    expect(pushed[1]).toMatchObject({ watchId: watch.id, report: { kind: 'account', values: h.engine.pnl([ACCT]) } });

    watch.stop();
    h.engine.faults.setPrice(AAPL_ID, 260);
    h.engine.faults.advanceClock(2000);
    expect(pnlEvents(h.events)).toHaveLength(2);
  });

  it('a single-position subscription reports the position it follows', () => {
    const h = harness();
    const watch = h.engine.watchPnl({ accounts: [ACCT], conId: AAPL_ID });
    expect(watch.initial).toEqual({ kind: 'single', values: { position: 0, dailyPnL: 0, unrealizedPnL: 0, realizedPnL: undefined, value: 0 } });
    h.engine.placeOrder(1, 1, AAPL, { action: 'BUY', totalQuantity: 10, orderType: 'MKT' });
    h.engine.faults.advanceClock(1000);
    const [e] = pnlEvents(h.events);
    expect(e?.report).toEqual({ kind: 'single', values: h.engine.pnlSingle([ACCT], AAPL_ID) });
    expect(e?.report.kind === 'single' && e.report.values.position).toBe(10);
  });
});
