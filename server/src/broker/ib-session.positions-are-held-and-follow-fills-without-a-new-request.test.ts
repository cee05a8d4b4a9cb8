// Scenario (intake's reads, every decided signal reads the account's positions): the session holds
// one reqPositionsMulti subscription per account, so only the first read waits for IB; the
// simulator pushes a row for every change, and a fill shows in the next read with nothing asked
// again. A drop voids the rows; after the sync the subscription is asked for again under a new id.
// What goes on the wire is counted on the session's IB client (every reqPositionsMulti and cancel,
// with its id). The simulator's clock is pinned (Monday 10:00 New York) and it trades all day.
import { manualClock, type Gateway } from '@kairox/gateway-sim';
import { afterEach, describe, expect, it } from 'vitest';
import { DisconnectedError, NotReadyError, RequestTimeoutError } from './errors.ts';
import type { CommissionReportData, ExecutionReport, PositionReport } from './reports.ts';
import { recordingClient, sessionFor, simulator, until, type Harness } from './test-support.ts';
import type { IbSessionOptions } from './session-options.ts';

const MONDAY_10AM_NEW_YORK = Date.parse('2026-11-23T15:00:00Z');
const ACCOUNT = 'DU1234567';
const AAPL = { conId: 265598, symbol: 'AAPL', secType: 'STK', exchange: 'SMART', currency: 'USD' };

let gw: Gateway | undefined;
let h: Harness | undefined;
afterEach(async () => {
  h?.session.stop();
  await gw?.close();
  gw = undefined;
  h = undefined;
});

interface Setup { gw: Gateway; h: Harness; sent: string[] }

async function ready(overrides: Partial<IbSessionOptions> = {}): Promise<Setup> {
  gw = await simulator({ clock: manualClock(MONDAY_10AM_NEW_YORK) });
  const sent: string[] = [];
  h = sessionFor(gw, {
    createClient: recordingClient(['reqPositionsMulti', 'cancelPositionsMulti'], sent),
    ...overrides,
  });
  h.session.start();
  await h.session.whenReady(10_000);
  return { gw, h, sent };
}

const requests = (s: Setup): string[] => s.sent.filter((c) => c.startsWith('reqPositionsMulti'));
const idOf = (call: string | undefined): number => Number(/\((\d+)\)/.exec(call ?? '')?.[1]);

/** Trades through the session; resolves once the fill and its commission were reported. */
async function trade(s: Setup, action: 'BUY' | 'SELL', quantity: number, orderRef: string): Promise<void> {
  const { orderId } = await s.h.session.placeOrder({ contract: AAPL, action, quantity, orderType: 'MKT', orderRef });
  await until(() => {
    const fill = s.h.reports.find((r): r is ExecutionReport => r.kind === 'execution' && r.orderId === orderId);
    return fill !== undefined && s.h.reports.some((r): r is CommissionReportData => r.kind === 'commission' && r.execId === fill.execId);
  });
  // A round trip on the same socket: the position row the gateway pushed after the fill has arrived.
  await s.h.session.currentTime();
}

const aaplIn = (rows: PositionReport[]): number | undefined => rows.find((p) => p.contract.conId === AAPL.conId)?.position;

describe('positions held per account', () => {
  it('reads share one reqPositionsMulti that is kept, and a fill changes the next read without a new request', async () => {
    const s = await ready();
    const [first, concurrent] = await Promise.all([s.h.session.positions(ACCOUNT), s.h.session.positions(ACCOUNT)]);
    expect(first).toEqual([]);
    expect(concurrent).toEqual([]);
    expect(await s.h.session.positions(ACCOUNT)).toEqual([]);
    expect(s.sent).toEqual([expect.stringMatching(/^reqPositionsMulti\(\d+\)$/)]);

    await trade(s, 'BUY', 100, 'kx-held-1');
    const after = await s.h.session.positions(ACCOUNT);
    expect(after).toEqual([expect.objectContaining({ kind: 'position', account: ACCOUNT, contract: expect.objectContaining({ conId: AAPL.conId, symbol: 'AAPL' }), position: 100 })]);
    expect(after[0]?.avgCost).toBe(s.gw.engine.positions(ACCOUNT)[0]?.avgCost);
    expect(s.sent).toHaveLength(1); // no new request, nothing cancelled
  });

  it('a position closed today stays listed with quantity 0, as IB lists it', async () => {
    const s = await ready();
    await s.h.session.positions(ACCOUNT);
    await trade(s, 'BUY', 30, 'kx-held-2');
    expect(aaplIn(await s.h.session.positions(ACCOUNT))).toBe(30);
    await trade(s, 'SELL', 30, 'kx-held-3');
    expect(aaplIn(await s.h.session.positions(ACCOUNT))).toBe(0);
    expect(requests(s)).toHaveLength(1);
  });

  it('after a gateway drop the rows are void; after the sync the subscription is asked again under a new id, once, and reads show what changed meanwhile', async () => {
    const s = await ready();
    await s.h.session.positions(ACCOUNT);
    await trade(s, 'BUY', 50, 'kx-held-4');
    expect(aaplIn(await s.h.session.positions(ACCOUNT))).toBe(50);

    // The gateway is away for a second; meanwhile the account buys 25 more elsewhere (another client).
    const restarted = s.gw.restart(1);
    await until(() => s.h.session.currentState !== 'ready');
    await expect(s.h.session.positions(ACCOUNT)).rejects.toBeInstanceOf(NotReadyError);
    expect(s.gw.engine.placeOrder(99, 1, AAPL, { action: 'BUY', totalQuantity: 25, orderType: 'MKT', account: ACCOUNT })).toMatchObject({ kind: 'accepted' });
    await until(() => s.gw?.engine.positions(ACCOUNT)[0]?.position === 75);
    await restarted;
    await s.h.session.whenReady(10_000);

    await until(() => requests(s).length === 2); // asked for after the sync, before anyone reads
    expect(aaplIn(await s.h.session.positions(ACCOUNT))).toBe(75);
    expect(idOf(requests(s)[1])).toBeGreaterThan(idOf(requests(s)[0]));
    expect(s.sent.filter((c) => c.startsWith('cancel'))).toEqual([]); // the old id went with its socket

    // The new subscription follows changes too.
    await trade(s, 'BUY', 5, 'kx-held-5');
    expect(aaplIn(await s.h.session.positions(ACCOUNT))).toBe(80);
    expect(requests(s)).toHaveLength(2);
  });

  it('a drop before the first answer fails the read at once; the subscription is asked again after the sync', async () => {
    const s = await ready();
    s.gw.pause();
    const read = s.h.session.positions(ACCOUNT);
    await until(() => requests(s).length === 1);
    s.gw.dropAllConnections();
    await expect(read).rejects.toBeInstanceOf(DisconnectedError);
    s.gw.resume();
    await s.h.session.whenReady(10_000);
    await until(() => requests(s).length === 2);
    expect(await s.h.session.positions(ACCOUNT)).toEqual([]);
    expect(requests(s)).toHaveLength(2);
  });

  it('a 1101 re-sync reads the positions again: the old id is cancelled first, so the gateway serves one', async () => {
    const s = await ready();
    await s.h.session.positions(ACCOUNT);
    s.gw.connectivity(1100);
    await until(() => s.h.session.currentState === 'degraded');
    s.gw.connectivity(1101);
    await until(() => s.h.timeline.filter((e) => e.to === 'ready').length === 2);
    await until(() => requests(s).length === 2);
    const [oldReq, newReq] = requests(s);
    expect(s.sent).toEqual([oldReq, `cancelPositionsMulti(${idOf(oldReq)})`, newReq]);
    expect(idOf(newReq)).toBeGreaterThan(idOf(oldReq));

    // Only the new id is followed (a row pushed for the old one would be ignored anyway; the gateway sends none).
    await trade(s, 'BUY', 10, 'kx-held-6');
    expect(aaplIn(await s.h.session.positions(ACCOUNT))).toBe(10);
    expect(requests(s)).toHaveLength(2);
  });

  it('an IB error on the held id ends it: the next read asks again', async () => {
    const s = await ready();
    await s.h.session.positions(ACCOUNT);
    s.gw.sendError(7, idOf(requests(s)[0]), 322, 'Error processing request: positions subscription ended');
    await s.h.session.currentTime();
    await trade(s, 'BUY', 20, 'kx-held-7');
    expect(aaplIn(await s.h.session.positions(ACCOUNT))).toBe(20);
    expect(requests(s)).toHaveLength(2);
    // Not taken for an order's error.
    expect(s.h.reports.some((r) => r.kind === 'orderError')).toBe(false);
  });

  it('a first answer that times out drops the hold (cancelled at IB); the next read asks again', async () => {
    const s = await ready({ requestTimeoutMs: 1_000 });
    s.gw.pause();
    await expect(s.h.session.positions(ACCOUNT)).rejects.toBeInstanceOf(RequestTimeoutError);
    s.gw.resume();
    await until(() => s.sent.length === 2);
    expect(s.sent[1]).toBe(`cancelPositionsMulti(${idOf(s.sent[0])})`);
    expect(await s.h.session.positions(ACCOUNT)).toEqual([]);
    expect(requests(s)).toHaveLength(2);
  });

  it('stopping the session releases the holds: started again, nothing is asked until a read', async () => {
    const s = await ready();
    await s.h.session.positions(ACCOUNT);
    s.h.session.stop();
    s.h.session.start();
    await s.h.session.whenReady(10_000);
    await s.h.session.currentTime();
    expect(requests(s)).toHaveLength(1);
    expect(await s.h.session.positions(ACCOUNT)).toEqual([]);
    expect(requests(s)).toHaveLength(2);
  });
});
