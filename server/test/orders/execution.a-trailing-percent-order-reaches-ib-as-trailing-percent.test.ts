// Scenario (issue 9): a TRAIL signal given as trailingPercent goes on the wire as IB's
// trailingPercent field, with no trailing amount (auxPrice unset), and works at the simulator as a
// percentage trail: its stop sits that percentage from the price.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../support/engines.ts';
import { AAPL, startExecutionScenario, type ExecutionScenario } from '../support/execution-scenario.ts';

describeEachEngine('a trailing-percent order', (engine) => {
  let s: ExecutionScenario;

  beforeAll(async () => {
    s = await startExecutionScenario(engine, { clientId: 65 });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('reaches the simulator with trailingPercent set and no trailing amount, and works', async () => {
    const id = await s.submit({ instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 2 }, orderType: 'TRAIL', trailingPercent: 1.5 });
    const working = await s.untilOrder(id, (o) => expect(o.state).toBe('working'));
    const atIb = s.atSimulator(id);
    expect(atIb).toHaveLength(1);
    expect(atIb[0]).toMatchObject({ orderType: 'TRAIL', trailingPercent: 1.5, totalQuantity: 2, orderId: working.ib.orderId });
    expect(atIb[0]?.auxPrice).toBeUndefined();
    // A buy trail's stop sits 1.5 % above the price it follows.
    const open = s.gateway.engine.openOrders().find((o) => o.orderRef === id);
    const q = s.gateway.engine.quote(AAPL);
    if (!open || !q || open.trailStopPrice === undefined) throw new Error(`the trail is not working at the simulator: ${JSON.stringify(open)}`);
    const ref = q.last ?? (q.bid + q.ask) / 2;
    expect(open.trailStopPrice).toBeCloseTo(ref * 1.015, 1);
  });
});
