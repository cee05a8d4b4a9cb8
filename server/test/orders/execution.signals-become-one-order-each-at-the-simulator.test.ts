// Scenario (issue 9, execution): execution is on for a paper connection. A market signal becomes
// exactly one order at the simulator (its orderRef is the Kairox order id), fills, and is followed:
// the fill with its commission, the signal routed, every step and audit entry. A limit far from the
// market works until a trader cancels it; an order IB rejects (201) ends rejected with IB's text.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { manualClock, startGateway, type Gateway } from '@kairox/gateway-sim';
import type { Kairox } from '../../src/main.ts';
import { describeEachEngine } from '../support/engines.ts';
import { approve, expectPrepared, intakeDriver, readyConnection, type IntakeDriver } from '../support/intake.ts';
import { setUp, startKairox, type SignedInClient } from '../support/kairox.ts';

const TUESDAY_NOON_NEW_YORK = Date.parse('2026-12-01T17:00:00Z');
const ACCOUNT = 'DU1234567';
const AAPL = 265598;

interface Order {
  id: string; state: string; quantity: number; filledQuantity: number; avgFillPrice: number | null; commission: number | null;
  ib: { orderId: number | null; permId: number | null; status: string | null };
  lastError: { code: number; message: string } | null;
  fills: Array<{ execId: string; shares: number; price: number; commission: number | null }>;
  steps: Array<{ kind: string; event: string | null; from: string | null; to: string | null }>;
}

describeEachEngine('execution against the simulator', (engine) => {
  let gateway: Gateway;
  let kairox: Kairox;
  let owner: SignedInClient;
  let connectionId: string;
  let intake: IntakeDriver;

  const order = async (id: string): Promise<Order> => {
    const response = await owner.request({ url: `/api/orders/${id}` });
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as { order: Order }).order;
  };
  const untilOrder = (id: string, check: (o: Order) => void) => vi.waitFor(async () => check(await order(id)), { timeout: 10_000, interval: 25 });
  /** Every order the simulator holds or held with this orderRef. */
  const atSimulator = (orderRef: string) => [...gateway.engine.openOrders(), ...gateway.engine.completedOrders()].filter((o) => o.orderRef === orderRef);
  const orderIdOf = async (body: Record<string, unknown>): Promise<string> => {
    const answer = await intake.submit(body);
    expectPrepared(answer);
    expect(answer.signal.decision.message).toContain('handed to execution');
    const signal = (await owner.request({ url: `/api/signals/${answer.signal.id}` })).json() as { signal: { kairoxOrderId: string } };
    return signal.signal.kairoxOrderId;
  };

  beforeAll(async () => {
    gateway = await startGateway({ port: 0, accounts: [ACCOUNT], seed: 7, clock: manualClock(TUESDAY_NOON_NEW_YORK) });
    kairox = await startKairox(engine, {}, { worker: true, clock: gateway.clock });
    await kairox.worker?.start();
    owner = await setUp(kairox);
    connectionId = await readyConnection(owner, { hostPort: `127.0.0.1:${gateway.port}`, clientId: 61, accountId: ACCOUNT });
    await approve(owner, connectionId, AAPL);
    intake = intakeDriver(owner, connectionId, () => gateway.clock.now());
    await intake.setPolicy({ maxOrderQuantity: 1000, maxOrderNotional: 1_000_000, maxPositionQuantity: 10_000, maxPositionNotional: 10_000_000, maxGrossExposure: 100_000_000, maxOrdersPerMinute: 1000, maxOrdersPerDay: 1000, priceCollarPercent: 50 });
    const enabled = await owner.request({ method: 'PUT', url: `/api/connections/${connectionId}/execution`, payload: { enabled: true } });
    expect(enabled.statusCode, enabled.body).toBe(200);
  });
  afterAll(async () => {
    await kairox?.close();
    await gateway?.close();
  });

  it('sends a market signal as one order that fills, with its commission, and marks the signal routed', async () => {
    const id = await orderIdOf({ instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 5 } });
    await untilOrder(id, (o) => {
      expect(o.state).toBe('filled');
      expect(o.commission).not.toBeNull();
    });
    const filled = await order(id);
    expect(filled).toMatchObject({ quantity: 5, filledQuantity: 5 });
    expect(filled.fills.reduce((n, f) => n + f.shares, 0)).toBe(5);
    expect(filled.fills.every((f) => f.commission !== null)).toBe(true);
    expect(filled.ib.orderId).toBeGreaterThan(0);
    expect(filled.ib.permId).toBeGreaterThan(0);
    expect(filled.steps.filter((s) => s.kind === 'transition').map((s) => s.to)).toEqual(expect.arrayContaining(['accepted', 'journaled', 'sent', 'filled']));
    expect(atSimulator(id)).toHaveLength(1);

    const signal = (await owner.request({ url: `/api/orders?signalId=${(await owner.request({ url: `/api/orders/${id}` })).json<{ order: { signalId: string } }>().order.signalId}` })).json() as { orders: Array<{ id: string }> };
    expect(signal.orders.map((o) => o.id)).toEqual([id]);
    const audit = (await owner.request({ url: '/api/audit?limit=200' })).json() as { events: Array<{ action: string; target: { id: string } | null }> };
    expect(audit.events.filter((e) => e.target?.id === id).map((e) => e.action)).toEqual(expect.arrayContaining(['order.journaled', 'order.sent', 'order.filled']));
  });

  it('keeps a limit far from the market working until a trader cancels it', async () => {
    const quote = gateway.engine.quote(AAPL);
    if (!quote) throw new Error('no AAPL quote');
    const limit = Math.floor(quote.bid * 0.8);
    const id = await orderIdOf({ instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 2 }, orderType: 'LMT', limitPrice: limit });
    await untilOrder(id, (o) => expect(o.state).toBe('working'));
    const cancelled = await owner.request({ method: 'POST', url: `/api/orders/${id}/cancel` });
    expect(cancelled.statusCode, cancelled.body).toBe(202);
    await untilOrder(id, (o) => expect(o.state).toBe('cancelled'));
    expect(atSimulator(id)).toHaveLength(1);
    const again = await owner.request({ method: 'POST', url: `/api/orders/${id}/cancel` });
    expect(again.statusCode).toBe(409);
  });

  it('ends an order IB rejects as rejected, with IB\'s code and text verbatim', async () => {
    gateway.rejectNextOrder(201, 'Order rejected - reason:The account is not permitted to trade this product.');
    const id = await orderIdOf({ instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 1 } });
    await untilOrder(id, (o) => expect(o.state).toBe('rejected'));
    expect((await order(id)).lastError).toEqual({ code: 201, message: 'Order rejected - reason:The account is not permitted to trade this product.' });
  });
});
