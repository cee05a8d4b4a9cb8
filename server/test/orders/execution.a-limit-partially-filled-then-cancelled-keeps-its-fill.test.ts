// Scenario (issue 9 acceptance, "limit partial fill then cancel"): a marketable buy limit larger
// than the size the simulator shows at the ask fills one slice and rests for the rest (the
// simulator fills the next slice only when its clock moves, and this scenario's clock is pinned).
// Kairox shows it partially filled with that fill and its commission; a trader cancels it, IB
// confirms, and the order ends cancelled with its filled quantity, fill and commission kept.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../support/engines.ts';
import { AAPL, startExecutionScenario, type ExecutionScenario } from '../support/execution-scenario.ts';

describeEachEngine('a limit partially filled, then cancelled', (engine) => {
  let s: ExecutionScenario;

  beforeAll(async () => {
    s = await startExecutionScenario(engine, { clientId: 64 });
    // Room for an order larger than the largest size the simulator shows at a touch (2,000 shares).
    await s.intake.setPolicy({ maxOrderQuantity: 5000, maxOrderNotional: 10_000_000, maxPositionQuantity: 10_000, maxPositionNotional: 10_000_000, maxGrossExposure: 100_000_000, maxOrdersPerMinute: 1000, maxOrdersPerDay: 1000, priceCollarPercent: 50 });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('keeps the filled slice, its commission and its filled quantity when the rest is cancelled', async () => {
    const q = s.gateway.engine.quote(AAPL);
    if (!q) throw new Error('the simulator has no AAPL quote');
    const quantity = q.askSize + 100;
    const id = await s.submit({ instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: quantity }, orderType: 'LMT', limitPrice: Math.ceil(q.ask + 1) });

    const partial = await s.untilOrder(id, (o) => {
      expect(o.state).toBe('partially_filled');
      expect(o.commission).not.toBeNull();
    });
    expect(partial.filledQuantity).toBe(q.askSize);
    expect(partial.fills).toHaveLength(1);
    expect(partial.fills[0]).toMatchObject({ shares: q.askSize, price: q.ask });
    expect(partial.fills[0]?.commission).toBeGreaterThan(0);

    const cancelled = await s.owner.request({ method: 'POST', url: `/api/orders/${id}/cancel` });
    expect(cancelled.statusCode, cancelled.body).toBe(202);
    const done = await s.untilOrder(id, (o) => expect(o.state).toBe('cancelled'));
    expect(done).toMatchObject({ quantity, filledQuantity: q.askSize, commission: partial.commission });
    expect(done.fills).toEqual(partial.fills);
    expect(done.steps.filter((step) => step.kind === 'transition').map((step) => step.to)).toEqual(expect.arrayContaining(['partially_filled', 'cancelling', 'cancelled']));
    expect(s.atSimulator(id)).toEqual([expect.objectContaining({ status: 'Cancelled', filled: q.askSize, totalQuantity: quantity })]);
  });
});
