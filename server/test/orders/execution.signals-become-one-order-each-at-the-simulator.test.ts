// Scenario (issue 9, execution): execution is on for a paper connection. A market signal becomes
// exactly one order at the simulator (its orderRef is the Kairox order id), fills, and is followed:
// the fill with its commission, the signal routed, every step and audit entry. A limit far from the
// market works until a trader cancels it; an order IB rejects (201) ends rejected with IB's text.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../support/engines.ts';
import { AAPL, startExecutionScenario, type ExecutionScenario } from '../support/execution-scenario.ts';
import { expectPrepared } from '../support/intake.ts';

describeEachEngine('execution against the simulator', (engine) => {
  let s: ExecutionScenario;

  beforeAll(async () => {
    s = await startExecutionScenario(engine, { clientId: 61 });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('sends a market signal as one order that fills, with its commission, and marks the signal routed', async () => {
    const answer = await s.intake.submit({ instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 5 } });
    expectPrepared(answer);
    expect(answer.signal.decision.message).toContain('handed to execution');
    const id = ((await s.owner.request({ url: `/api/signals/${answer.signal.id}` })).json() as { signal: { kairoxOrderId: string } }).signal.kairoxOrderId;
    const filled = await s.untilOrder(id, (o) => {
      expect(o.state).toBe('filled');
      expect(o.commission).not.toBeNull();
    });
    expect(filled).toMatchObject({ quantity: 5, filledQuantity: 5 });
    expect(filled.fills.reduce((n, f) => n + f.shares, 0)).toBe(5);
    expect(filled.fills.every((f) => f.commission !== null)).toBe(true);
    expect(filled.ib.orderId).toBeGreaterThan(0);
    expect(filled.ib.permId).toBeGreaterThan(0);
    expect(filled.steps.filter((step) => step.kind === 'transition').map((step) => step.to)).toEqual(expect.arrayContaining(['accepted', 'journaled', 'sent', 'filled']));
    expect(s.atSimulator(id)).toHaveLength(1);

    const ofSignal = (await s.owner.request({ url: `/api/orders?signalId=${filled.signalId}` })).json() as { orders: Array<{ id: string }> };
    expect(ofSignal.orders.map((o) => o.id)).toEqual([id]);
    const audit = (await s.owner.request({ url: '/api/audit?limit=200' })).json() as { events: Array<{ action: string; target: { id: string } | null }> };
    expect(audit.events.filter((e) => e.target?.id === id).map((e) => e.action)).toEqual(expect.arrayContaining(['order.journaled', 'order.sent', 'order.filled']));
  });

  it('keeps a limit far from the market working until a trader cancels it', async () => {
    const quote = s.gateway.engine.quote(AAPL);
    if (!quote) throw new Error('no AAPL quote');
    const id = await s.submit({ instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 2 }, orderType: 'LMT', limitPrice: Math.floor(quote.bid * 0.8) });
    await s.untilOrder(id, (o) => expect(o.state).toBe('working'));
    const cancelled = await s.owner.request({ method: 'POST', url: `/api/orders/${id}/cancel` });
    expect(cancelled.statusCode, cancelled.body).toBe(202);
    await s.untilOrder(id, (o) => expect(o.state).toBe('cancelled'));
    expect(s.atSimulator(id)).toHaveLength(1);
    const again = await s.owner.request({ method: 'POST', url: `/api/orders/${id}/cancel` });
    expect(again.statusCode).toBe(409);
  });

  it('ends an order IB rejects as rejected, with IB\'s code and text verbatim', async () => {
    s.gateway.rejectNextOrder(201, 'Order rejected - reason:The account is not permitted to trade this product.');
    const id = await s.submit({ instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 1 } });
    const rejected = await s.untilOrder(id, (o) => expect(o.state).toBe('rejected'));
    expect(rejected.lastError).toEqual({ code: 201, message: 'Order rejected - reason:The account is not permitted to trade this product.' });
  });
});
