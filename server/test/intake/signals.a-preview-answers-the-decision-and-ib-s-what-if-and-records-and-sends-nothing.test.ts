// Scenario (dashboard issue, item 7: the order ticket's preview): a trader previews a signal with
// POST /api/signals/preview before sending it. The answer is the decision the signal would get now
// (the same decide() as POST /api/signals: every step and rule with its values) and, when it would
// prepare an order, IB's what-if margin and commission for that order — here the simulator's own
// numbers. Nothing is recorded (no signal, no order, no audit entry) and nothing reaches the
// simulator as an order (its ReceivedOrder log stays empty, what-ifs stay out of it), even with
// execution on. A preview is not an order: it counts toward no rate limit, and the what-if's IB id
// never makes a later real order's id a duplicate.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { manualClock, startGateway, type Gateway } from '@kairox/gateway-sim';
import type { Kairox } from '../../src/main.ts';
import { describeEachEngine } from '../support/engines.ts';
import { logIn, setUp, startKairox, type SignedInClient } from '../support/kairox.ts';

const TUESDAY_NOON_NEW_YORK = Date.parse('2026-12-01T17:00:00Z');
const ACCOUNT = 'DU1234567';
const AAPL = 265598;
const TRADER = { email: 'tara@example.test', password: 'tara has a long password' };
const VIEWER = { email: 'vic@example.test', password: 'vic has a long password' };
/** Another API client of the simulator, to ask its engine for the same what-if directly. */
const OTHER_CLIENT_ID = 98;

interface Step { step: string; outcome: 'pass' | 'deny' | 'skip'; code?: string; message?: string; values?: Record<string, unknown> }
interface Preview {
  recorded: false;
  decision: { status: string; code?: string; message?: string; steps: Step[] };
  order: { account: string; side: string; quantity: number; orderType: string; limitPrice?: number; instrument: { conId: number } } | null;
  executionEnabled: boolean;
  whatIf: Record<string, number | string> | null;
  whatIfUnavailable: string | null;
  idempotencyKeyUsedBy: string | null;
}

const LIBERAL_POLICY = {
  maxOrderQuantity: 1000, maxOrderNotional: 1_000_000, maxPositionQuantity: 10_000, maxPositionNotional: 10_000_000,
  maxGrossExposure: 100_000_000, maxOrdersPerMinute: 1000, maxOrdersPerDay: 1000,
};

describeEachEngine('a preview answers the decision and IB\'s what-if, and records and sends nothing', (engine) => {
  let gateway: Gateway;
  let kairox: Kairox;
  let owner: SignedInClient;
  let trader: SignedInClient;
  let connectionId: string;
  let otherOrderId = 1;

  const now = () => gateway.clock.now();
  const body = (extra: Record<string, unknown>) => ({ connectionId, instrument: { symbol: 'AAPL' }, action: 'buy', signalTime: new Date(now()).toISOString(), ...extra });
  const preview = async (extra: Record<string, unknown>, client = trader): Promise<Preview> => {
    const response = await client.request({ method: 'POST', url: '/api/signals/preview', payload: body(extra) });
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as { preview: Preview }).preview;
  };
  const setPolicy = async (policy: Record<string, unknown>) => {
    const response = await owner.request({ method: 'PUT', url: `/api/connections/${connectionId}/risk`, payload: policy });
    expect(response.statusCode, response.body).toBe(200);
  };
  const recorded = async () => {
    const signals = (await owner.request({ url: `/api/signals?connectionId=${connectionId}` })).json() as { signals: unknown[] };
    const orders = (await owner.request({ url: '/api/orders' })).json() as { orders: unknown[] };
    const audit = (await owner.request({ url: '/api/audit?limit=200' })).json() as { events: Array<{ action: string }> };
    return {
      signals: signals.signals.length, orders: orders.orders.length,
      signalOrOrderEvents: audit.events.filter((e) => e.action.startsWith('signal.') || e.action.startsWith('order.')).length,
    };
  };
  /** The simulator's own what-if for the same order, asked of its engine by another client id. */
  const simulatorWhatIf = (quantity: number, limitPrice: number) => {
    const outcome = gateway.engine.placeOrder(OTHER_CLIENT_ID, otherOrderId++, { conId: AAPL, exchange: 'SMART' }, {
      action: 'BUY', totalQuantity: quantity, orderType: 'LMT', lmtPrice: limitPrice, account: ACCOUNT, whatIf: true,
    });
    if (outcome.kind !== 'whatIf') throw new Error(`the simulator answered ${JSON.stringify(outcome)}`);
    return outcome.result;
  };

  beforeAll(async () => {
    gateway = await startGateway({ port: 0, accounts: [ACCOUNT], seed: 7, clock: manualClock(TUESDAY_NOON_NEW_YORK) });
    kairox = await startKairox(engine, {}, { worker: true, clock: gateway.clock });
    await kairox.worker?.start();
    owner = await setUp(kairox);
    const created = await owner.request({ method: 'POST', url: '/api/connections', payload: { hostPort: `127.0.0.1:${gateway.port}`, clientId: 61, accountId: ACCOUNT } });
    expect(created.statusCode, created.body).toBe(201);
    connectionId = (created.json() as { connection: { id: string } }).connection.id;
    await vi.waitFor(async () => {
      const response = await owner.request({ url: `/api/connections/${connectionId}` });
      expect((response.json() as { connection: { status: { state?: string } | null } }).connection.status?.state).toBe('ready');
    }, { timeout: 10_000, interval: 50 });
    const approved = await owner.request({ method: 'POST', url: '/api/instruments', payload: { connectionId, conId: AAPL } });
    expect(approved.statusCode, approved.body).toBe(201);
    await setPolicy(LIBERAL_POLICY);
    for (const [who, role] of [[TRADER, 'trader'], [VIEWER, 'viewer']] as const) {
      const added = await owner.request({ method: 'POST', url: '/api/members', payload: { ...who, role } });
      expect(added.statusCode, added.body).toBe(201);
    }
    trader = await logIn(kairox, TRADER.email, TRADER.password);
  });
  afterAll(async () => {
    await kairox?.close();
    await gateway?.close();
  });

  it('answers the decision it would prepare and the simulator\'s what-if margin and commission, recording and placing nothing', async () => {
    const limit = Math.floor(gateway.engine.quote(AAPL)?.bid ?? 100) - 1;
    const answer = await preview({ size: { qty: 10 }, orderType: 'LMT', limitPrice: limit, idempotencyKey: 'ticket-1' });
    expect(answer.recorded).toBe(false);
    expect(answer.decision.status, JSON.stringify(answer.decision)).toBe('prepared');
    expect(answer.decision.steps.map((s) => s.step)).toEqual(expect.arrayContaining(['connection', 'account', 'instrument', 'sizing', 'risk:max_order_quantity', 'risk:max_order_notional']));
    expect(answer.decision.steps.find((s) => s.step === 'risk:max_order_quantity')?.values).toMatchObject({ limit: 1000 });
    expect(answer.order).toMatchObject({ account: ACCOUNT, side: 'BUY', quantity: 10, orderType: 'LMT', limitPrice: limit, instrument: { conId: AAPL } });
    expect(answer.order).not.toHaveProperty('kairoxOrderId');
    expect(answer).toMatchObject({ executionEnabled: false, whatIfUnavailable: null, idempotencyKeyUsedBy: null });

    const expected = simulatorWhatIf(10, limit);
    expect(answer.whatIf).toMatchObject({
      initMarginBefore: expect.closeTo(expected.initMarginBefore, 2), maintMarginBefore: expect.closeTo(expected.maintMarginBefore, 2),
      equityWithLoanBefore: expect.closeTo(expected.equityWithLoanBefore, 2),
      initMarginChange: expect.closeTo(expected.initMarginChange, 2), maintMarginChange: expect.closeTo(expected.maintMarginChange, 2),
      initMarginAfter: expect.closeTo(expected.initMarginAfter, 2), maintMarginAfter: expect.closeTo(expected.maintMarginAfter, 2),
      equityWithLoanAfter: expect.closeTo(expected.equityWithLoanAfter, 2),
      commission: expect.closeTo(expected.commission, 2), minCommission: expect.closeTo(expected.minCommission, 2), maxCommission: expect.closeTo(expected.maxCommission, 2),
      commissionCurrency: 'USD',
    });
    expect(answer.whatIf?.initMarginChange).toBeGreaterThan(0);

    expect(await recorded()).toEqual({ signals: 0, orders: 0, signalOrOrderEvents: 0 });
    expect(gateway.orders()).toEqual([]);
  });

  it('with execution on still places nothing, and the next real signal goes to IB once under an id above the what-if\'s', async () => {
    const on = await owner.request({ method: 'PUT', url: `/api/connections/${connectionId}/execution`, payload: { enabled: true } });
    expect(on.statusCode, on.body).toBe(200);
    const answer = await preview({ size: { qty: 2 }, note: 'with execution on' });
    expect(answer).toMatchObject({ executionEnabled: true, decision: { status: 'prepared' }, whatIfUnavailable: null });
    expect(answer.whatIf?.commission).toBeGreaterThan(0);
    expect(gateway.orders()).toEqual([]);
    expect((await recorded()).signals).toBe(0);

    const sent = await trader.request({ method: 'POST', url: '/api/signals', payload: body({ size: { qty: 2 }, note: 'with execution on', idempotencyKey: 'ticket-2' }) });
    expect(sent.statusCode, sent.body).toBe(202);
    await vi.waitFor(() => expect(gateway.orders()).toHaveLength(1), { timeout: 10_000, interval: 25 });
    await vi.waitFor(async () => {
      const orders = (await owner.request({ url: '/api/orders' })).json() as { orders: Array<{ state: string }> };
      expect(orders.orders.map((o) => o.state)).toEqual(['filled']);
    }, { timeout: 10_000, interval: 50 });

    const again = await preview({ size: { qty: 2 }, note: 'with execution on', idempotencyKey: 'ticket-2' });
    expect(again.idempotencyKeyUsedBy).toBe((sent.json() as { signal: { id: string } }).signal.id);
    const off = await owner.request({ method: 'PUT', url: `/api/connections/${connectionId}/execution`, payload: { enabled: false } });
    expect(off.statusCode, off.body).toBe(200);
  });

  it('answers a denial with its rule and no what-if', async () => {
    await setPolicy({ ...LIBERAL_POLICY, maxOrderQuantity: 5 });
    const answer = await preview({ size: { qty: 50 } });
    expect(answer.decision).toMatchObject({ status: 'denied', code: 'max_order_quantity' });
    expect(answer.decision.steps.find((s) => s.step === 'risk:max_order_quantity')).toMatchObject({ outcome: 'deny', values: { limit: 5, actual: 50, unit: 'units' } });
    expect(answer).toMatchObject({ order: null, whatIf: null, whatIfUnavailable: null });
    await setPolicy(LIBERAL_POLICY);
  });

  it('counts toward no rate limit: previews past maxOrdersPerMinute leave the next signal prepared', async () => {
    const before = (await recorded()).signals;
    await setPolicy({ ...LIBERAL_POLICY, maxOrdersPerMinute: before + 1 });
    for (let n = 0; n < 3; n += 1) expect((await preview({ size: { qty: 1 }, note: `rate ${n}` })).decision.status).toBe('prepared');
    const sent = await trader.request({ method: 'POST', url: '/api/signals', payload: body({ size: { qty: 1 }, note: 'rate 0' }) });
    expect(sent.statusCode, sent.body).toBe(202);
    expect((sent.json() as { signal: { status: string } }).signal.status).toBe('prepared');
    await setPolicy(LIBERAL_POLICY);
  });

  it('answers the decision alone, saying why, when IB refuses the what-if or does not answer it in time', async () => {
    gateway.setReadOnly(true);
    try {
      const refused = await preview({ size: { qty: 1 }, note: 'read-only' });
      expect(refused).toMatchObject({ decision: { status: 'prepared' }, whatIf: null, whatIfUnavailable: expect.stringMatching(/^IB what-if unavailable: .*Read-Only/) });
    } finally {
      gateway.setReadOnly(false);
    }
    gateway.pause();
    try {
      const silent = await preview({ size: { qty: 1 }, note: 'paused' });
      expect(silent).toMatchObject({ decision: { status: 'prepared' }, whatIf: null, whatIfUnavailable: expect.stringMatching(/^IB what-if unavailable: /) });
    } finally {
      gateway.resume();
    }
    expect(gateway.orders()).toHaveLength(1);
  });

  it('answers a bad body with the same 400 as POST /api/signals, and refuses a viewer', async () => {
    const bad = body({ size: { qty: 1 }, orderType: 'LMT', limitPrice: -3 });
    const previewed = await trader.request({ method: 'POST', url: '/api/signals/preview', payload: bad });
    const submitted = await trader.request({ method: 'POST', url: '/api/signals', payload: bad });
    expect(previewed.statusCode).toBe(400);
    expect(submitted.statusCode).toBe(400);
    const strip = (text: string) => { const { requestId: _r, ...rest } = (JSON.parse(text) as { error: Record<string, unknown> }).error; return rest; };
    expect(strip(previewed.body)).toEqual(strip(submitted.body));

    const viewer = await logIn(kairox, VIEWER.email, VIEWER.password);
    const refused = await viewer.request({ method: 'POST', url: '/api/signals/preview', payload: body({ size: { qty: 1 } }) });
    expect(refused.statusCode).toBe(403);
  });
});
