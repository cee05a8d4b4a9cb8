// Scenario (issue 9): on a connection that is ready and reconciled, a plain order's IB id is reserved
// in its signal's own transaction (journaled with the signal: one commit fewer before it leaves), and
// it is then sent once — however many signals arrive together. A bracket keeps its reservation at
// send time; after a reconnect the new session's reconciliation comes first.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { describeEachEngine } from '../support/engines.ts';
import { MARKET_BUY, startExecutionScenario, type ExecutionScenario, type ScenarioOrder } from '../support/execution-scenario.ts';

const transitions = (o: ScenarioOrder) => o.steps.filter((step) => step.kind === 'transition');

describeEachEngine('IB ids reserved with the signal', (engine) => {
  let s: ExecutionScenario;

  beforeAll(async () => {
    s = await startExecutionScenario(engine, { clientId: 74 });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('journals a market order with its signal, under the id it is then sent with', async () => {
    const id = await s.submit({ ...MARKET_BUY, size: { qty: 2 } });
    const filled = await s.untilOrder(id, (o) => expect(o.state).toBe('filled'));
    const [accepted, reserved] = transitions(filled);
    expect(accepted).toMatchObject({ event: 'accept', to: 'accepted' });
    expect(reserved).toMatchObject({ event: 'id_reserved', to: 'journaled', detail: { withSignal: true, ibOrderId: filled.ib.orderId } });
    const atIb = s.atSimulator(id);
    expect(atIb).toHaveLength(1);
    expect(atIb[0]?.orderId).toBe(filled.ib.orderId);
  });

  it('sends twenty signals that arrive together as twenty orders, each once and under its own id', async () => {
    const ids = await Promise.all(Array.from({ length: 20 }, (_, n) => s.submit({ ...MARKET_BUY, size: { qty: 1 }, note: `together ${n}` })));
    const orders = await Promise.all(ids.map((id) => s.untilOrder(id, (o) => expect(o.state).toBe('filled'))));
    for (const id of ids) expect(s.atSimulator(id)).toHaveLength(1);
    expect(new Set(orders.map((o) => o.ib.orderId)).size).toBe(20);
    expect(orders.every((o) => transitions(o)[1]?.detail['withSignal'] === true)).toBe(true);
  });

  it('reserves a bracket\'s ids when its group is sent, not with the signal', async () => {
    const quote = s.gateway.engine.quote(265598);
    if (!quote) throw new Error('no AAPL quote');
    const id = await s.submit({ ...MARKET_BUY, size: { qty: 1 }, bracket: { takeProfit: { limitPrice: Math.ceil(quote.ask * 1.2) }, stopLoss: { stopPrice: Math.floor(quote.bid * 0.8) } } });
    const parent = await s.untilOrder(id, (o) => expect(o.state).toBe('filled'));
    expect(transitions(parent)[1]).toMatchObject({ event: 'id_reserved' });
    expect(transitions(parent)[1]?.detail['withSignal']).toBeUndefined();
    expect(s.atSimulator(id)).toHaveLength(1);
  });

  it('reserves with the signal again once a restarted gateway\'s new session is reconciled', async () => {
    const before = s.attempt();
    await s.gateway.restart(0);
    await s.untilReadyAfter(before);
    // Ready is not enough: the new attempt's reconciliation must have been applied (it is audited).
    await vi.waitFor(async () => {
      const audit = (await s.owner.request({ url: '/api/audit?limit=50' })).json() as { events: Array<{ action: string; data: { attempt?: number } }> };
      expect(audit.events.some((e) => e.action === 'connection.reconciled' && (e.data.attempt ?? 0) > before)).toBe(true);
    }, { timeout: 10_000, interval: 25 });
    const after = await s.submit({ ...MARKET_BUY, size: { qty: 1 }, note: 'after the restart' });
    const filled = await s.untilOrder(after, (o) => expect(o.state).toBe('filled'));
    expect(transitions(filled)[1]).toMatchObject({ event: 'id_reserved', detail: { withSignal: true } });
    expect(filled.ib.sentOnAttempt).toBeGreaterThan(before);
    expect(s.atSimulator(after)).toHaveLength(1);
  });
});
