// Scenario: an order fills; its execution and commission arrive live, once each. A later read of
// IB's state (the sync after a reconnect, or a reconciliation asked for) carries the execution
// and its commission, joined by execId, inside the snapshot only: no listener sees the
// execution a second time on its own.
import { afterEach, describe, expect, it } from 'vitest';
import type { Gateway } from '@kairox/gateway-sim';
import type { IbSession } from './ib-session.ts';
import type { BrokerReport, ReconciliationReport, ReportOrigin } from './reports.ts';
import { sessionFor, simulator, until } from './test-support.ts';

let gw: Gateway | undefined;
let session: IbSession | undefined;
afterEach(async () => {
  session?.stop();
  await gw?.close();
  gw = undefined;
  session = undefined;
});

interface Heard { report: BrokerReport; origin: ReportOrigin }

/** A ready session with one filled market order; everything its listener heard, with origins. */
async function filledOrder(): Promise<{ session: IbSession; heard: Heard[]; execId: string; timeline: ReturnType<typeof sessionFor>['timeline'] }> {
  gw = await simulator();
  const h = sessionFor(gw);
  session = h.session;
  const heard: Heard[] = [];
  session.onReport((report, origin) => heard.push({ report, origin }));
  session.start();
  await session.whenReady(10_000);
  const { orderId } = await session.placeOrder({ contract: { conId: 265598, exchange: 'SMART' }, action: 'BUY', quantity: 10, orderType: 'MKT', orderRef: 'kx-fill-1' });
  await until(() => heard.some(({ report: r }) => r.kind === 'execution' && r.orderId === orderId));
  const execution = heard.find(({ report: r }) => r.kind === 'execution' && r.orderId === orderId)?.report;
  const execId = execution?.kind === 'execution' ? execution.execId : '';
  await until(() => heard.some(({ report: r }) => r.kind === 'commission' && r.execId === execId));
  return { session, heard, execId, timeline: h.timeline };
}

const executionsOf = (heard: readonly Heard[], execId: string) => heard.filter(({ report: r }) => r.kind === 'execution' && r.execId === execId);
const snapshotsIn = (heard: readonly Heard[]) => heard.map((h) => h.report).filter((r): r is ReconciliationReport => r.kind === 'reconciliation');

describe('reconciliation snapshots and the reports around them', () => {
  it("a snapshot after a fill carries the fill's commission, joined to its execution by execId", async () => {
    const { session, heard, execId } = await filledOrder();
    expect(executionsOf(heard, execId).map((h) => h.origin.replay)).toEqual([false]);

    const snapshot = await session.reconciliationSnapshot();
    expect(snapshot.executions.map((e) => e.execId)).toEqual([execId]);
    expect(snapshot.commissions).toHaveLength(1);
    const [commission] = snapshot.commissions;
    expect(commission).toMatchObject({ kind: 'commission', execId, currency: 'USD' });
    expect(commission?.commission).toBeGreaterThan(0);
    for (const c of snapshot.commissions) expect(snapshot.executions.some((e) => e.execId === c.execId)).toBe(true);
  });

  it('across a sync after a reconnect, a listener sees each execution exactly once: inside the snapshot, not also on its own', async () => {
    const { session, heard, execId, timeline } = await filledOrder();
    const before = heard.length;
    const readies = timeline.filter((e) => e.to === 'ready').length;
    gw?.dropAllConnections();
    await until(() => timeline.filter((e) => e.to === 'ready').length === readies + 1);

    const duringSync = heard.slice(before);
    expect(executionsOf(duringSync, execId)).toHaveLength(0);
    expect(duringSync.filter(({ report: r }) => r.kind === 'commission')).toHaveLength(0);
    const snapshots = snapshotsIn(duringSync);
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0]?.snapshot.executions.filter((e) => e.execId === execId)).toHaveLength(1);
    expect(snapshots[0]?.snapshot.commissions.map((c) => c.execId)).toEqual([execId]);
    expect(duringSync.find(({ report: r }) => r.kind === 'reconciliation')?.origin).toEqual({ attempt: 2, replay: true });
    expect(session.currentState).toBe('ready');
  });
});
