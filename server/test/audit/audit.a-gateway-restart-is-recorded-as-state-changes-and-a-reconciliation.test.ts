// Scenario (issue 9, audit): a limit order works at IB when the gateway restarts; while Kairox is
// away the price reaches the limit and the order fills. The audit trail tells the whole story
// without the logs: the broker session's state changes, one entry per real change, linked from
// ready through the drop and the retries back to ready (with the new attempt and IB's server
// version), then the reconciliation of that attempt with what it examined and settled — the order
// found, its execution and commission applied, nothing resent or expired — and the fill itself,
// once: after a second drop the gateway re-sends the day's executions, and they add no entry.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { describeEachEngine } from '../support/engines.ts';
import { startExecutionScenario, type ExecutionScenario } from '../support/execution-scenario.ts';
import { fillDuringGatewayRestart, workingLimitBuy } from '../support/fill-during-gateway-restart.ts';

interface TrailEvent { seq: number; action: string; target: { type: string; id: string } | null; data: Record<string, unknown> }

describeEachEngine('audit of a gateway restart', (engine) => {
  let s: ExecutionScenario;
  beforeAll(async () => {
    s = await startExecutionScenario(engine, { clientId: 82 });
  });
  afterAll(async () => {
    await s?.close();
  });

  /** The connection's trail (its own events and every event naming it), oldest first. */
  const trail = async (): Promise<TrailEvent[]> => {
    const response = await s.owner.request({ url: `/api/audit/export?format=jsonl&connectionId=${s.connectionId}` });
    expect(response.statusCode, response.body).toBe(200);
    return response.body.trim().split('\n').map((line) => JSON.parse(line) as TrailEvent);
  };

  it('records ready → … → ready and the reconciliation that settled the fill made meanwhile', async () => {
    const { id } = await workingLimitBuy(s, 7);
    const before = await trail();
    const head = before.at(-1)?.seq ?? 0;
    // The first connect is on the trail already: up to ready, then its reconciliation.
    expect(before.filter((e) => e.action === 'connection.state_changed').map((e) => e.data['to'])).toEqual(['connecting', 'syncing', 'ready']);
    expect(before.filter((e) => e.action === 'connection.reconciled').map((e) => e.data)).toEqual([expect.objectContaining({ attempt: 1, examined: 0 })]);

    const { attemptBefore: attempt } = await fillDuringGatewayRestart(s, id);
    const filled = await s.untilOrder(id, (o) => expect(o.state).toBe('filled'));
    const newAttempt = s.attempt();

    const after = await vi.waitFor(async () => {
      const events = (await trail()).filter((e) => e.seq > head);
      expect(events.filter((e) => e.action === 'connection.state_changed').at(-1)?.data['to']).toBe('ready');
      expect(events.some((e) => e.action === 'connection.reconciled')).toBe(true);
      return events;
    }, { timeout: 10_000, interval: 50 });

    const changes = after.filter((e) => e.action === 'connection.state_changed').map((e) => e.data);
    // Each entry is a real change, and each starts where the one before ended.
    for (const c of changes) expect(c['from']).not.toBe(c['to']);
    for (let i = 1; i < changes.length; i++) expect(changes[i]?.['from']).toBe(changes[i - 1]?.['to']);
    expect(changes[0]).toMatchObject({ connectionId: s.connectionId, from: 'ready', to: 'disconnected', attempt });
    expect(changes.map((c) => c['to'])).toEqual(expect.arrayContaining(['disconnected', 'waiting_to_retry', 'connecting', 'syncing', 'ready']));
    expect(changes.at(-1)).toMatchObject({ from: 'syncing', to: 'ready', attempt: newAttempt, serverVersion: expect.any(Number) });

    const reconciled = after.filter((e) => e.action === 'connection.reconciled');
    expect(reconciled).toHaveLength(1);
    expect(reconciled[0]?.target).toEqual({ type: 'connection', id: s.connectionId });
    expect(reconciled[0]?.data).toMatchObject({
      connectionId: s.connectionId, attempt: newAttempt, examined: 1, found: 1, resent: 0, expired: 0, executionsApplied: 1, commissionsApplied: 1,
      ib: { orders: expect.any(Number), executions: 1, commissions: 1 },
    });
    // The fill it applied, in the same commit, before the summary.
    const fills = after.filter((e) => e.action === 'order.fill' && e.target?.id === id);
    expect(fills.map((e) => e.data['execId'])).toEqual([filled.fills[0]?.execId]);
    expect(fills[0]!.seq).toBeLessThan(reconciled[0]!.seq);
    expect(after.filter((e) => e.action === 'order.commission' && e.target?.id === id)).toHaveLength(1);

    // Dropped again: the gateway re-sends the day's executions live, and the reconciliation lists them too.
    s.gateway.resendExecutionsOnReconnect(true);
    const third = s.attempt();
    s.gateway.dropAllConnections();
    await s.untilReadyAfter(third);
    const replayed = await vi.waitFor(async () => {
      const events = await trail();
      expect(events.filter((e) => e.action === 'connection.reconciled').at(-1)?.data['attempt']).toBe(s.attempt());
      return events;
    }, { timeout: 10_000, interval: 50 });
    expect(replayed.filter((e) => e.action === 'connection.reconciled').at(-1)?.data).toMatchObject({ examined: 0, executionsApplied: 0, commissionsApplied: 0, ib: { executions: 1 } });
    expect(replayed.filter((e) => e.action === 'order.fill' && e.target?.id === id)).toHaveLength(1);
    expect(replayed.filter((e) => e.action === 'order.commission' && e.target?.id === id)).toHaveLength(1);
  });
});
