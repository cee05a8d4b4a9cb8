// Scenario (issue 8, stale signals): the connection's policy gives signals 120 s to live
// (defaultSignalTtlSeconds). A signal that names no ttlSeconds is judged by it: 90 s old it is
// prepared and its order may be sent until signal time + 120 s; 121 s old it is stale. A signal's
// own ttlSeconds still wins. (The schema used to default ttlSeconds to 60, so the policy's value
// was never used.)
import { afterAll, beforeAll, expect, it } from 'vitest';
import { manualClock, startGateway, type Gateway } from '@kairox/gateway-sim';
import type { Kairox } from '../../src/main.ts';
import { describeEachEngine } from '../support/engines.ts';
import { approve, expectDenied, expectPrepared, intakeDriver, readyConnection, stepOf, type IntakeDriver } from '../support/intake.ts';
import { setUp, startKairox, type SignedInClient } from '../support/kairox.ts';

const TUESDAY_NOON_NEW_YORK = Date.parse('2026-12-01T17:00:00Z');
const ACCOUNT = 'DU1234567';
const AAPL = 265598;

describeEachEngine('the policy\'s default time-to-live', (engine) => {
  let gateway: Gateway;
  let kairox: Kairox;
  let owner: SignedInClient;
  let intake: IntakeDriver;
  const ago = (seconds: number) => new Date(gateway.clock.now() - seconds * 1000).toISOString();

  beforeAll(async () => {
    gateway = await startGateway({ port: 0, accounts: [ACCOUNT], seed: 7, clock: manualClock(TUESDAY_NOON_NEW_YORK) });
    kairox = await startKairox(engine, {}, { worker: true, clock: gateway.clock });
    await kairox.worker?.start();
    owner = await setUp(kairox);
    const connectionId = await readyConnection(owner, { hostPort: `127.0.0.1:${gateway.port}`, clientId: 53, accountId: ACCOUNT });
    await approve(owner, connectionId, AAPL);
    intake = intakeDriver(owner, connectionId, () => gateway.clock.now());
    await intake.setPolicy({ defaultSignalTtlSeconds: 120, maxOrdersPerMinute: 100 });
  });
  afterAll(async () => {
    await kairox?.close();
    await gateway?.close();
  });

  it('prepares a 90 s old signal without ttlSeconds, its order good until signal time + 120 s', async () => {
    const signalTime = ago(90);
    const answer = await intake.submit({ instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 1 }, signalTime });
    expectPrepared(answer);
    expect(stepOf(answer, 'risk:stale_signal').values).toMatchObject({ limit: 120, actual: 90 });
    const view = (await owner.request({ url: `/api/signals/${answer.signal.id}` })).json() as { signal: { intent: { expiresAt: number } } };
    expect(view.signal.intent.expiresAt).toBe(Date.parse(signalTime) + 120_000);
  });

  it('denies a 121 s old signal without ttlSeconds as stale, and lets a signal\'s own ttlSeconds win', async () => {
    expectDenied(await intake.submit({ instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 1 }, signalTime: ago(121) }), 'stale_signal');
    expectDenied(await intake.submit({ instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 2 }, signalTime: ago(90), ttlSeconds: 60 }), 'stale_signal');
  });
});
