// Scenario: IB pushes an account's P&L and its positions' P&L many times a second while prices move,
// and a fill changes two positions at once. A stream gets the first update at once, then at most one
// event per connection, account and kind per window, carrying the latest value of each contract;
// accounts and kinds do not hold each other back, and a workspace nobody streams costs nothing.
import { describe, expect, it } from 'vitest';
import type { BrokerReport } from '../broker/index.ts';
import { ManualClock } from '../common/index.ts';
import { LiveUpdates, type LiveUpdate, type Schedule } from './live-updates.ts';

/** Timers the test fires by hand: the window ends when the test says so. */
function handTimers(): { schedule: Schedule; armed: () => number; fire: () => void } {
  let timers: Array<{ run: () => void; cancelled: boolean }> = [];
  return {
    schedule: (run) => {
      const timer = { run, cancelled: false };
      timers.push(timer);
      return () => {
        timer.cancelled = true;
      };
    },
    armed: () => timers.filter((t) => !t.cancelled).length,
    fire: () => {
      const due = timers.filter((t) => !t.cancelled);
      timers = [];
      for (const t of due) t.run();
    },
  };
}

const accountPnl = (account: string, unrealized: number): BrokerReport => ({ kind: 'accountPnl', account, daily: unrealized, unrealized, realized: 0 });
const positionPnl = (account: string, conId: number, unrealized: number): BrokerReport => ({ kind: 'positionPnl', account, conId, position: 10, daily: unrealized, unrealized, realized: 0, value: 2000 + unrealized });
const position = (account: string, conId: number, qty: number): BrokerReport => ({ kind: 'position', account, contract: { conId, symbol: `S${conId}`, secType: 'STK', currency: 'USD' }, position: qty, avgCost: 200 });

describe('live updates', () => {
  it('coalesces a P&L tick storm to one event per account per window, with the latest values', () => {
    const timers = handTimers();
    const bus = new LiveUpdates({ clock: new ManualClock(Date.UTC(2026, 11, 1, 17)), schedule: timers.schedule });
    const got: LiveUpdate[] = [];
    bus.subscribe('ws_a', (u) => got.push(u));

    for (let tick = 1; tick <= 500; tick++) {
      bus.report('ws_a', 'con_1', accountPnl('DU1', tick));
      bus.report('ws_a', 'con_1', positionPnl('DU1', 265598, tick * 2));
    }
    // The first tick went out at once; the other 999 wait for the window's end.
    expect(got).toEqual([{ type: 'pnl', connectionId: 'con_1', account: 'DU1', at: '2026-12-01T17:00:00.000Z', totals: { daily: 1, unrealized: 1, realized: 0 }, positions: [] }]);
    timers.fire();
    expect(got).toHaveLength(2);
    expect(got[1]).toMatchObject({ type: 'pnl', account: 'DU1', totals: { unrealized: 500 }, positions: [{ conId: 265598, unrealized: 1000, value: 3000 }] });

    // A quiet window sends nothing and disarms; the next tick goes out at once again.
    timers.fire();
    expect(got).toHaveLength(2);
    expect(timers.armed()).toBe(0);
    bus.report('ws_a', 'con_1', accountPnl('DU1', 7));
    expect(got).toHaveLength(3);
    expect(got[2]).toMatchObject({ totals: { unrealized: 7 } });
  });

  it('keeps accounts and kinds apart and every contract of a window', () => {
    const timers = handTimers();
    const bus = new LiveUpdates({ schedule: timers.schedule });
    const got: LiveUpdate[] = [];
    bus.subscribe('ws_a', (u) => got.push(u));
    bus.report('ws_a', 'con_1', position('DU1', 1, 10));
    bus.report('ws_a', 'con_1', position('DU2', 1, 5));
    bus.report('ws_a', 'con_1', accountPnl('DU1', 3));
    expect(got.map((u) => `${u.type} ${u.account}`)).toEqual(['position DU1', 'position DU2', 'pnl DU1']);

    bus.report('ws_a', 'con_1', position('DU1', 1, 20));
    bus.report('ws_a', 'con_1', position('DU1', 2, 7));
    bus.report('ws_a', 'con_1', position('DU1', 1, 30));
    timers.fire();
    const last = got.at(-1);
    expect(last).toMatchObject({ type: 'position', account: 'DU1' });
    expect(last?.type === 'position' && last.positions.map((p) => [p.conId, p.position])).toEqual([[1, 30], [2, 7]]);
  });

  it('sends a workspace only its own updates and holds nothing for one nobody streams', () => {
    const timers = handTimers();
    const bus = new LiveUpdates({ schedule: timers.schedule });
    const a: LiveUpdate[] = [];
    const b: LiveUpdate[] = [];
    bus.subscribe('ws_a', (u) => a.push(u));
    const stopB = bus.subscribe('ws_b', (u) => b.push(u));
    bus.report('ws_a', 'con_1', position('DU1', 1, 10));
    expect(a).toHaveLength(1);
    expect(b).toHaveLength(0);
    stopB();
    bus.report('ws_b', 'con_2', position('DU9', 1, 10));
    expect(timers.armed()).toBe(1); // only ws_a's window
  });
});
