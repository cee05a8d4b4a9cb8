// Scenario (issue 9, exactly-once): after a reconnect IB can push the day's executions again,
// unasked, with the same execIds (and the reconciliation reads them too). With the simulator
// re-sending them, every fill stays counted once: the filled quantity, the average price and the
// commission are what they were, an order still working keeps its open quantity, and no second
// order appears at the simulator.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../support/engines.ts';
import { AAPL, MARKET_BUY, startExecutionScenario, type ExecutionScenario, type ScenarioOrder } from '../support/execution-scenario.ts';

describeEachEngine('execution with executions re-sent after a reconnect', (engine) => {
  let s: ExecutionScenario;
  beforeAll(async () => {
    s = await startExecutionScenario(engine, { clientId: 67 });
    s.gateway.resendExecutionsOnReconnect(true);
  });
  afterAll(async () => {
    await s?.close();
  });

  const counted = (o: ScenarioOrder) => ({ state: o.state, filledQuantity: o.filledQuantity, avgFillPrice: o.avgFillPrice, commission: o.commission, fills: o.fills.map((f) => f.execId) });

  it('counts each execution once however often IB sends it again', async () => {
    const market = await s.submit({ ...MARKET_BUY, size: { qty: 5 } });
    const marketBefore = await s.untilOrder(market, (o) => {
      expect(o.state).toBe('filled');
      expect(o.commission).not.toBeNull();
    });
    s.gateway.setPrice(AAPL, 230);
    const resting = await s.submit({ ...MARKET_BUY, size: { qty: 6 }, orderType: 'LMT', limitPrice: 220 });
    await s.untilOrder(resting, (o) => expect(o.state).toBe('working'));
    s.gateway.setPrice(AAPL, 219);
    const restingBefore = await s.untilOrder(resting, (o) => {
      expect(o.state).toBe('filled');
      expect(o.commission).not.toBeNull();
    });

    for (let round = 0; round < 2; round++) {
      const attempt = s.attempt();
      s.gateway.dropAllConnections();
      await s.untilReadyAfter(attempt);
      // The re-sent executions came on the socket before anything of this order: once it is filled,
      // execution (one queue per connection, in arrival order) has applied them.
      const barrier = await s.submit({ ...MARKET_BUY, size: { qty: 1 } });
      await s.untilOrder(barrier, (o) => expect(o.state).toBe('filled'));
      expect(s.atSimulator(barrier)).toHaveLength(1);
    }
    // Kairox's record of both orders did not move.
    const marketAfter = await s.order(market);
    const restingAfter = await s.order(resting);
    expect(counted(marketAfter)).toEqual(counted(marketBefore));
    expect(counted(restingAfter)).toEqual(counted(restingBefore));
    expect(marketAfter.filledQuantity).toBe(5);
    expect(restingAfter.filledQuantity).toBe(6);
    expect(s.atSimulator(market)).toHaveLength(1);
    expect(s.atSimulator(resting)).toHaveLength(1);
  });
});
