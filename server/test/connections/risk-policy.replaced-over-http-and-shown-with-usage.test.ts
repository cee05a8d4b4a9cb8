// Scenario: a trader sets the risk limits of a connection. A new connection shows the defaults
// (revision 0); a PUT replaces the policy (revision +1), overrides per market and per symbol
// included, and is audited with each changed limit before and after; a bad value is a 400 naming
// the field and its unit. A viewer reads but cannot replace (403); another workspace gets 404. The
// usage next to the limits: order counts wait for execution (null, with why); daily P&L, open
// positions and gross exposure come from the connection's session running against the simulator,
// and are null with the reason when the connection does not run. The simulator's clock is pinned
// and its market open around the clock, so the fill happens at any date and hour.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { manualClock, startGateway, type Gateway } from '@kairox/gateway-sim';
import { addUser, createKairox, type Kairox } from '../../src/main.ts';
import { DEFAULT_LIMITS } from '../../src/risk/index.ts';
import { describeEachEngine } from '../support/engines.ts';
import { logIn, setUp, startKairox, type SignedInClient } from '../support/kairox.ts';

const TUESDAY_NOON_NEW_YORK = Date.parse('2026-12-01T17:00:00Z');
const ACCOUNT = 'DU1234567';
const AAPL = 265598;
const VIEWER = { email: 'vic@example.test', password: 'vic has a long password' };
const OTHER = { email: 'bob@example.test', password: 'bob has a long password' };

interface Item { limit: number; value: number | null; unit: string; unavailable?: { code: string; message: string }; realized?: number; unrealized?: number }
interface Risk {
  connectionId: string;
  policy: Record<string, unknown>;
  defaults: Record<string, unknown>;
  sources: Record<string, string>;
  revision: number;
  updatedAt: number | null;
  updatedBy: { type: string; id: string | null } | null;
  usage: { account: string | null; ordersToday: Item; ordersLastMinute: Item; dailyLoss: Item; openPositions: Item; grossExposure: Item };
}

describeEachEngine('risk policy over HTTP', (engine) => {
  let gateway: Gateway;
  let kairox: Kairox;
  let owner: SignedInClient;
  let connectionId: string;

  const createConnection = async (clientId: number, extra: Record<string, unknown> = {}) => {
    const created = await owner.request({ method: 'POST', url: '/api/connections', payload: { hostPort: `127.0.0.1:${gateway.port}`, clientId, accountId: ACCOUNT, ...extra } });
    expect(created.statusCode, created.body).toBe(201);
    return (created.json() as { connection: { id: string } }).connection.id;
  };
  const read = async (client: SignedInClient, id = connectionId): Promise<Risk> => {
    const response = await client.request({ url: `/api/connections/${id}/risk` });
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as { risk: Risk }).risk;
  };
  const replace = (client: SignedInClient, payload: unknown, id = connectionId) => client.request({ method: 'PUT', url: `/api/connections/${id}/risk`, payload: payload as Record<string, unknown> });

  beforeAll(async () => {
    gateway = await startGateway({ port: 0, accounts: [ACCOUNT], seed: 7, clock: manualClock(TUESDAY_NOON_NEW_YORK), hours: 'always' });
    gateway.setPrice(AAPL, 200);
    kairox = await startKairox(engine, {}, { worker: true });
    await kairox.worker?.start();
    owner = await setUp(kairox);
    connectionId = await createConnection(61);
    await vi.waitFor(async () => {
      const connection = await owner.request({ url: `/api/connections/${connectionId}` });
      expect((connection.json() as { connection: { status: { state?: string } | null } }).connection.status?.state).toBe('ready');
    }, { timeout: 10_000, interval: 50 });
  });
  afterAll(async () => {
    await kairox?.close();
    await gateway?.close();
  });

  it('shows the defaults for a new connection, at revision 0, every limit from its default', async () => {
    const id = await createConnection(62, { enabled: false });
    const risk = await read(owner, id);
    expect(risk).toMatchObject({ connectionId: id, revision: 0, updatedAt: null, updatedBy: null });
    expect(risk.policy).toEqual(risk.defaults);
    expect(risk.defaults).toMatchObject({ ...DEFAULT_LIMITS, allowedMarkets: ['STK'] });
    expect(risk.defaults).not.toHaveProperty('markets');
    expect(new Set(Object.values(risk.sources))).toEqual(new Set(['default']));
    expect(risk.sources).toHaveProperty('maxDailyLoss', 'default');
  });

  it('replaces the policy: GET returns it with revision + 1, omitted limits at their default, overrides per market and symbol kept', async () => {
    const first = await replace(owner, { maxOrderQuantity: 250 });
    expect(first.statusCode, first.body).toBe(200);
    expect((first.json() as { risk: Risk }).risk.revision).toBe(1);

    const policy = {
      maxOrderQuantity: 200, maxDailyLoss: 1_000, allowedMarkets: ['STK', 'FUT'], allowedSymbols: ['AAPL', 'ES', 'TSLA'],
      markets: { FUT: { maxOrderQuantity: 2, maxPositionQuantity: 4 } },
      symbols: { TSLA: { maxOrderQuantity: 10, priceCollarPercent: 2 } },
    };
    const second = await replace(owner, policy);
    expect(second.statusCode, second.body).toBe(200);
    const risk = await read(owner);
    expect(risk).toMatchObject({ revision: 2, updatedAt: expect.any(Number), updatedBy: { type: 'user', id: expect.stringMatching(/^usr_/) } });
    expect(risk.policy).toEqual({ ...DEFAULT_LIMITS, ...policy });
    expect(risk.sources).toMatchObject({ maxOrderQuantity: 'policy', maxDailyLoss: 'policy', allowedMarkets: 'policy', maxOrderNotional: 'default' });
    expect(risk.defaults).toMatchObject({ maxOrderQuantity: DEFAULT_LIMITS.maxOrderQuantity });
  });

  it('audits a replacement with who did it and each changed limit before and after', async () => {
    await replace(owner, { maxOrdersPerDay: 30, symbols: { MSFT: { maxOrderQuantity: 5 } } });
    const { events } = (await owner.request({ url: '/api/audit?limit=200' })).json() as { events: { action: string; actor: { type: string }; target: unknown; data: Record<string, unknown> }[] };
    const latest = events.find((e) => e.action === 'risk_policy.replaced');
    expect(latest).toMatchObject({ actor: { type: 'user' }, target: { type: 'connection', id: connectionId } });
    const { revision, previousRevision, changes } = latest?.data as { revision: number; previousRevision: number; changes: Record<string, unknown> };
    expect(revision).toBe(previousRevision + 1);
    expect(changes).toMatchObject({
      maxOrdersPerDay: { before: DEFAULT_LIMITS.maxOrdersPerDay, after: 30 },
      'symbols.MSFT': { before: null, after: { maxOrderQuantity: 5 } },
    });
    expect(changes).not.toHaveProperty('maxOrderNotional');
    expect((await owner.request({ url: '/api/audit/verify' })).json()).toMatchObject({ ok: true });
  });

  it('refuses a bad unit or a negative value with a 400 naming the field and its unit, and keeps the policy', async () => {
    const before = await read(owner);
    const cases: [unknown, string, RegExp][] = [
      [{ maxDailyLoss: -1 }, 'maxDailyLoss', /^maxDailyLoss must be a number, 0 or more, in the account's base currency/],
      [{ maxOrderNotional: '10000 USD' }, 'maxOrderNotional', /in the account's base currency/],
      [{ markets: { FUT: { maxOrderQuantity: -2 } } }, 'markets.FUT.maxOrderQuantity', /^markets\.FUT\.maxOrderQuantity must be .* in shares, contracts or currency units/],
      [{ maxOrdersPerMinute: 2.5 }, 'maxOrdersPerMinute', /a whole number, 0 or more, of orders/],
      [{ priceCollarPercent: 150 }, 'priceCollarPercent', /at most 100, in percent of the reference price/],
      [{ maxLoss: 5 }, 'maxLoss', /is not a risk policy field/],
    ];
    for (const [payload, field, message] of cases) {
      const refused = await replace(owner, payload);
      expect(refused.statusCode, JSON.stringify(payload)).toBe(400);
      expect(refused.json(), JSON.stringify(payload)).toEqual({ error: { code: 'VALIDATION_FAILED', field, message: expect.stringMatching(message) } });
    }
    const after = await read(owner);
    expect(after.revision).toBe(before.revision);
    expect(after.policy).toEqual(before.policy);
  });

  it('lets a viewer read the policy but not replace it (403)', async () => {
    const added = await owner.request({ method: 'POST', url: '/api/members', payload: { ...VIEWER, role: 'viewer' } });
    expect(added.statusCode, added.body).toBe(201);
    const viewer = await logIn(kairox, VIEWER.email, VIEWER.password);
    const before = await read(viewer);
    const refused = await replace(viewer, { maxOrderQuantity: 1 });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect((await read(owner)).revision).toBe(before.revision);
  });

  it('answers 404 to another workspace, for reading and for replacing', async () => {
    await addUser(kairox.config, { ...OTHER, newWorkspace: true });
    const other = await logIn(kairox, OTHER.email, OTHER.password);
    const before = await read(owner);
    for (const response of [await other.request({ url: `/api/connections/${connectionId}/risk` }), await replace(other, { maxOrderQuantity: 1 })]) {
      expect(response.statusCode, response.body).toBe(404);
      expect(response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    }
    expect((await read(owner)).revision).toBe(before.revision);
  });

  it('shows usage as null with its reason when the connection does not run, and order counts as waiting for execution', async () => {
    const id = await createConnection(63, { enabled: false });
    const { usage } = await read(owner, id);
    expect(usage.account).toBeNull();
    for (const item of [usage.ordersToday, usage.ordersLastMinute]) {
      expect(item).toMatchObject({ value: null, unit: 'orders', unavailable: { code: 'counted_once_execution_lands', message: expect.stringMatching(/^Counted once execution lands/) } });
    }
    expect(usage.ordersToday.limit).toBe(DEFAULT_LIMITS.maxOrdersPerDay);
    for (const item of [usage.dailyLoss, usage.openPositions, usage.grossExposure]) {
      expect(item).toMatchObject({ value: null, unavailable: { code: 'connection_not_running', message: expect.stringContaining('disabled') } });
    }

    const apiOnly = await createKairox(kairox.config);
    try {
      const client = await logIn(apiOnly, 'ada@example.test', 'correct horse battery staple');
      const { usage: elsewhere } = await read(client);
      expect(elsewhere.dailyLoss).toMatchObject({ value: null, unavailable: { code: 'no_worker_here', message: expect.stringContaining('`kairox api`') } });
    } finally {
      await apiOnly.close();
    }
  });

  it("shows IB's daily P&L, open positions and gross exposure from the running session next to their limits", async () => {
    await replace(owner, { maxDailyLoss: 750 });
    const { usage: flat } = await read(owner);
    expect(flat.account).toBe(ACCOUNT);
    expect(flat.dailyLoss).toEqual({ limit: 750, value: 0, unit: 'USD', realized: 0, unrealized: 0 });
    expect(flat.openPositions).toEqual({ limit: DEFAULT_LIMITS.maxOpenPositions, value: 0, unit: 'positions' });
    expect(flat.grossExposure).toEqual({ limit: DEFAULT_LIMITS.maxGrossExposure, value: 0, unit: 'USD' });

    const session = kairox.worker?.session(connectionId);
    await session?.placeOrder({
      contract: { conId: AAPL, symbol: 'AAPL', secType: 'STK', exchange: 'SMART', currency: 'USD' }, action: 'BUY', quantity: 10, orderType: 'MKT', orderRef: 'kx-risk-usage-1',
    });
    let usage = flat;
    await vi.waitFor(async () => {
      usage = (await read(owner)).usage;
      expect(usage.openPositions.value).toBe(1);
    }, { timeout: 10_000, interval: 50 });
    const quote = gateway.engine.quote(AAPL);
    expect(quote).toBeDefined();
    const marketValue = 10 * (((quote?.bid ?? 0) + (quote?.ask ?? 0)) / 2);
    expect(usage.grossExposure).toMatchObject({ limit: DEFAULT_LIMITS.maxGrossExposure, unit: 'USD', value: expect.any(Number) });
    expect(Math.abs((usage.grossExposure.value ?? 0) - marketValue)).toBeLessThan(marketValue * 0.02);
    const { realized, unrealized } = usage.dailyLoss;
    expect([realized, unrealized]).toEqual([expect.any(Number), expect.any(Number)]);
    expect(usage.dailyLoss.value).toBeCloseTo(Math.max(0, -((realized ?? 0) + (unrealized ?? 0))), 6);
  });
});
