// Scenario (issue 8, duplicate suppression): the connection's policy treats a repeat within 60 s as
// a re-send, and AAPL's own override widens that to 600 s. The same AAPL signal sent again after
// 120 s is a duplicate by AAPL's window: intake must look back over the instrument's window, not the
// connection's (it read only the last 60 s, so the rule never saw the first signal).
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { manualClock, startGateway, type Gateway, type ManualClock } from '@kairox/gateway-sim';
import type { Kairox } from '../../src/main.ts';
import { describeEachEngine } from '../support/engines.ts';
import { setUp, startKairox, type SignedInClient } from '../support/kairox.ts';

const TUESDAY_NOON_NEW_YORK = Date.parse('2026-12-01T17:00:00Z');
const ACCOUNT = 'DU1234567';
const AAPL = 265598;

interface Step { step: string; outcome: string; code?: string; values?: Record<string, unknown> }
interface Answer { signal: { id: string; status: string; decision: { status: string; code?: string; steps: Step[] } } }

describeEachEngine('duplicate suppression over the instrument\'s own window', (engine) => {
  let clock: ManualClock;
  let gateway: Gateway;
  let kairox: Kairox;
  let owner: SignedInClient;
  let connectionId: string;

  beforeAll(async () => {
    clock = manualClock(TUESDAY_NOON_NEW_YORK);
    gateway = await startGateway({ port: 0, accounts: [ACCOUNT], seed: 7, clock });
    kairox = await startKairox(engine, {}, { worker: true, clock });
    await kairox.worker?.start();
    owner = await setUp(kairox);
    const created = await owner.request({ method: 'POST', url: '/api/connections', payload: { hostPort: `127.0.0.1:${gateway.port}`, clientId: 52, accountId: ACCOUNT } });
    expect(created.statusCode, created.body).toBe(201);
    connectionId = (created.json() as { connection: { id: string } }).connection.id;
    await vi.waitFor(async () => {
      const response = await owner.request({ url: `/api/connections/${connectionId}` });
      expect((response.json() as { connection: { status: { state?: string } | null } }).connection.status?.state).toBe('ready');
    }, { timeout: 10_000, interval: 50 });
    expect((await owner.request({ method: 'POST', url: '/api/instruments', payload: { connectionId, conId: AAPL } })).statusCode).toBe(201);
    const policy = await owner.request({
      method: 'PUT', url: `/api/connections/${connectionId}/risk`,
      payload: { duplicateWindowSeconds: 60, maxOrdersPerMinute: 100, symbols: { AAPL: { duplicateWindowSeconds: 600 } } },
    });
    expect(policy.statusCode, policy.body).toBe(200);
  });
  afterAll(async () => {
    await kairox?.close();
    await gateway?.close();
  });

  it('denies the same AAPL signal 120 s later as a duplicate by AAPL\'s 600 s window', async () => {
    const body = { connectionId, instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 1 }, signalTime: new Date(clock.now()).toISOString(), ttlSeconds: 3600 };
    const first = await owner.request({ method: 'POST', url: '/api/signals', payload: body });
    expect(first.statusCode, first.body).toBe(202);
    expect((first.json() as Answer).signal.status).toBe('prepared');

    clock.shift(120_000);
    const again = await owner.request({ method: 'POST', url: '/api/signals', payload: body });
    expect(again.statusCode, again.body).toBe(202);
    const decision = (again.json() as Answer).signal.decision;
    expect(decision).toMatchObject({ status: 'denied', code: 'duplicate_signal' });
    expect(decision.steps.find((s) => s.step === 'risk:duplicate_signal')?.values).toMatchObject({ limit: 600, actual: 120 });
  });
});
