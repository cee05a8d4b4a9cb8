// Scenario (issue 9, follow and kill switch): execution is on for a paper connection at the
// simulator, where another API client (id 98, standing in for the user's TWS or another program)
// trades the same account. Kairox lists what IB holds and says what is its own: open orders at IB
// (every client's) and positions, each marked kairox true or false, and the journal's executions.
// The kill switch with cancelOpenOrders cancels the working Kairox orders one by one, reports each,
// and leaves the other client's order working; halting one connection does the same for its orders.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { manualClock, startGateway, type Gateway } from '@kairox/gateway-sim';
import type { Kairox } from '../../src/main.ts';
import { describeEachEngine } from '../support/engines.ts';
import { approve, expectPrepared, fillAtSimulator, intakeDriver, readyConnection, type IntakeDriver } from '../support/intake.ts';
import { setUp, startKairox, type SignedInClient } from '../support/kairox.ts';

const TUESDAY_NOON_NEW_YORK = Date.parse('2026-12-01T17:00:00Z');
const ACCOUNT = 'DU1234567';
const AAPL = 265598;
const MSFT = 272093;
/** The other API client placing "manual" orders (fillAtSimulator trades as 99): its orders are not Kairox's. */
const OTHER_CLIENT = 98;

interface IbOrder { clientId: number | null; orderId: number; orderRef: string | null; conId: number | null; status: string | null; kairox: boolean; kairoxOrderId: string | null }
interface Swept { orderId: string; connectionId: string; state: string; outcome: string; message: string }
interface Position { conId: number | null; quantity: number; kairox: boolean }
interface ConnectionPositions { connectionId: string; available: boolean; accounts: Array<{ account: string; positions: Position[]; pnl: { daily: number | null; unrealized: number | null; realized: number | null } | null }> }

describeEachEngine('kill switch, foreign orders and positions against the simulator', (engine) => {
  let gateway: Gateway;
  let kairox: Kairox;
  let owner: SignedInClient;
  let connectionId: string;
  let intake: IntakeDriver;
  let otherOrderId = 1;

  const stateOf = async (id: string): Promise<string> => ((await owner.request({ url: `/api/orders/${id}` })).json() as { order: { state: string } }).order.state;
  const untilState = (id: string, state: string) => vi.waitFor(async () => expect(await stateOf(id)).toBe(state), { timeout: 10_000, interval: 25 });
  const farBelow = () => {
    const quote = gateway.engine.quote(AAPL);
    if (!quote) throw new Error('no AAPL quote');
    return Math.floor(quote.bid * 0.8);
  };
  /** A limit far from the market, through Kairox: working at the simulator. */
  const workingKairoxLimit = async (qty: number): Promise<string> => {
    const answer = await intake.submit({ instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty }, orderType: 'LMT', limitPrice: farBelow() });
    expectPrepared(answer);
    const signal = (await owner.request({ url: `/api/signals/${answer.signal.id}` })).json() as { signal: { kairoxOrderId: string } };
    await untilState(signal.signal.kairoxOrderId, 'working');
    return signal.signal.kairoxOrderId;
  };
  /** A limit far from the market placed at the simulator by the other client. */
  const foreignLimit = (): number => {
    const orderId = otherOrderId++;
    const placed = gateway.engine.placeOrder(OTHER_CLIENT, orderId, { conId: AAPL, exchange: 'SMART' }, { action: 'BUY', totalQuantity: 3, orderType: 'LMT', lmtPrice: farBelow(), account: ACCOUNT });
    expect(placed).toMatchObject({ kind: 'accepted' });
    return orderId;
  };
  const ibOrders = async (): Promise<IbOrder[]> => {
    const response = await owner.request({ url: `/api/connections/${connectionId}/ib-orders` });
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as { orders: IbOrder[] }).orders;
  };
  const simulatorStatus = (orderRef: string) => [...gateway.engine.openOrders(), ...gateway.engine.completedOrders()].filter((o) => o.orderRef === orderRef).map((o) => o.status);
  const foreignIsWorking = (orderId: number) => gateway.engine.openOrders(OTHER_CLIENT).some((o) => o.orderId === orderId);

  beforeAll(async () => {
    gateway = await startGateway({ port: 0, accounts: [ACCOUNT], seed: 7, hours: 'always', clock: manualClock(TUESDAY_NOON_NEW_YORK) });
    kairox = await startKairox(engine, {}, { worker: true, clock: gateway.clock });
    await kairox.worker?.start();
    owner = await setUp(kairox);
    connectionId = await readyConnection(owner, { hostPort: `127.0.0.1:${gateway.port}`, clientId: 62, accountId: ACCOUNT });
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

  it('lists the account’s positions after a Kairox fill, marking the one Kairox built, and the fill among the executions', async () => {
    await fillAtSimulator(gateway, ACCOUNT, MSFT, 4);
    const answer = await intake.submit({ instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 5 } });
    expectPrepared(answer);
    const orderId = ((await owner.request({ url: `/api/signals/${answer.signal.id}` })).json() as { signal: { kairoxOrderId: string } }).signal.kairoxOrderId;
    await untilState(orderId, 'filled');

    const positions = async () => {
      const response = await owner.request({ url: `/api/positions?connectionId=${connectionId}` });
      expect(response.statusCode, response.body).toBe(200);
      return (response.json() as { connections: ConnectionPositions[] }).connections;
    };
    // The session's rows follow IB's position pushes, which may trail the execution.
    await vi.waitFor(async () => {
      const [connection] = await positions();
      expect(connection).toMatchObject({ connectionId, available: true });
      const account = connection?.accounts.find((a) => a.account === ACCOUNT);
      expect(account?.positions).toEqual(expect.arrayContaining([
        expect.objectContaining({ conId: AAPL, quantity: 5, kairox: true }),
        expect.objectContaining({ conId: MSFT, quantity: 4, kairox: false }),
      ]));
      // The account's P&L comes from the session's held reqPnL subscription.
      expect(account?.pnl).toEqual({ daily: expect.any(Number), unrealized: expect.any(Number), realized: expect.any(Number) });
    }, { timeout: 10_000, interval: 50 });
    const everyConnection = (await owner.request({ url: '/api/positions' })).json() as { connections: ConnectionPositions[] };
    expect(everyConnection.connections.map((c) => c.connectionId)).toEqual([connectionId]);

    const executions = (await owner.request({ url: `/api/executions?orderId=${orderId}` })).json() as { executions: Array<{ orderId: string; conId: number; shares: number; execId: string }> };
    expect(executions.executions.length).toBeGreaterThan(0);
    expect(executions.executions.every((e) => e.orderId === orderId && e.conId === AAPL)).toBe(true);
    expect(executions.executions.reduce((n, e) => n + e.shares, 0)).toBe(5);
    const atSimulator = gateway.engine.executions({ clientId: 62 }).map((x) => x.execution.execId);
    expect(executions.executions.map((e) => e.execId).sort()).toEqual(atSimulator.sort());
    const later = new Date(gateway.clock.now() + 3_600_000).toISOString();
    expect(((await owner.request({ url: `/api/executions?since=${later}` })).json() as { executions: unknown[] }).executions).toEqual([]);
    expect(((await owner.request({ url: `/api/executions?connectionId=con_00000000000000000000000000` })).json() as { executions: unknown[] }).executions).toEqual([]);
  });

  it('shows an order another client placed at IB as not Kairox’s, next to Kairox’s own linked to it', async () => {
    const mine = await workingKairoxLimit(2);
    const theirs = foreignLimit();
    const listed = await ibOrders();
    expect(listed).toEqual(expect.arrayContaining([
      expect.objectContaining({ orderRef: mine, kairox: true, kairoxOrderId: mine, clientId: 62, conId: AAPL }),
      expect.objectContaining({ clientId: OTHER_CLIENT, orderId: theirs, kairox: false, kairoxOrderId: null, conId: AAPL }),
    ]));
    expect(listed.filter((o) => o.kairox).map((o) => o.kairoxOrderId)).toEqual([mine]);

    // The read collects the open-order messages of the moment; Kairox's own still reach execution.
    const cancelled = await owner.request({ method: 'POST', url: `/api/orders/${mine}/cancel` });
    expect(cancelled.statusCode, cancelled.body).toBe(202);
    await untilState(mine, 'cancelled');
    gateway.engine.cancelOrder(OTHER_CLIENT, theirs);
  });

  it('cancels the working Kairox orders at IB with the kill switch, reporting each, and leaves the other client’s order working', async () => {
    const first = await workingKairoxLimit(1);
    const second = await workingKairoxLimit(2);
    const manual = foreignLimit();

    const response = await owner.request({ method: 'POST', url: '/api/kill-switch', payload: { reason: 'scenario', cancelOpenOrders: true } });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as { killSwitch: unknown; cancels: Swept[] };
    expect(body.killSwitch).not.toBeNull();
    expect(body.cancels.map((c) => [c.orderId, c.state, c.outcome]).sort()).toEqual([[first, 'working', 'requested'], [second, 'working', 'requested']].sort());
    expect(body.cancels.every((c) => c.connectionId === connectionId && c.message.length > 0)).toBe(true);

    await untilState(first, 'cancelled');
    await untilState(second, 'cancelled');
    expect(simulatorStatus(first)).toEqual(['Cancelled']);
    expect(simulatorStatus(second)).toEqual(['Cancelled']);
    expect(foreignIsWorking(manual)).toBe(true);
    expect((await ibOrders()).map((o) => [o.clientId, o.orderId, o.kairox])).toEqual([[OTHER_CLIENT, manual, false]]);

    const audit = (await owner.request({ url: '/api/audit?limit=200' })).json() as { events: Array<{ action: string; target: { id: string } | null }> };
    for (const id of [first, second]) expect(audit.events.filter((e) => e.target?.id === id).map((e) => e.action)).toEqual(expect.arrayContaining(['order.cancelling', 'order.cancelled']));

    // Again: nothing of Kairox's is open, so nothing is cancelled, and the other client's order still works.
    const again = await owner.request({ method: 'POST', url: '/api/kill-switch', payload: { cancelOpenOrders: true } });
    expect((again.json() as { cancels: Swept[] }).cancels).toEqual([]);
    expect(foreignIsWorking(manual)).toBe(true);

    const lifted = await owner.request({ method: 'DELETE', url: '/api/kill-switch' });
    expect(lifted.statusCode, lifted.body).toBe(200);
    gateway.engine.cancelOrder(OTHER_CLIENT, manual);
  });

  it('halting one connection with cancelOpenOrders cancels its working Kairox order; cancelOpenOrders without halting is refused', async () => {
    const working = await workingKairoxLimit(1);
    const refused = await owner.request({ method: 'PUT', url: `/api/connections/${connectionId}/trading-state`, payload: { state: 'reduce_only', cancelOpenOrders: true } });
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', field: 'cancelOpenOrders' } });
    expect(await stateOf(working)).toBe('working');

    const halted = await owner.request({ method: 'PUT', url: `/api/connections/${connectionId}/trading-state`, payload: { state: 'halted', cancelOpenOrders: true } });
    expect(halted.statusCode, halted.body).toBe(200);
    const body = halted.json() as { trading: { state: string }; cancels: Swept[] };
    expect(body.trading.state).toBe('halted');
    expect(body.cancels.map((c) => [c.orderId, c.outcome])).toEqual([[working, 'requested']]);
    await untilState(working, 'cancelled');
    expect(simulatorStatus(working)).toEqual(['Cancelled']);
    await intake.setTradingState('active');
  });
});
