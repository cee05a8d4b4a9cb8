// Scenario (issue 8, intake): a trader sends signals over POST /api/signals. Kairox runs its broker
// worker against the simulator, whose clock is pinned to a Tuesday noon in New York (Kairox reads the
// same clock, so trading hours, stale signals and the day's counts read the same any day). AAPL is
// approved; every signal is recorded and decided before the 202: prepared with its order intent, or
// denied with the first code and every step. The values sizing used are the simulator's own: the
// account's net liquidation and AAPL's quote.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { manualClock, startGateway, type Gateway } from '@kairox/gateway-sim';
import type { Kairox } from '../../src/main.ts';
import { describeEachEngine } from '../support/engines.ts';
import { logIn, setUp, startKairox, type SignedInClient } from '../support/kairox.ts';

const TUESDAY_NOON_NEW_YORK = Date.parse('2026-12-01T17:00:00Z');
const ACCOUNT = 'DU1234567';
const AAPL = 265598;
const SHOP_TSX = 195014098;
const VIEWER = { email: 'vic@example.test', password: 'vic has a long password' };

interface Step { step: string; outcome: 'pass' | 'deny' | 'skip'; code?: string; message?: string; values?: Record<string, unknown> }
interface Decision { status: string; code?: string; message?: string; steps: Step[] }
interface Answer { signal: { id: string; status: string; decision: Decision }; repeated: boolean }
interface Intent { kind: string; kairoxOrderId: string; signalId: string; account: string; side: string; quantity: number; limitPrice?: number; expiresAt: number; reduceOnly: boolean; instrument: { conId: number } }
interface SignalView { id: string; status: string; decision: Decision; intent: Intent | null; payload: unknown; signal: Record<string, unknown>; kairoxOrderId: string | null }
interface AuditEvent { action: string; target: { type: string; id: string } | null; data: Record<string, unknown> }

const LIBERAL_POLICY = {
  maxOrderQuantity: 1000, maxOrderNotional: 1_000_000, maxPositionQuantity: 10_000, maxPositionNotional: 10_000_000,
  maxGrossExposure: 100_000_000, maxOrdersPerMinute: 1000, maxOrdersPerDay: 1000,
};

describeEachEngine('signals decided over HTTP against the simulator', (engine) => {
  let gateway: Gateway;
  let kairox: Kairox;
  let owner: SignedInClient;
  let connectionId: string;
  let sent = 0;

  const now = () => gateway.clock.now();
  /** Each signal its own time, so none is a duplicate of another (the fingerprint leaves the key out). */
  const nextTime = () => new Date(now() - 1000 * ++sent).toISOString();
  const step = (decision: Decision, name: string) => decision.steps.find((s) => s.step === name);

  const post = (body: Record<string, unknown>, client = owner, headers: Record<string, string> = {}) =>
    client.request({ method: 'POST', url: '/api/signals', payload: { connectionId, signalTime: nextTime(), ...body }, headers });
  const submit = async (body: Record<string, unknown>): Promise<Answer> => {
    const response = await post(body);
    expect(response.statusCode, response.body).toBe(202);
    return response.json() as Answer;
  };
  const read = async (id: string): Promise<SignalView> => {
    const response = await owner.request({ url: `/api/signals/${id}` });
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as { signal: SignalView }).signal;
  };
  const setPolicy = async (policy: Record<string, unknown>) => {
    const response = await owner.request({ method: 'PUT', url: `/api/connections/${connectionId}/risk`, payload: policy });
    expect(response.statusCode, response.body).toBe(200);
  };
  const waitReady = (id: string) => vi.waitFor(async () => {
    const response = await owner.request({ url: `/api/connections/${id}` });
    expect((response.json() as { connection: { status: { state?: string } | null } }).connection.status?.state).toBe('ready');
  }, { timeout: 10_000, interval: 50 });
  /** The simulator's AAPL quote as sizing reads it: the last trade when fresh and inside the book, else the mid. */
  const aaplReference = () => {
    const q = gateway.engine.quote(AAPL);
    if (!q) throw new Error('the simulator has no AAPL quote');
    const fresh = q.last !== undefined && now() - q.lastTimestamp * 1000 <= 60_000 && q.last >= q.bid && q.last <= q.ask;
    return fresh && q.last !== undefined ? q.last : (q.bid + q.ask) / 2;
  };
  const floorTo = (value: number, step: number) => Number((Math.floor(value / step + 1e-9) * step).toFixed(4));

  beforeAll(async () => {
    gateway = await startGateway({ port: 0, accounts: [ACCOUNT], seed: 7, clock: manualClock(TUESDAY_NOON_NEW_YORK) });
    kairox = await startKairox(engine, {}, { worker: true, clock: gateway.clock });
    await kairox.worker?.start();
    owner = await setUp(kairox);
    const created = await owner.request({ method: 'POST', url: '/api/connections', payload: { hostPort: `127.0.0.1:${gateway.port}`, clientId: 51, accountId: ACCOUNT } });
    expect(created.statusCode, created.body).toBe(201);
    connectionId = (created.json() as { connection: { id: string } }).connection.id;
    await waitReady(connectionId);
    const approved = await owner.request({ method: 'POST', url: '/api/instruments', payload: { connectionId, conId: AAPL } });
    expect(approved.statusCode, approved.body).toBe(201);
    await setPolicy(LIBERAL_POLICY);
  });
  afterAll(async () => {
    await kairox?.close();
    await gateway?.close();
  });

  it('prepares an approved AAPL qty signal with its order intent, not sent while execution is off', async () => {
    const answer = await submit({ instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 10 }, ttlSeconds: 120, strategy: 'breakout' });
    expect(answer.repeated).toBe(false);
    expect(answer.signal).toMatchObject({ id: expect.stringMatching(/^sig_[0-9a-z]{26}$/), status: 'prepared', decision: { status: 'prepared', message: 'Prepared, not sent (execution is off for this connection).' } });
    expect(answer.signal.decision.steps.filter((s) => s.outcome === 'deny')).toEqual([]);
    expect(answer.signal.decision.steps.map((s) => s.step)).toEqual(expect.arrayContaining(['connection', 'account', 'instrument', 'reference_price', 'sizing', 'risk:max_order_quantity', 'risk:trading_hours']));

    const view = await read(answer.signal.id);
    expect(view.intent).toMatchObject({
      kind: 'order', kairoxOrderId: expect.stringMatching(/^kxo_/), signalId: answer.signal.id, connectionId, account: ACCOUNT,
      instrument: { conId: AAPL, symbol: 'AAPL', secType: 'STK', multiplier: 1, minTick: 0.01 }, side: 'BUY', quantity: 10, orderType: 'MKT', tif: 'DAY',
      reduceOnly: false, strategy: 'breakout',
      expiresAt: Date.parse(view.signal.signalTime as string) + 120_000,
    });
    expect(view.kairoxOrderId).toBe(view.intent?.kairoxOrderId);
    expect(view.payload).toMatchObject({ instrument: { symbol: 'AAPL' }, size: { qty: 10 } });
    expect(view.payload).not.toHaveProperty('tif');
  });

  it('denies an instrument that is not approved: instrument_not_qualified, saying how to approve it', async () => {
    const answer = await submit({ instrument: { symbol: 'MSFT' }, action: 'buy', size: { qty: 1 } });
    expect(answer.signal.status).toBe('denied');
    expect(answer.signal.decision).toMatchObject({ code: 'instrument_not_qualified', message: expect.stringContaining(`POST /api/connections/${connectionId}/instruments/search`) });
    expect(step(answer.signal.decision, 'instrument')?.outcome).toBe('deny');
  });

  it('sizes each spec from the account\'s net liquidation and the quote, rounded down to the size increment', async () => {
    const reference = aaplReference();
    const netLiquidation = gateway.engine.accountValues(ACCOUNT)?.NetLiquidation ?? Number.NaN;
    const cases: Array<{ size: Record<string, number>; expected: number }> = [
      { size: { qty: 3.00007 }, expected: 3 },
      { size: { notional: 5000 }, expected: floorTo(5000 / reference, 0.0001) },
      { size: { percentOfEquity: 1 }, expected: floorTo((0.01 * netLiquidation) / reference, 0.0001) },
      { size: { riskAmount: 200, stopPrice: Math.round((reference - 5) * 100) / 100 }, expected: floorTo(200 / Math.abs(reference - Math.round((reference - 5) * 100) / 100), 0.0001) },
    ];
    for (const { size, expected } of cases) {
      const answer = await submit({ instrument: { conId: AAPL }, action: 'buy', size });
      expect(answer.signal.status, JSON.stringify(answer.signal.decision)).toBe('prepared');
      const sizing = step(answer.signal.decision, 'sizing');
      expect(sizing?.values).toMatchObject({ referencePrice: reference, sizeIncrement: 0.0001, quantity: expected });
      expect((await read(answer.signal.id)).intent?.quantity).toBe(expected);
    }
  });

  it('denies a size that rounds down to nothing: size_rounds_to_zero', async () => {
    const answer = await submit({ instrument: { symbol: 'AAPL' }, action: 'buy', size: { notional: 0.01 } });
    expect(answer.signal.decision).toMatchObject({ status: 'denied', code: 'size_rounds_to_zero', message: expect.stringContaining('send a larger size') });
  });

  it('rounds a limit price to the grid toward the passive side and records the original', async () => {
    const limit = Math.floor(aaplReference()) + 0.017;
    const buy = await submit({ instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 1 }, orderType: 'LMT', limitPrice: limit });
    expect(buy.signal.status, JSON.stringify(buy.signal.decision)).toBe('prepared');
    const down = Math.round((limit - 0.007) * 100) / 100;
    expect(step(buy.signal.decision, 'prices')?.values).toMatchObject({ limitPrice: { asked: limit, rounded: down, toward: 'down' } });
    expect((await read(buy.signal.id)).intent?.limitPrice).toBe(down);

    const sell = await submit({ instrument: { symbol: 'AAPL' }, action: 'sell', size: { qty: 1 }, orderType: 'LMT', limitPrice: limit });
    expect(step(sell.signal.decision, 'prices')?.values).toMatchObject({ limitPrice: { asked: limit, rounded: Math.round((down + 0.01) * 100) / 100, toward: 'up' } });
  });

  it('prepares at the max order quantity and denies one past it through the whole path', async () => {
    await setPolicy({ ...LIBERAL_POLICY, maxOrderQuantity: 10 });
    try {
      const at = await submit({ instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 10 } });
      expect(at.signal.status, JSON.stringify(at.signal.decision)).toBe('prepared');
      const past = await submit({ instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 11 } });
      expect(past.signal.decision).toMatchObject({ status: 'denied', code: 'max_order_quantity' });
      expect(step(past.signal.decision, 'risk:max_order_quantity')).toMatchObject({ outcome: 'deny', values: { limit: 10, actual: 11 } });
      expect((await read(past.signal.id)).intent).toBeNull();
    } finally {
      await setPolicy(LIBERAL_POLICY);
    }
  });

  it('denies a signal whose time plus time-to-live has passed: stale_signal', async () => {
    const answer = await submit({ instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 1 }, signalTime: new Date(now() - 61_000).toISOString(), ttlSeconds: 60 });
    expect(answer.signal.decision).toMatchObject({ status: 'denied', code: 'stale_signal' });
  });

  it('answers a repeated idempotency key with the first result and creates nothing; another body with it is a 422', async () => {
    const body = { instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 2 }, signalTime: nextTime() };
    const first = await post({ ...body, idempotencyKey: 'tv-123' });
    expect(first.statusCode, first.body).toBe(202);
    const again = await post(body, owner, { 'idempotency-key': 'tv-123' });
    expect(again.statusCode, again.body).toBe(202);
    const firstAnswer = first.json() as Answer;
    expect(again.json()).toEqual({ ...firstAnswer, repeated: true });
    const listed = (await owner.request({ url: `/api/signals?connectionId=${connectionId}&limit=200` })).json() as { signals: SignalView[] };
    expect(listed.signals.filter((s) => s.id === firstAnswer.signal.id)).toHaveLength(1);
    expect(listed.signals.filter((s) => (s.signal.idempotencyKey as string | undefined) === 'tv-123')).toHaveLength(1);

    const other = await post({ ...body, size: { qty: 3 }, idempotencyKey: 'tv-123' });
    expect(other.statusCode, other.body).toBe(422);
    expect(other.json()).toMatchObject({ error: { code: 'IDEMPOTENCY_KEY_REUSED', signalId: firstAnswer.signal.id, differs: ['size'], message: expect.stringContaining('it differs in size') } });

    const mismatch = await post({ ...body, idempotencyKey: 'tv-124' }, owner, { 'idempotency-key': 'tv-125' });
    expect(mismatch.statusCode, mismatch.body).toBe(400);
  });

  it('denies close without a position (no_position), and closes a held position with its side and quantity', async () => {
    const none = await submit({ instrument: { symbol: 'AAPL' }, action: 'close' });
    expect(none.signal.decision).toMatchObject({ status: 'denied', code: 'no_position' });

    const placed = gateway.engine.placeOrder(99, 1, { conId: AAPL, exchange: 'SMART' }, { action: 'BUY', totalQuantity: 7, orderType: 'MKT', account: ACCOUNT });
    expect(placed).toMatchObject({ kind: 'accepted' });
    await vi.waitFor(() => expect(gateway.engine.positions(ACCOUNT).find((p) => p.instrument.conId === AAPL)?.position).toBe(7), { timeout: 5000, interval: 20 });
    // The session holds the account's positions from IB's pushes: the row may still be on the wire.
    await vi.waitFor(async () => expect((await kairox.worker?.session(connectionId)?.positions(ACCOUNT))?.find((p) => p.contract.conId === AAPL)?.position).toBe(7), { timeout: 5000, interval: 20 });
    const closed = await submit({ instrument: { symbol: 'AAPL' }, action: 'close' });
    expect(closed.signal.status, JSON.stringify(closed.signal.decision)).toBe('prepared');
    expect((await read(closed.signal.id)).intent).toMatchObject({ side: 'SELL', quantity: 7, reduceOnly: true });
  });

  it('denies cancel while Kairox has no working orders in the instrument: nothing_to_cancel', async () => {
    const answer = await submit({ instrument: { symbol: 'AAPL' }, action: 'cancel' });
    expect(answer.signal.decision).toMatchObject({ status: 'denied', code: 'nothing_to_cancel' });
  });

  it('denies no_reference_price when the login has only delayed data for the instrument, unless the policy allows delayed data', async () => {
    // SHOP on TSX: this login has delayed data only (IB's 10167).
    const approved = await owner.request({ method: 'POST', url: '/api/instruments', payload: { connectionId, conId: SHOP_TSX } });
    expect(approved.statusCode, approved.body).toBe(201);
    const live = await submit({ instrument: { conId: SHOP_TSX }, action: 'buy', size: { qty: 1 } });
    expect(live.signal.decision).toMatchObject({ status: 'denied', code: 'no_reference_price', message: expect.stringContaining('allowDelayedData') });

    await setPolicy({ ...LIBERAL_POLICY, allowDelayedData: true });
    try {
      const delayed = await submit({ instrument: { conId: SHOP_TSX }, action: 'buy', size: { qty: 1 } });
      expect(step(delayed.signal.decision, 'reference_price')).toMatchObject({ outcome: 'pass', values: { delayed: true, allowDelayedData: true, price: expect.any(Number) } });
    } finally {
      await setPolicy(LIBERAL_POLICY);
    }
  });

  it('denies trading_halted while the workspace kill switch is on, and prepares again once it is lifted', async () => {
    const engaged = await owner.request({ method: 'POST', url: '/api/kill-switch', payload: { reason: 'scenario' } });
    expect(engaged.statusCode, engaged.body).toBeLessThan(300);
    try {
      const halted = await submit({ instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 1 } });
      expect(halted.signal.decision).toMatchObject({ status: 'denied', code: 'trading_halted' });
    } finally {
      const lifted = await owner.request({ method: 'DELETE', url: '/api/kill-switch' });
      expect(lifted.statusCode, lifted.body).toBeLessThan(300);
    }
    expect((await submit({ instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 1 } })).signal.status).toBe('prepared');
  });

  it('records a denial naming the state when the connection is not ready, and connection_disabled when disabled', async () => {
    const unreachable = await owner.request({ method: 'POST', url: '/api/connections', payload: { hostPort: '127.0.0.1:9', clientId: 52 } });
    expect(unreachable.statusCode, unreachable.body).toBe(201);
    const unreachableId = (unreachable.json() as { connection: { id: string } }).connection.id;
    const denied = await post({ connectionId: unreachableId, instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 1 } });
    expect(denied.statusCode, denied.body).toBe(202);
    const decision = (denied.json() as Answer).signal.decision;
    expect(decision).toMatchObject({ status: 'denied', code: 'connection_not_ready' });
    expect(decision.message).toMatch(/not running|not ready/);

    const disabled = await owner.request({ method: 'POST', url: '/api/connections', payload: { hostPort: `127.0.0.1:${gateway.port}`, clientId: 53, enabled: false } });
    const disabledId = (disabled.json() as { connection: { id: string } }).connection.id;
    const off = await post({ connectionId: disabledId, instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 1 } });
    expect((off.json() as Answer).signal.decision).toMatchObject({ status: 'denied', code: 'connection_disabled' });
  });

  it('lets a viewer read signals but not send one', async () => {
    const added = await owner.request({ method: 'POST', url: '/api/members', payload: { ...VIEWER, role: 'viewer' } });
    expect(added.statusCode, added.body).toBe(201);
    const viewer = await logIn(kairox, VIEWER.email, VIEWER.password);
    const refused = await post({ instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 1 } }, viewer);
    expect(refused.statusCode).toBe(403);
    const listed = await viewer.request({ url: '/api/signals?status=prepared&limit=2' });
    expect(listed.statusCode, listed.body).toBe(200);
    const page = listed.json() as { signals: SignalView[]; nextBefore: string | null };
    expect(page.signals).toHaveLength(2);
    expect(page.signals.every((s) => s.status === 'prepared')).toBe(true);
    const next = (await viewer.request({ url: `/api/signals?status=prepared&limit=2&before=${page.nextBefore ?? ''}` })).json() as { signals: SignalView[] };
    expect(next.signals.map((s) => s.id)).not.toContain(page.signals[0]?.id);
  });

  it('audits received, resolved, sized, every rule and prepared on the hash chain, which verifies', async () => {
    const answer = await submit({ instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 4 } });
    const events = ((await owner.request({ url: '/api/audit?limit=200' })).json() as { events: AuditEvent[] }).events
      .filter((e) => e.target?.type === 'signal' && e.target.id === answer.signal.id);
    expect(events.map((e) => e.action).reverse()).toEqual(['signal.received', 'signal.instrument_resolved', 'signal.sized', 'signal.risk_evaluated', 'signal.prepared']);
    expect(events.find((e) => e.action === 'signal.received')?.data).toMatchObject({ connectionId, source: 'api', payload: { size: { qty: 4 } } });
    const rules = events.find((e) => e.action === 'signal.risk_evaluated')?.data.rules as Array<{ rule: string; outcome: string }>;
    expect(rules.map((r) => r.rule)).toContain('max_order_notional');
    const verdict = await owner.request({ url: '/api/audit/verify' });
    expect(verdict.json()).toMatchObject({ ok: true });
  });

  it('filters the audit trail by signal, by connection and by time', async () => {
    const answer = await submit({ instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 5 } });
    const audit = async (query: string) => {
      const response = await owner.request({ url: `/api/audit?limit=200&${query}` });
      expect(response.statusCode, response.body).toBe(200);
      return (response.json() as { events: AuditEvent[] }).events;
    };
    const ofSignal = await audit(`signalId=${answer.signal.id}`);
    expect(ofSignal.map((e) => e.action).reverse()).toEqual(['signal.received', 'signal.instrument_resolved', 'signal.sized', 'signal.risk_evaluated', 'signal.prepared']);

    const ofConnection = await audit(`connectionId=${connectionId}`);
    expect(ofConnection.map((e) => e.action)).toEqual(expect.arrayContaining(['connection.created', 'instrument.approved', 'signal.prepared']));
    expect(ofConnection.every((e) => (e.target?.type === 'connection' && e.target.id === connectionId) || e.data.connectionId === connectionId)).toBe(true);
    expect(ofConnection.some((e) => e.action === 'auth.login_succeeded' || e.action === 'setup.completed')).toBe(false);

    const at = Date.parse((ofSignal[0] as unknown as { occurredAt: string }).occurredAt);
    expect((await audit(`since=${new Date(at + 1).toISOString()}`)).filter((e) => e.target?.id === answer.signal.id)).toEqual([]);
    expect((await audit(`since=${new Date(at).toISOString()}&until=${new Date(at + 1).toISOString()}&signalId=${answer.signal.id}`))).toHaveLength(5);
    expect((await owner.request({ url: '/api/audit?signalId=nope' })).statusCode).toBe(400);
  });
});
