// Scenario (issue 9, exactly-once): IB's commissionReport comes on its own, sometimes late. With the
// simulator holding each commission report back on its (pinned) clock, an order fills without one;
// when the report comes, it joins its fill by execId: the fill and the order carry it, once, and
// a commission that comes while Kairox is away joins from the reconciliation's executions.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../support/engines.ts';
import { MARKET_BUY, startExecutionScenario, type ExecutionScenario } from '../support/execution-scenario.ts';

const LATE_MS = 5_000;

describeEachEngine('execution with late commission reports', (engine) => {
  let s: ExecutionScenario;
  beforeAll(async () => {
    s = await startExecutionScenario(engine, { clientId: 65 });
    s.gateway.lateCommissions(LATE_MS);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('records the fill first and joins its commission when the report arrives', async () => {
    const id = await s.submit({ ...MARKET_BUY, size: { qty: 3 } });
    const filled = await s.untilOrder(id, (o) => expect(o.state).toBe('filled'));
    expect(filled.commission).toBeNull();
    expect(filled.fills).toHaveLength(1);
    expect(filled.fills[0]?.commission).toBeNull();

    s.gateway.advanceClock(LATE_MS);
    const joined = await s.untilOrder(id, (o) => expect(o.commission).not.toBeNull());
    expect(joined.fills).toHaveLength(1);
    expect(joined.fills[0]?.commission).toBe(joined.commission);
    expect(joined.commission).toBeGreaterThan(0);
    expect(joined.steps.filter((st) => st.kind === 'commission')).toHaveLength(1);
    expect(joined.state).toBe('filled');
    expect(s.atSimulator(id)).toHaveLength(1);
  });

  it('joins a commission that came due while Kairox was away from the reconciliation, once', async () => {
    const id = await s.submit({ ...MARKET_BUY, size: { qty: 2 } });
    await s.untilOrder(id, (o) => expect(o.state).toBe('filled'));
    const attempt = s.attempt();
    s.gateway.dropAllConnections();
    // Due while nobody holds the client id: the simulator sends it to no one; reqExecutions has it.
    s.gateway.advanceClock(LATE_MS);
    await s.untilReadyAfter(attempt);
    const joined = await s.untilOrder(id, (o) => expect(o.commission).not.toBeNull());
    expect(joined.fills).toHaveLength(1);
    expect(joined.fills[0]?.commission).toBe(joined.commission);
    expect(joined.steps.filter((st) => st.kind === 'commission')).toHaveLength(1);
    expect(s.atSimulator(id)).toHaveLength(1);
  });
});
