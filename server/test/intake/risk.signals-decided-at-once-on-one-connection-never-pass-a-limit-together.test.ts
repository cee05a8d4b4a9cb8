// Scenario (issue 8): a strategy fires a burst of signals at one connection, all in flight at once.
// The gate judges each against what is recorded (the minute's orders, the duplicate window); if two
// were decided before either was committed, both would see the same count and both pass a limit
// meant for one of them. Signals of one connection are decided and committed one after another, so
// a burst of eight at maxOrdersPerMinute 3 prepares exactly three, and two identical signals sent
// together prepare one.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { manualClock, startGateway, type Gateway, type ManualClock } from '@kairox/gateway-sim';
import type { Kairox } from '../../src/main.ts';
import { describeEachEngine } from '../support/engines.ts';
import { approve, intakeDriver, readyConnection, type IntakeDriver } from '../support/intake.ts';
import { setUp, startKairox, type SignedInClient } from '../support/kairox.ts';

const TUESDAY_NOON_NEW_YORK = Date.parse('2026-12-01T17:00:00Z');
const ACCOUNT = 'DU7654321';
const AAPL = 265598;
const LIBERAL = {
  maxOrderQuantity: 100_000, maxOrderNotional: 10_000_000, maxPositionQuantity: 1_000_000, maxPositionNotional: 100_000_000,
  maxGrossExposure: 1_000_000_000, maxOpenPositions: 100, maxOrdersPerMinute: 1000, maxOrdersPerDay: 10_000, maxDailyLoss: 10_000_000,
};

describeEachEngine('signals in flight together on one connection', (engine) => {
  let gateway: Gateway;
  let clock: ManualClock;
  let kairox: Kairox;
  let owner: SignedInClient;
  let intake: IntakeDriver;

  beforeAll(async () => {
    clock = manualClock(TUESDAY_NOON_NEW_YORK);
    gateway = await startGateway({ port: 0, accounts: [ACCOUNT], seed: 12, clock, hours: 'always' });
    kairox = await startKairox(engine, {}, { worker: true, clock });
    await kairox.worker?.start();
    owner = await setUp(kairox);
    const connectionId = await readyConnection(owner, { hostPort: `127.0.0.1:${gateway.port}`, clientId: 62, accountId: ACCOUNT });
    intake = intakeDriver(owner, connectionId, () => clock.now());
    await approve(owner, connectionId, AAPL);
  });
  afterAll(async () => {
    await kairox?.close();
    await gateway?.close();
  });

  it('prepares exactly maxOrdersPerMinute of a burst sent at once, and denies the rest max_orders_per_minute', async () => {
    await intake.setPolicy({ ...LIBERAL, maxOrdersPerMinute: 3 });
    const answers = await Promise.all(Array.from({ length: 8 }, (_, n) => intake.submit({ instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 1 + n } })));
    const outcomes = answers.map((a) => a.signal.decision.code ?? a.signal.status);
    expect(outcomes.filter((o) => o === 'prepared')).toHaveLength(3);
    expect(outcomes.filter((o) => o === 'max_orders_per_minute')).toHaveLength(5);
    clock.shift(61_000);
  });

  it('prepares one of two identical signals sent at once, and denies the other duplicate_signal', async () => {
    await intake.setPolicy({ ...LIBERAL, duplicateWindowSeconds: 30 });
    const same = { instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 2 }, note: 'the same signal twice at once' };
    const answers = await Promise.all([intake.submit(same), intake.submit(same)]);
    expect(answers.map((a) => a.signal.decision.code ?? a.signal.status).sort()).toEqual(['duplicate_signal', 'prepared']);
  });
});
