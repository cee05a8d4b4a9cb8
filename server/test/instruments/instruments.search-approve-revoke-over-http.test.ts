// Scenario: a trader approves the contracts the workspace will automate. Kairox runs its broker
// worker; the connection's session reaches the (simulated) gateway; over HTTP the trader searches
// (AAPL: one candidate; SHOP: the USD and the CAD listing; NOSUCH: IB's "not found"), approves by
// conId (the details are re-read from IB, not taken from the request), lists and revokes. Another
// workspace sees none of it (404), a viewer may search but not approve (403), and a connection that
// is not ready says which state it is in. The simulator's clock is pinned: hours read the same any day.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { manualClock, startGateway, type Gateway } from '@kairox/gateway-sim';
import { addUser, createKairox, type Kairox } from '../../src/main.ts';
import { describeEachEngine } from '../support/engines.ts';
import { logIn, setUp, startKairox, type SignedInClient } from '../support/kairox.ts';

const TUESDAY_NOON_NEW_YORK = Date.parse('2026-12-01T17:00:00Z');
const VIEWER = { email: 'vic@example.test', password: 'vic has a long password' };
const OTHER = { email: 'bob@example.test', password: 'bob has a long password' };

interface Candidate { conId: number; symbol: string; currency: string; primaryExchange?: string; approvedInstrumentId: string | null }
interface Instrument { id: string; conId: number; revokedAt: number | null; [key: string]: unknown }

describeEachEngine('approved instruments over HTTP', (engine) => {
  let gateway: Gateway;
  let kairox: Kairox;
  let owner: SignedInClient;
  let connectionId: string;

  beforeAll(async () => {
    gateway = await startGateway({ port: 0, accounts: ['DU1234567'], seed: 7, clock: manualClock(TUESDAY_NOON_NEW_YORK) });
    kairox = await startKairox(engine, {}, { worker: true });
    await kairox.worker?.start();
    owner = await setUp(kairox);
    const created = await owner.request({ method: 'POST', url: '/api/connections', payload: { hostPort: `127.0.0.1:${gateway.port}`, clientId: 41, accountId: 'DU1234567' } });
    expect(created.statusCode, created.body).toBe(201);
    connectionId = (created.json() as { connection: { id: string } }).connection.id;
    await vi.waitFor(async () => {
      const read = await owner.request({ url: `/api/connections/${connectionId}` });
      expect((read.json() as { connection: { status: { state?: string } | null } }).connection.status?.state).toBe('ready');
    }, { timeout: 10_000, interval: 50 });
  });
  afterAll(async () => {
    await kairox?.close();
    await gateway?.close();
  });

  const search = (client: SignedInClient, payload: Record<string, unknown>, id = connectionId) =>
    client.request({ method: 'POST', url: `/api/connections/${id}/instruments/search`, payload });
  const approve = (client: SignedInClient, conId: number, id = connectionId) => client.request({ method: 'POST', url: '/api/instruments', payload: { connectionId: id, conId } });
  const auditActions = async () => ((await owner.request({ url: '/api/audit?limit=200' })).json() as { events: { action: string; target: { id: string } | null }[] }).events;

  it('approves AAPL from a search: one candidate, stored with IB\'s details, audited, and not twice', async () => {
    const found = await search(owner, { symbol: 'aapl', secType: 'STK', exchange: 'SMART', currency: 'USD' });
    expect(found.statusCode, found.body).toBe(200);
    const { candidates } = found.json() as { candidates: Candidate[] };
    expect(candidates).toEqual([expect.objectContaining({ conId: 265598, symbol: 'AAPL', primaryExchange: 'NASDAQ', currency: 'USD', approvedInstrumentId: null })]);

    const approved = await approve(owner, 265598);
    expect(approved.statusCode, approved.body).toBe(201);
    const { instrument } = approved.json() as { instrument: Instrument };
    expect(instrument).toMatchObject({
      id: expect.stringMatching(/^ins_[0-9a-z]{26}$/), connectionId, conId: 265598, symbol: 'AAPL', secType: 'STK', exchange: 'SMART', primaryExchange: 'NASDAQ',
      currency: 'USD', multiplier: 1, minTick: 0.01, sizeIncrement: 0.0001, longName: 'APPLE INC', timeZoneId: 'US/Eastern',
      liquidHours: expect.stringMatching(/^20261201:0930-20261201:1600/), marketRuleIds: expect.objectContaining({ SMART: expect.any(Number) }),
      approvedAt: expect.any(Number), approvedBy: { type: 'user', id: expect.stringMatching(/^usr_/) }, revokedAt: null, revokedBy: null,
    });

    const again = (await search(owner, { symbol: 'AAPL', secType: 'STK' })).json() as { candidates: Candidate[] };
    expect(again.candidates[0]?.approvedInstrumentId).toBe(instrument.id);
    const listed = (await owner.request({ url: `/api/instruments?connectionId=${connectionId}` })).json() as { instruments: Instrument[] };
    expect(listed.instruments.map((i) => i.id)).toContain(instrument.id);
    expect(await auditActions()).toContainEqual(expect.objectContaining({ action: 'instrument.approved', target: { type: 'instrument', id: instrument.id } }));

    const twice = await approve(owner, 265598);
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ error: { code: 'CONFLICT', instrumentId: instrument.id, message: expect.stringContaining('revoke that one first') } });
  });

  it('lists every candidate of an ambiguous symbol: SHOP in USD and in CAD', async () => {
    const found = await search(owner, { symbol: 'SHOP', secType: 'STK' });
    expect(found.statusCode, found.body).toBe(200);
    const { candidates } = found.json() as { candidates: Candidate[] };
    expect(candidates.map((c) => `${c.conId} ${c.currency} ${c.primaryExchange}`).sort()).toEqual(['195014098 CAD TSE', '195014116 USD NYSE']);
  });

  it('answers an unknown description with IB\'s text, and refuses to approve a conId IB does not know', async () => {
    const found = await search(owner, { symbol: 'NOSUCH', secType: 'STK', currency: 'USD' });
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json()).toEqual({ candidates: [], notFound: expect.stringMatching(/No security definition has been found/) });

    const refused = await approve(owner, 999_999_999);
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json()).toMatchObject({
      error: { code: 'CONTRACT_NOT_FOUND', conId: 999_999_999, message: expect.stringMatching(/^IB knows no contract with conId 999999999 \(IB said: .*No security definition/) },
    });
  });

  it('approves by conId alone, with the details re-read from IB', async () => {
    // The request cannot carry details of its own.
    const carried = await owner.request({ method: 'POST', url: '/api/instruments', payload: { connectionId, conId: 195014098, currency: 'USD', minTick: 1 } });
    expect(carried.statusCode).toBe(400);
    expect(carried.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    const approved = await approve(owner, 195014098);
    expect(approved.statusCode, approved.body).toBe(201);
    expect((approved.json() as { instrument: Instrument }).instrument).toMatchObject({
      conId: 195014098, symbol: 'SHOP', currency: 'CAD', primaryExchange: 'TSE', longName: 'SHOPIFY INC - CLASS A', timeZoneId: 'America/Toronto', minTick: 0.01,
    });
  });

  it('revokes an approval, keeps it for history, and lets the contract be approved again', async () => {
    const { instrument } = (await approve(owner, 272093)).json() as { instrument: Instrument };
    const revoked = await owner.request({ method: 'DELETE', url: `/api/instruments/${instrument.id}` });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect((revoked.json() as { instrument: Instrument }).instrument).toMatchObject({ id: instrument.id, revokedAt: expect.any(Number), revokedBy: { type: 'user' } });

    const active = (await owner.request({ url: '/api/instruments' })).json() as { instruments: Instrument[] };
    expect(active.instruments.map((i) => i.id)).not.toContain(instrument.id);
    const history = (await owner.request({ url: '/api/instruments?includeRevoked=true' })).json() as { instruments: Instrument[] };
    expect(history.instruments.find((i) => i.id === instrument.id)?.revokedAt).toEqual(expect.any(Number));
    expect(await auditActions()).toContainEqual(expect.objectContaining({ action: 'instrument.revoked', target: { type: 'instrument', id: instrument.id } }));

    expect((await owner.request({ method: 'DELETE', url: `/api/instruments/${instrument.id}` })).statusCode).toBe(409);
    const reapproved = await approve(owner, 272093);
    expect(reapproved.statusCode, reapproved.body).toBe(201);
    expect((reapproved.json() as { instrument: Instrument }).instrument.id).not.toBe(instrument.id);
  });

  it('answers 404 to another workspace for the instrument and for the connection', async () => {
    const { instruments } = (await owner.request({ url: '/api/instruments' })).json() as { instruments: Instrument[] };
    const mine = instruments[0];
    expect(mine).toBeDefined();
    await addUser(kairox.config, { ...OTHER, newWorkspace: true });
    const other = await logIn(kairox, OTHER.email, OTHER.password);
    for (const response of [
      await other.request({ url: `/api/instruments/${mine?.id}` }),
      await other.request({ method: 'DELETE', url: `/api/instruments/${mine?.id}` }),
      await search(other, { symbol: 'AAPL', secType: 'STK' }),
      await approve(other, 8314),
    ]) {
      expect(response.statusCode, response.body).toBe(404);
      expect(response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    }
    expect((await other.request({ url: '/api/instruments?includeRevoked=true' })).json()).toEqual({ instruments: [] });
    expect(((await owner.request({ url: `/api/instruments/${mine?.id}` })).json() as { instrument: Instrument }).instrument.revokedAt).toBeNull();
  });

  it('lets a viewer search but not approve or revoke', async () => {
    const added = await owner.request({ method: 'POST', url: '/api/members', payload: { ...VIEWER, role: 'viewer' } });
    expect(added.statusCode, added.body).toBe(201);
    const viewer = await logIn(kairox, VIEWER.email, VIEWER.password);
    expect((await search(viewer, { symbol: 'IBM', secType: 'STK' })).statusCode).toBe(200);
    const refused = await approve(viewer, 8314);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: { code: 'FORBIDDEN', message: expect.stringContaining('This needs the trader role') } });
    const { instruments } = (await viewer.request({ url: '/api/instruments' })).json() as { instruments: Instrument[] };
    expect(instruments.some((i) => i.conId === 8314)).toBe(false);
    expect((await viewer.request({ method: 'DELETE', url: `/api/instruments/${instruments[0]?.id}` })).statusCode).toBe(403);
  });

  it('says the connection must be enabled and ready, naming its state', async () => {
    const created = await owner.request({ method: 'POST', url: '/api/connections', payload: { hostPort: `127.0.0.1:${gateway.port}`, clientId: 42, enabled: false } });
    const disabledId = (created.json() as { connection: { id: string } }).connection.id;
    const refused = await search(owner, { symbol: 'AAPL', secType: 'STK' }, disabledId);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toEqual({
      error: {
        code: 'CONNECTION_NOT_READY', connectionId: disabledId, state: 'disabled',
        message: `Connection ${disabledId} is disabled, not ready: looking contracts up at IB needs the connection enabled and its session ready. Enable it (PATCH /api/connections/${disabledId} {"enabled":true}) and wait until its status reads ready.`,
      },
    });
    expect((await approve(owner, 8314, disabledId)).statusCode).toBe(409);
  });

  it('says when this process runs no broker worker to ask IB', async () => {
    const apiOnly = await createKairox(kairox.config);
    try {
      const client = await logIn(apiOnly, 'ada@example.test', 'correct horse battery staple');
      const refused = await client.request({ method: 'POST', url: `/api/connections/${connectionId}/instruments/search`, payload: { symbol: 'AAPL', secType: 'STK' } });
      expect(refused.statusCode).toBe(503);
      expect(refused.json()).toMatchObject({ error: { code: 'SERVICE_UNAVAILABLE', message: expect.stringContaining('started with `kairox api`') } });
    } finally {
      await apiOnly.close();
    }
  });
});
