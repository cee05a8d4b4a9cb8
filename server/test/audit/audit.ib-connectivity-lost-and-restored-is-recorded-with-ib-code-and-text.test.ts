// Scenario (issue 9, audit): the gateway loses IB's servers for a while (1100) and gets them back
// with its data kept (1102). The session goes degraded and back to ready without a reconnect; the
// audit trail has both changes, each with IB's code and IB's text as IB wrote them — and nothing
// else for the connection: the notices and heartbeats around them change no state.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { describeEachEngine } from '../support/engines.ts';
import { startExecutionScenario, type ExecutionScenario } from '../support/execution-scenario.ts';

interface TrailEvent { seq: number; action: string; data: Record<string, unknown> }

const LOST = 'Connectivity between IB and Trader Workstation has been lost.';
const RESTORED = 'Connectivity between IB and Trader Workstation has been restored - data maintained.';

describeEachEngine('audit of IB connectivity lost and restored', (engine) => {
  let s: ExecutionScenario;
  beforeAll(async () => {
    s = await startExecutionScenario(engine, { clientId: 83 });
  });
  afterAll(async () => {
    await s?.close();
  });

  const changesAfter = async (seq: number): Promise<Array<Record<string, unknown>>> => {
    const response = await s.owner.request({ url: `/api/audit/export?format=jsonl&connectionId=${s.connectionId}` });
    expect(response.statusCode, response.body).toBe(200);
    return response.body.trim().split('\n').map((line) => JSON.parse(line) as TrailEvent)
      .filter((e) => e.seq > seq && e.action === 'connection.state_changed').map((e) => e.data);
  };

  it('records ready → degraded with 1100 and degraded → ready with 1102, verbatim', async () => {
    const head = ((await s.owner.request({ url: '/api/audit?limit=1' })).json() as { events: Array<{ seq: number }> }).events[0]?.seq ?? 0;
    const attempt = s.attempt();
    s.gateway.connectivity(1100);
    await vi.waitFor(async () => expect(await changesAfter(head)).toHaveLength(1), { timeout: 10_000, interval: 25 });
    s.gateway.connectivity(1102);
    const changes = await vi.waitFor(async () => {
      const seen = await changesAfter(head);
      expect(seen).toHaveLength(2);
      return seen;
    }, { timeout: 10_000, interval: 25 });
    expect(changes[0]).toMatchObject({ connectionId: s.connectionId, from: 'ready', to: 'degraded', event: 'connectivity_lost', code: 1100, reason: LOST, attempt });
    expect(changes[1]).toMatchObject({ from: 'degraded', to: 'ready', event: 'connectivity_restored', code: 1102, reason: RESTORED, attempt, serverVersion: expect.any(Number) });
    expect(s.attempt()).toBe(attempt);
  });
});
