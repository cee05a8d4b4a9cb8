// Scenario (issues 8 and 9): with execution on, a resting limit order is a working Kairox order.
// The risk gate counts it (max position quantity: 8 working + 3 more is past a limit of 10, 2 more is
// at it), and a `cancel` signal for the instrument cancels it at the simulator; with nothing left
// working, the next cancel signal is nothing_to_cancel.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../support/engines.ts';
import { startExecutionScenario, AAPL, type ExecutionScenario } from '../support/execution-scenario.ts';
import { expectDenied, expectPrepared, stepOf } from '../support/intake.ts';

describeEachEngine('cancel signals and working orders', (engine) => {
  let s: ExecutionScenario;

  beforeAll(async () => {
    s = await startExecutionScenario(engine, { clientId: 71 });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('counts a working order in the position limit, and a cancel signal cancels it at the simulator', async () => {
    const quote = s.gateway.engine.quote(AAPL);
    if (!quote) throw new Error('no AAPL quote');
    const far = Math.floor(quote.bid * 0.8);
    const resting = await s.submit({ instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 8 }, orderType: 'LMT', limitPrice: far });
    await s.untilOrder(resting, (o) => expect(o.state).toBe('working'));

    await s.intake.setPolicy({ maxPositionQuantity: 10, maxOrdersPerMinute: 1000, maxOrdersPerDay: 1000, priceCollarPercent: 50, maxOrderNotional: 1_000_000, maxPositionNotional: 10_000_000, maxGrossExposure: 100_000_000 });
    const past = await s.intake.submit({ instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 3 }, orderType: 'LMT', limitPrice: far });
    expectDenied(past, 'max_position_quantity');
    expect(stepOf(past, 'risk:max_position_quantity').values).toMatchObject({ limit: 10 });
    const at = await s.intake.submit({ instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 2 }, orderType: 'LMT', limitPrice: far });
    expectPrepared(at);
    const second = ((await s.owner.request({ url: `/api/signals/${at.signal.id}` })).json() as { signal: { kairoxOrderId: string } }).signal.kairoxOrderId;
    await s.untilOrder(second, (o) => expect(o.state).toBe('working'));

    const cancel = await s.intake.submit({ instrument: { symbol: 'AAPL' }, action: 'cancel' });
    expectPrepared(cancel);
    const step = stepOf(cancel, 'cancel').values as { working: number; kairoxOrderIds: string[] };
    expect(step.working).toBe(2);
    expect([...step.kairoxOrderIds].sort()).toEqual([resting, second].sort());
    for (const id of [resting, second]) {
      await s.untilOrder(id, (o) => expect(o.state).toBe('cancelled'));
      expect(s.atSimulator(id)).toHaveLength(1);
      expect(s.atSimulator(id)[0]?.status).toBe('Cancelled');
    }
    expectDenied(await s.intake.submit({ instrument: { symbol: 'AAPL' }, action: 'cancel' }), 'nothing_to_cancel');
  });
});
