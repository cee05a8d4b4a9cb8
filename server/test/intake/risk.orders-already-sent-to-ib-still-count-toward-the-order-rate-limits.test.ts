// Scenario (issue 8, with execution on): the order-rate limits count every signal that became an
// order, whatever happened to it since. A signal is `prepared`, then `routed` once its order reached
// IB; counting only `prepared` ones let a sender pass maxOrdersPerMinute / maxOrdersPerDay without
// end as soon as execution was on, because each order was routed within milliseconds.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../support/engines.ts';
import { MARKET_BUY, startExecutionScenario, type ExecutionScenario } from '../support/execution-scenario.ts';
import { expectDenied, stepOf } from '../support/intake.ts';

const POLICY = { maxOrderQuantity: 1000, maxOrderNotional: 1_000_000, maxPositionQuantity: 10_000, maxPositionNotional: 10_000_000, maxGrossExposure: 100_000_000, priceCollarPercent: 50 };

describeEachEngine('order-rate limits with execution on', (engine) => {
  let s: ExecutionScenario;

  beforeAll(async () => {
    s = await startExecutionScenario(engine, { clientId: 73 });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('denies the third order of the minute at maxOrdersPerMinute 2 after the first two were routed and filled', async () => {
    await s.intake.setPolicy({ ...POLICY, maxOrdersPerMinute: 2, maxOrdersPerDay: 1000 });
    for (let n = 0; n < 2; n++) {
      const id = await s.submit({ ...MARKET_BUY, size: { qty: 1 }, note: `minute ${n}` });
      await s.untilOrder(id, (o) => expect(o.state).toBe('filled'));
    }
    const signals = (await s.owner.request({ url: `/api/signals?connectionId=${s.connectionId}` })).json() as { signals: Array<{ status: string }> };
    expect(signals.signals.filter((x) => x.status === 'routed')).toHaveLength(2);

    const third = await s.intake.submit({ ...MARKET_BUY, size: { qty: 1 }, note: 'minute 2' });
    expectDenied(third, 'max_orders_per_minute');
    expect(stepOf(third, 'risk:max_orders_per_minute').values).toMatchObject({ limit: 2, actual: 3 });
  });

  it('counts the day\'s routed orders against maxOrdersPerDay', async () => {
    await s.intake.setPolicy({ ...POLICY, maxOrdersPerMinute: 1000, maxOrdersPerDay: 2 });
    const over = await s.intake.submit({ ...MARKET_BUY, size: { qty: 1 }, note: 'day 3' });
    expectDenied(over, 'max_orders_per_day');
    expect(stepOf(over, 'risk:max_orders_per_day').values).toMatchObject({ limit: 2, actual: 3 });
  });
});
