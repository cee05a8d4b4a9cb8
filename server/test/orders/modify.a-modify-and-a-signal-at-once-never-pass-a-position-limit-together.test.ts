// Scenario (issues 8 and 9): a working buy limit of 4 AAPL at maxPositionQuantity 10 (working
// orders count). At the same moment a PATCH raises it to 8 and a new signal asks for 5 more. Either
// alone fits; together they would reach 13. A modification is re-checked in the same turn of its
// connection as signals are decided, so one of the two sees the other and is refused.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../support/engines.ts';
import { AAPL, MARKET_BUY, startExecutionScenario, type ExecutionScenario } from '../support/execution-scenario.ts';

const POLICY = {
  maxOrderQuantity: 1000, maxOrderNotional: 10_000_000, maxPositionQuantity: 10, maxPositionNotional: 100_000_000,
  maxGrossExposure: 1_000_000_000, maxOpenPositions: 100, maxOrdersPerMinute: 1000, maxOrdersPerDay: 10_000, maxDailyLoss: 10_000_000,
  // The working limit rests far below the market.
  priceCollarPercent: 50,
};

describeEachEngine('a modification and a signal at the same moment', (engine) => {
  let s: ExecutionScenario;

  beforeAll(async () => {
    s = await startExecutionScenario(engine, { clientId: 74 });
    await s.intake.setPolicy(POLICY);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('lets only one of them take the room left under maxPositionQuantity', async () => {
    const quote = s.gateway.engine.quote(AAPL);
    if (!quote) throw new Error('no AAPL quote');
    const limitPrice = Math.floor(quote.bid * 0.8);
    const id = await s.submit({ ...MARKET_BUY, size: { qty: 4 }, orderType: 'LMT', limitPrice });
    await s.untilOrder(id, (o) => expect(o.state).toBe('working'));

    const [modified, signal] = await Promise.all([
      s.owner.request({ method: 'PATCH', url: `/api/orders/${id}`, payload: { quantity: 8 } }),
      s.intake.submit({ ...MARKET_BUY, size: { qty: 5 }, orderType: 'LMT', limitPrice, note: 'the signal at the same moment' }),
    ]);
    const modifyPassed = modified.statusCode === 202;
    const signalPassed = signal.signal.status === 'prepared';
    expect([modifyPassed, signalPassed].filter(Boolean), `modify ${modified.statusCode} ${modified.body}; signal ${JSON.stringify(signal.signal.decision.code ?? signal.signal.status)}`).toHaveLength(1);
    if (!modifyPassed) expect((modified.json() as { error: { denial?: string } }).error.denial).toBe('max_position_quantity');
    if (!signalPassed) expect(signal.signal.decision.code).toBe('max_position_quantity');
  });
});
