// Scenario (issue 9, exactly-once): IB does not send an orderStatus for every change. With the
// simulator leaving out every orderStatus push (and then every second one), Kairox still follows
// each order to filled from its executions alone: the right filled quantity and average price,
// each fill once, and exactly one order at the simulator per signal.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../support/engines.ts';
import { AAPL, MARKET_BUY, startExecutionScenario, type ExecutionScenario } from '../support/execution-scenario.ts';

describeEachEngine('execution with orderStatus left out', (engine) => {
  let s: ExecutionScenario;
  beforeAll(async () => {
    s = await startExecutionScenario(engine, { clientId: 63 });
  });
  afterAll(async () => {
    await s?.close();
  });

  const expectFilledFromExecutions = async (id: string, quantity: number) => {
    const o = await s.untilOrder(id, (x) => expect(x.state).toBe('filled'));
    expect(o.filledQuantity).toBe(quantity);
    expect(o.fills.reduce((n, f) => n + f.shares, 0)).toBe(quantity);
    expect(new Set(o.fills.map((f) => f.execId)).size).toBe(o.fills.length);
    const rows = s.atSimulator(id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'Filled', filled: quantity });
    expect(o.avgFillPrice).toBeCloseTo(o.fills.reduce((n, f) => n + f.shares * f.price, 0) / quantity, 6);
    return o;
  };

  it('fills market orders when no orderStatus arrives at all', async () => {
    s.gateway.dropOrderStatus(1);
    const ids = [await s.submit({ ...MARKET_BUY, size: { qty: 3 } }), await s.submit({ ...MARKET_BUY, size: { qty: 4 } })];
    await expectFilledFromExecutions(ids[0] ?? '', 3);
    await expectFilledFromExecutions(ids[1] ?? '', 4);
  });

  it('follows a resting limit order to filled when the price reaches it, with no orderStatus for the fill', async () => {
    s.gateway.dropOrderStatus(1);
    s.gateway.setPrice(AAPL, 230);
    const id = await s.submit({ ...MARKET_BUY, size: { qty: 5 }, orderType: 'LMT', limitPrice: 220 });
    // openOrder still says IB has it.
    await s.untilOrder(id, (o) => expect(o.state).toBe('working'));
    s.gateway.setPrice(AAPL, 215);
    const filled = await expectFilledFromExecutions(id, 5);
    expect(filled.avgFillPrice).toBeLessThanOrEqual(220);
  });

  it('fills every order when every second orderStatus is left out', async () => {
    s.gateway.dropOrderStatus(2);
    const ids: string[] = [];
    for (let i = 1; i <= 4; i++) ids.push(await s.submit({ ...MARKET_BUY, size: { qty: i } }));
    for (const [i, id] of ids.entries()) await expectFilledFromExecutions(id, i + 1);
  });
});
