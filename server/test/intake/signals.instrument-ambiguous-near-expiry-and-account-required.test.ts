// Scenario (issue 8, acceptance): which instrument and which account a signal means, and futures
// near their last trade date, through POST /api/signals, Kairox's worker and the simulator. The
// login has two paper accounts and the connection names none, so every signal must say which.
// SHOP is listed twice (NYSE in USD, TSE in CAD) and both listings are approved. The simulator's
// clock (Kairox reads the same one) is pinned to Tuesday 15 December 2026, noon in New York: the
// front ES future's last trade date, Friday the 18th, is then exactly the policy's 3 days away,
// and one day later it is 2.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { manualClock, startGateway, type Gateway, type ManualClock } from '@kairox/gateway-sim';
import type { Kairox } from '../../src/main.ts';
import { describeEachEngine } from '../support/engines.ts';
import { approve, expectDenied, expectPrepared, fillAtSimulator, intakeDriver, readyConnection, stepOf, type IntakeDriver } from '../support/intake.ts';
import { setUp, startKairox, type SignedInClient } from '../support/kairox.ts';

const TUESDAY_NOON_NEW_YORK = Date.parse('2026-12-15T17:00:00Z');
const DAY_MS = 86_400_000;
const FIRST = 'DU1111111';
const SECOND = 'DU2222222';
const AAPL = 265598;
const SHOP_NYSE = 195014116;
const SHOP_TSE = 195014098;
/** ES of December 2026 trades until Friday the 18th. */
const ES_LAST_TRADE_DATE = '20261218';

/** Futures allowed and every money limit far away: an ES contract is worth about 300,000 USD. */
const POLICY = {
  allowedMarkets: ['STK', 'FUT'], maxOrderNotional: 10_000_000, maxPositionNotional: 100_000_000, maxGrossExposure: 1_000_000_000,
  maxOrdersPerMinute: 1000, maxOrdersPerDay: 10_000, maxDailyLoss: 10_000_000,
};

describeEachEngine('signals: ambiguous instruments, near-expiry futures and the account a login with several needs', (engine) => {
  let gateway: Gateway;
  let clock: ManualClock;
  let kairox: Kairox;
  let owner: SignedInClient;
  let connectionId: string;
  let intake: IntakeDriver;
  let es: number;

  const esSignal = (extra: Record<string, unknown>) => intake.submit({ account: FIRST, instrument: { conId: es }, size: { qty: 1 }, ...extra });

  beforeAll(async () => {
    clock = manualClock(TUESDAY_NOON_NEW_YORK);
    gateway = await startGateway({ port: 0, accounts: [FIRST, SECOND], seed: 5, clock, hours: 'real' });
    const front = gateway.engine.catalogue.instruments.find((i) => i.symbol === 'ES' && i.secType === 'FUT' && i.lastTradeDateOrContractMonth === ES_LAST_TRADE_DATE);
    if (!front) throw new Error(`the simulator lists no ES future with last trade date ${ES_LAST_TRADE_DATE}`);
    es = front.conId;
    // A long ES position held before Kairox connects, so its first read of the account has it.
    await fillAtSimulator(gateway, FIRST, es, 2);

    // The browser login outlives the day the near-expiry test moves the clock on.
    kairox = await startKairox(engine, { KAIROX_SESSION_TTL_HOURS: '48' }, { worker: true, clock });
    await kairox.worker?.start();
    owner = await setUp(kairox);
    connectionId = await readyConnection(owner, { hostPort: `127.0.0.1:${gateway.port}`, clientId: 71 });
    intake = intakeDriver(owner, connectionId, () => clock.now());
    for (const conId of [AAPL, SHOP_NYSE, SHOP_TSE, es]) await approve(owner, connectionId, conId);
    await intake.setPolicy(POLICY);
  });
  afterAll(async () => {
    await kairox?.close();
    await gateway?.close();
  });

  it('denies account_required when the login has several accounts and the signal names none; the account field picks one', async () => {
    const none = await intake.submit({ instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 1 } });
    expectDenied(none, 'account_required');
    expect(stepOf(none, 'account')).toMatchObject({ outcome: 'deny', values: { accounts: [FIRST, SECOND] } });
    expect(none.signal.decision.message).toContain('account field');

    const chosen = await intake.submit({ account: SECOND, instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 1 } });
    expectPrepared(chosen);
    expect(stepOf(chosen, 'account')).toMatchObject({ outcome: 'pass', values: { account: SECOND } });
    const view = (await owner.request({ url: `/api/signals/${chosen.signal.id}` })).json() as { signal: { intent: { account: string } } };
    expect(view.signal.intent.account).toBe(SECOND);
  });

  it('denies account_not_found for an account the login does not have, naming the ones it has', async () => {
    const answer = await intake.submit({ account: 'DU9999999', instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 1 } });
    expectDenied(answer, 'account_not_found');
    expect(stepOf(answer, 'account')).toMatchObject({ outcome: 'deny', values: { account: 'DU9999999', accounts: [FIRST, SECOND] } });
    expect(answer.signal.decision.message).toContain(`${FIRST}, ${SECOND}`);
  });

  it('denies instrument_ambiguous for a symbol approved in two listings, listing both; the conId or the currency picks one', async () => {
    const both = await intake.submit({ account: FIRST, instrument: { symbol: 'SHOP' }, action: 'buy', size: { qty: 1 } });
    expectDenied(both, 'instrument_ambiguous');
    const candidates = stepOf(both, 'instrument').values?.candidates as Array<{ conId: number; currency: string; primaryExchange: string }>;
    expect(candidates.map((c) => c.conId).sort()).toEqual([SHOP_TSE, SHOP_NYSE].sort());
    expect(candidates).toEqual(expect.arrayContaining([
      expect.objectContaining({ conId: SHOP_NYSE, currency: 'USD', primaryExchange: 'NYSE' }),
      expect.objectContaining({ conId: SHOP_TSE, currency: 'CAD', primaryExchange: 'TSE' }),
    ]));
    expect(both.signal.decision.message).toContain('name the conId');

    const byConId = await intake.submit({ account: FIRST, instrument: { conId: SHOP_NYSE }, action: 'buy', size: { qty: 1 } });
    expectPrepared(byConId);
    expect(stepOf(byConId, 'instrument').values).toMatchObject({ conId: SHOP_NYSE, currency: 'USD' });

    const byCurrency = await intake.submit({ account: FIRST, instrument: { symbol: 'SHOP', currency: 'USD' }, action: 'buy', size: { qty: 1 } });
    expectPrepared(byCurrency);
    expect(stepOf(byCurrency, 'instrument').values).toMatchObject({ conId: SHOP_NYSE });
  });

  it('prepares a future exactly nearExpiryDays (3) from its last trade date, and denies contract_near_expiry a day later', async () => {
    const at = await esSignal({ action: 'buy' });
    expectPrepared(at);
    expect(stepOf(at, 'risk:contract_expiry')).toMatchObject({ outcome: 'pass', values: { lastTradeDate: ES_LAST_TRADE_DATE, today: '20261215', actual: 3, limit: 3 } });

    clock.shift(DAY_MS);
    const past = await esSignal({ action: 'buy' });
    expectDenied(past, 'contract_near_expiry');
    expect(stepOf(past, 'risk:contract_expiry')).toMatchObject({
      outcome: 'deny', code: 'contract_near_expiry', values: { lastTradeDate: ES_LAST_TRADE_DATE, today: '20261216', actual: 2, limit: 3, allowNearExpiry: false },
    });
    expect(past.signal.decision.message).toContain('allowNearExpiry');
  });

  it('lets a near-expiry future through when the policy allows it, also as a futures-market override', async () => {
    await intake.setPolicy({ ...POLICY, allowNearExpiry: true });
    try {
      const allowed = await esSignal({ action: 'buy' });
      expectPrepared(allowed);
      expect(stepOf(allowed, 'risk:contract_expiry')).toMatchObject({ outcome: 'pass', values: { actual: 2, allowNearExpiry: true } });

      await intake.setPolicy({ ...POLICY, markets: { FUT: { allowNearExpiry: true } } });
      const byMarket = await esSignal({ action: 'buy' });
      expectPrepared(byMarket);
      expect(stepOf(byMarket, 'risk:contract_expiry')).toMatchObject({ outcome: 'pass', values: { actual: 2, allowNearExpiry: true } });
    } finally {
      await intake.setPolicy(POLICY);
    }
  });

  it('still prepares orders that lower a held near-expiry position: a sell of part of it and a close', async () => {
    const reducing = await esSignal({ action: 'sell' });
    expectPrepared(reducing);
    expect(stepOf(reducing, 'risk:contract_expiry')).toMatchObject({ outcome: 'pass', message: expect.stringContaining('lowers the position'), values: { actual: 2 } });

    const close = await intake.submit({ account: FIRST, instrument: { conId: es }, action: 'close' });
    expectPrepared(close);
    const view = (await owner.request({ url: `/api/signals/${close.signal.id}` })).json() as { signal: { intent: { side: string; quantity: number; reduceOnly: boolean } } };
    expect(view.signal.intent).toMatchObject({ side: 'SELL', quantity: 2, reduceOnly: true });

    const adding = await esSignal({ action: 'buy' });
    expectDenied(adding, 'contract_near_expiry');
  });
});
