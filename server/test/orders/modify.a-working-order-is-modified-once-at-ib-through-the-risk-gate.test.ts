// Scenario (issue 9, modify): PATCH /api/orders/:id changes a working order's quantity and prices.
// A working limit order modified to a new price and quantity stays one order at the simulator, now
// with the new terms (modified once), its request journaled before its send; a modification the
// journal cannot record is never sent; one past a risk limit is 422 with every rule's outcome and
// reaches nothing; a filled order cannot be modified (409); while IB's connectivity is lost the
// modify is 503 and nothing is recorded as sent, nor sent after it comes back.
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { describeEachEngine } from '../support/engines.ts';
import { AAPL, MARKET_BUY, startExecutionScenario, type ExecutionScenario } from '../support/execution-scenario.ts';

/** The database refuses to record a modification request (a trigger): its commit fails. */
async function refuseModifyRecords(s: ExecutionScenario, on: boolean): Promise<void> {
  const db = s.kairox.db;
  const statements = db.kind === 'sqlite'
    ? (on ? ["CREATE TRIGGER refuse_modify BEFORE INSERT ON order_events WHEN NEW.kind = 'modify_requested' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"] : ['DROP TRIGGER refuse_modify'])
    : (on
      ? [
        "CREATE FUNCTION refuse_modify() RETURNS trigger AS $$ BEGIN IF NEW.kind = 'modify_requested' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql",
        'CREATE TRIGGER refuse_modify BEFORE INSERT ON order_events FOR EACH ROW EXECUTE FUNCTION refuse_modify()',
      ]
      : ['DROP TRIGGER refuse_modify ON order_events', 'DROP FUNCTION refuse_modify()']);
  for (const statement of statements) await sql.raw(statement).execute(db.kysely);
}

interface ErrorBody { error: { code: string; message: string; field?: string; denial?: string; steps?: Array<{ step: string; outcome: string; code?: string }> } }

describeEachEngine('modifying a working order', (engine) => {
  let s: ExecutionScenario;

  beforeAll(async () => {
    s = await startExecutionScenario(engine, { clientId: 73 });
  });
  afterAll(async () => {
    await s?.close();
  });

  const farBelowTheMarket = (): number => {
    const quote = s.gateway.engine.quote(AAPL);
    if (!quote) throw new Error('no AAPL quote');
    return Math.floor(quote.bid * 0.8);
  };
  const workingLimit = async (limitPrice: number, qty: number): Promise<string> => {
    const id = await s.submit({ ...MARKET_BUY, size: { qty }, orderType: 'LMT', limitPrice });
    await s.untilOrder(id, (o) => expect(o.state).toBe('working'));
    return id;
  };
  const patch = (id: string, payload: Record<string, unknown>) => s.owner.request({ method: 'PATCH', url: `/api/orders/${id}`, payload });

  it('modifies a working limit order to a new price and quantity: one order at the simulator with the new terms', async () => {
    const limit = farBelowTheMarket();
    const id = await workingLimit(limit, 2);

    // A buy limit is rounded down to the grid (0.01), as intake rounds a signal's.
    const answer = await patch(id, { quantity: 3, limitPrice: limit - 1 + 0.004 });
    expect(answer.statusCode, answer.body).toBe(202);

    await vi.waitFor(() => expect(s.atSimulator(id)[0]?.modifiedTimes).toBe(1), { timeout: 10_000, interval: 25 });
    const atIb = s.atSimulator(id);
    expect(atIb).toHaveLength(1);
    expect(atIb[0]).toMatchObject({ totalQuantity: 3, lmtPrice: limit - 1, status: expect.stringMatching(/Submitted/) });

    const order = await s.untilOrder(id, (o) => expect(o.steps.map((step) => step.kind)).toContain('modify_acknowledged'));
    expect(order).toMatchObject({ state: 'working', quantity: 3 });
    const requested = order.steps.find((step) => step.kind === 'modify_requested');
    expect(requested?.detail).toMatchObject({ from: { quantity: 2, limitPrice: limit, stopPrice: null }, to: { quantity: 3, limitPrice: limit - 1, stopPrice: null } });
    expect(order.steps.map((step) => step.kind).filter((k) => k.startsWith('modify_'))).toEqual(['modify_requested', 'modify_sent', 'modify_acknowledged']);
    const audit = (await s.owner.request({ url: '/api/audit?limit=200' })).json() as { events: Array<{ action: string; target: { id: string } | null }> };
    expect(audit.events.filter((e) => e.target?.id === id).map((e) => e.action)).toEqual(expect.arrayContaining(['order.modify_requested', 'order.modify_sent', 'order.modify_acknowledged']));
  });

  it('never sends a modification whose journal record could not be committed (journal first)', async () => {
    const limit = farBelowTheMarket();
    const id = await workingLimit(limit, 2);
    await refuseModifyRecords(s, true);
    try {
      const answer = await patch(id, { quantity: 4 });
      expect(answer.statusCode, answer.body).toBe(500);
    } finally {
      await refuseModifyRecords(s, false);
    }
    expect(s.atSimulator(id)).toMatchObject([{ modifiedTimes: 0, totalQuantity: 2, lmtPrice: limit }]);
    expect((await s.order(id)).quantity).toBe(2);
  });

  it('answers a modification past a risk limit with 422, the rule\'s code and every rule\'s outcome, and sends nothing', async () => {
    const limit = farBelowTheMarket();
    const id = await workingLimit(limit, 2);

    // The scenario's policy caps an order at 1000 shares.
    const answer = await patch(id, { quantity: 5000 });
    expect(answer.statusCode, answer.body).toBe(422);
    const { error } = answer.json() as ErrorBody;
    expect(error.code).toBe('RISK_DENIED');
    const risk = (error.steps ?? []).filter((step) => step.step.startsWith('risk:'));
    expect(risk.length).toBeGreaterThan(5);
    expect(risk.filter((step) => step.outcome === 'deny').map((step) => step.code)).toContain(error.denial);
    expect(error.message).toContain(error.denial);

    expect(s.atSimulator(id)).toMatchObject([{ modifiedTimes: 0, totalQuantity: 2 }]);
    const order = await s.order(id);
    expect(order.quantity).toBe(2);
    expect(order.steps.some((step) => step.kind.startsWith('modify_'))).toBe(false);
  });

  it('refuses to modify a filled order with 409, saying its state', async () => {
    const id = await s.submit({ ...MARKET_BUY, size: { qty: 1 } });
    await s.untilOrder(id, (o) => expect(o.state).toBe('filled'));

    const answer = await patch(id, { quantity: 2 });
    expect(answer.statusCode, answer.body).toBe(409);
    expect((answer.json() as ErrorBody).error.message).toContain('is filled');
    expect(s.atSimulator(id)).toMatchObject([{ modifiedTimes: 0, totalQuantity: 1 }]);
  });

  it('names the field that cannot be modified, or does not apply to the order, with 400', async () => {
    const id = await workingLimit(farBelowTheMarket(), 1);
    const unknown = await patch(id, { quantity: 2, side: 'SELL' });
    expect(unknown.statusCode, unknown.body).toBe(400);
    expect((unknown.json() as ErrorBody).error.message).toContain('side');
    const stop = await patch(id, { stopPrice: 100 });
    expect(stop.statusCode, stop.body).toBe(400);
    expect((stop.json() as ErrorBody).error).toMatchObject({ field: 'stopPrice' });
    expect(s.atSimulator(id)).toMatchObject([{ modifiedTimes: 0 }]);
  });

  it('answers 503 while IB\'s connectivity is lost: nothing recorded as sent, nothing sent when it comes back', async () => {
    const limit = farBelowTheMarket();
    const id = await workingLimit(limit, 2);
    s.gateway.connectivity(1100);
    await vi.waitFor(() => expect(s.kairox.worker?.session(s.connectionId)?.currentState).toBe('degraded'), { timeout: 10_000, interval: 25 });

    const answer = await patch(id, { limitPrice: limit - 2 });
    expect(answer.statusCode, answer.body).toBe(503);
    expect((answer.json() as ErrorBody).error.code).toBe('CONNECTION_NOT_READY');

    s.gateway.connectivity(1102);
    await vi.waitFor(() => expect(s.kairox.worker?.session(s.connectionId)?.currentState).toBe('ready'), { timeout: 10_000, interval: 25 });
    // A signal sent after the restore reaches the simulator: anything queued before it would have too.
    const after = await s.submit({ ...MARKET_BUY, size: { qty: 1 } });
    await s.untilOrder(after, (o) => expect(o.state).toBe('filled'));
    expect(s.atSimulator(id)).toMatchObject([{ modifiedTimes: 0, lmtPrice: limit }]);
    const order = await s.order(id);
    expect(order.steps.some((step) => step.kind.startsWith('modify_'))).toBe(false);
  });
});
