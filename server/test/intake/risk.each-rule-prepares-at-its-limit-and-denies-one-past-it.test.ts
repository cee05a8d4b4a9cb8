// Scenario (issue 8, acceptance): every rule of the risk gate, through the whole path — POST
// /api/signals, Kairox with its broker worker, the simulated gateway. For each rule the policy is
// replaced over HTTP so that one signal sits exactly at the limit (prepared) and one goes one step
// past it (denied with the rule's code), and the decision's step for the rule carries the values
// that decided it. The state a rule judges is built at the simulator: positions filled there by
// another API client, prices pinned with setPrice, the day's P&L from those positions, and the
// simulator's clock (which Kairox reads too) pinned to a Tuesday noon in New York. It moves a second
// where a price is pinned (the print lands on a new price step), and further only in the tests that
// judge time: the duplicate window, orders per minute, and last the end of the trading hours.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { manualClock, startGateway, type Gateway, type ManualClock } from '@kairox/gateway-sim';
import type { Kairox } from '../../src/main.ts';
import { describeEachEngine } from '../support/engines.ts';
import { approve, expectDenied, expectPrepared, fillAtSimulator, intakeDriver, readyConnection, stepOf, type IntakeDriver } from '../support/intake.ts';
import { setUp, startKairox, type SignedInClient } from '../support/kairox.ts';

const TUESDAY_NOON_NEW_YORK = Date.parse('2026-12-01T17:00:00Z');
/** AAPL's liquid hours end at 16:00 New York (EST, UTC-5) that day. */
const TUESDAY_CLOSE_NEW_YORK = Date.parse('2026-12-01T21:00:00Z');
const ACCOUNT = 'DU7654321';
const AAPL = 265598;
const MSFT = 272093;
const AMZN = 3691937;
const INTC = 270639;
const KO = 8894;

/** Every limit far away, so each test moves only the one it judges. */
const LIBERAL = {
  maxOrderQuantity: 100_000, maxOrderNotional: 10_000_000, maxPositionQuantity: 1_000_000, maxPositionNotional: 100_000_000,
  maxGrossExposure: 1_000_000_000, maxOpenPositions: 100, maxOrdersPerMinute: 1000, maxOrdersPerDay: 10_000, maxDailyLoss: 10_000_000,
};

/** One test per rule below; the first test fails when the gate gains a rule this file does not test. */
const RULES_TESTED = [
  'trading_state', 'allowed_market', 'allowed_symbol', 'contract_expiry', 'stale_signal', 'duplicate_signal', 'trading_hours',
  'max_daily_loss', 'max_orders_per_minute', 'max_orders_per_day', 'price_collar', 'max_order_quantity', 'max_order_notional',
  'max_position_quantity', 'max_position_notional', 'max_open_positions', 'max_gross_exposure',
];

const DAY_MS = 86_400_000;
/** The calendar date at `epoch` in `zone`, as a UTC midnight. */
function dateIn(zone: string, epoch: number): number {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(epoch);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(part('year'), part('month') - 1, part('day'));
}
const ymdUtc = (ymd: string) => Date.UTC(Number(ymd.slice(0, 4)), Number(ymd.slice(4, 6)) - 1, Number(ymd.slice(6, 8)));

describeEachEngine('each risk rule prepares at its limit and denies one past it, against the simulator', (engine) => {
  let gateway: Gateway;
  let clock: ManualClock;
  let kairox: Kairox;
  let owner: SignedInClient;
  let connectionId: string;
  let intake: IntakeDriver;
  let esFront: { conId: number; lastTradeDate: string };

  const buy = (symbol: string, qty: number, extra: Record<string, unknown> = {}) => intake.submit({ instrument: { symbol }, action: 'buy', size: { qty }, ...extra });
  const sell = (symbol: string, qty: number, extra: Record<string, unknown> = {}) => intake.submit({ instrument: { symbol }, action: 'sell', size: { qty }, ...extra });
  /**
   * A trade prints at `price` on a new price step. Kairox answers quotes from a held streaming line,
   * whose tick arrives over the socket: the next signal is decided only once the line has it.
   */
  const pinPrice = async (conId: number, price: number) => {
    clock.shift(1000);
    gateway.setPrice(conId, price);
    const session = kairox.worker?.session(connectionId);
    if (!session) throw new Error('no session runs for the connection');
    const contract = { conId, symbol: '', secType: 'STK', exchange: 'SMART', currency: 'USD' };
    const deadline = Date.now() + 10_000;
    while ((await session.marketSnapshot(contract, { held: true, allowDelayed: false, timeoutMs: 2000 })).last !== price) {
      if (Date.now() > deadline) throw new Error(`Kairox's quote line for ${conId} never showed ${price}`);
      await new Promise((r) => setImmediate(r));
    }
  };
  const withPolicy = async (policy: Record<string, unknown>, body: () => Promise<void>) => {
    await intake.setPolicy({ ...LIBERAL, ...policy });
    try {
      await body();
    } finally {
      await intake.setPolicy(LIBERAL);
    }
  };

  beforeAll(async () => {
    clock = manualClock(TUESDAY_NOON_NEW_YORK);
    // Real hours: the trading-hours rule is judged against the instruments' own sessions.
    gateway = await startGateway({ port: 0, accounts: [ACCOUNT], seed: 11, clock, hours: 'real' });
    kairox = await startKairox(engine, {}, { worker: true, clock });
    await kairox.worker?.start();
    owner = await setUp(kairox);
    connectionId = await readyConnection(owner, { hostPort: `127.0.0.1:${gateway.port}`, clientId: 61, accountId: ACCOUNT });
    intake = intakeDriver(owner, connectionId, () => clock.now());
    const es = gateway.engine.catalogue.instruments.filter((i) => i.symbol === 'ES' && i.secType === 'FUT')
      .sort((a, b) => a.lastTradeDateOrContractMonth.localeCompare(b.lastTradeDateOrContractMonth))[0];
    if (!es) throw new Error('the simulator lists no ES future');
    esFront = { conId: es.conId, lastTradeDate: es.lastTradeDateOrContractMonth };
    for (const conId of [AAPL, MSFT, AMZN, INTC, KO, esFront.conId]) await approve(owner, connectionId, conId);
    await intake.setPolicy(LIBERAL);
    // The book: positions the rules count (Kairox reads them from IB through its session).
    await fillAtSimulator(gateway, ACCOUNT, INTC, 30);
    await fillAtSimulator(gateway, ACCOUNT, MSFT, 40);
    await fillAtSimulator(gateway, ACCOUNT, AMZN, 100);
    await intake.untilOpenPositions(3);
  });
  afterAll(async () => {
    await kairox?.close();
    await gateway?.close();
  });

  it('records an outcome for every rule the gate has, and this file tests each of them', async () => {
    const answer = await buy('AAPL', 1);
    expectPrepared(answer);
    const rules = answer.signal.decision.steps.filter((s) => s.step.startsWith('risk:')).map((s) => s.step.slice('risk:'.length));
    expect([...rules].sort()).toEqual([...RULES_TESTED].sort());
  });

  it('trading_state: REDUCE_ONLY prepares a sell of the whole long, denies one share more and any buy from flat; HALTED denies', async () => {
    await intake.setTradingState('reduce_only');
    try {
      const whole = await sell('INTC', 30);
      expectPrepared(whole);
      expect(stepOf(whole, 'risk:trading_state')).toMatchObject({ outcome: 'pass', values: { state: 'reduce_only', position: 30, quantity: 30, side: 'SELL' } });

      const past = await sell('INTC', 31);
      expectDenied(past, 'reduce_only');
      expect(stepOf(past, 'risk:trading_state')).toMatchObject({ outcome: 'deny', code: 'reduce_only', values: { state: 'reduce_only', position: 30, quantity: 31 } });

      const fromFlat = await buy('KO', 1);
      expectDenied(fromFlat, 'reduce_only');
      expect(stepOf(fromFlat, 'risk:trading_state')).toMatchObject({ outcome: 'deny', values: { position: 0, quantity: 1, side: 'BUY' } });

      await intake.setTradingState('halted');
      const halted = await sell('INTC', 1);
      expectDenied(halted, 'trading_halted');
      expect(stepOf(halted, 'risk:trading_state')).toMatchObject({ outcome: 'deny', values: { state: 'halted', connectionState: 'halted', workspaceHalted: false } });
    } finally {
      await intake.setTradingState('active');
    }
    expectPrepared(await buy('KO', 1));
  });

  it('allowed_market: a future passes once FUT is listed and is denied market_not_allowed while only STK is', async () => {
    const es = { instrument: { conId: esFront.conId }, action: 'buy', size: { qty: 1 } };
    await withPolicy({ allowedMarkets: ['STK', 'FUT'] }, async () => {
      const listed = await intake.submit(es);
      expectPrepared(listed);
      expect(stepOf(listed, 'risk:allowed_market')).toMatchObject({ outcome: 'pass', values: { actual: 'FUT', limit: 'STK,FUT' } });
    });
    await withPolicy({ allowedMarkets: ['STK'] }, async () => {
      const unlisted = await intake.submit(es);
      expectDenied(unlisted, 'market_not_allowed');
      expect(stepOf(unlisted, 'risk:allowed_market')).toMatchObject({ outcome: 'deny', values: { actual: 'FUT', limit: 'STK' } });
    });
  });

  it('allowed_symbol: a listed symbol passes and an approved symbol not on the list is denied symbol_not_allowed', async () => {
    await withPolicy({ allowedSymbols: ['AAPL'] }, async () => {
      const listed = await buy('AAPL', 1);
      expectPrepared(listed);
      expect(stepOf(listed, 'risk:allowed_symbol')).toMatchObject({ outcome: 'pass', values: { actual: 'AAPL', limit: 'AAPL' } });
      const other = await buy('MSFT', 1);
      expectDenied(other, 'symbol_not_allowed');
      expect(stepOf(other, 'risk:allowed_symbol')).toMatchObject({ outcome: 'deny', values: { actual: 'MSFT', limit: 'AAPL' } });
    });
  });

  it('contract_expiry: a future exactly nearExpiryDays from its last trade date passes, one day more needed denies contract_near_expiry', async () => {
    // Days are counted on the exchange's calendar (CME: Chicago).
    const daysLeft = Math.round((ymdUtc(esFront.lastTradeDate) - dateIn('America/Chicago', clock.now())) / DAY_MS);
    expect(daysLeft).toBeGreaterThan(0);
    const es = { instrument: { conId: esFront.conId }, action: 'buy', size: { qty: 1 } };
    await withPolicy({ allowedMarkets: ['STK', 'FUT'], nearExpiryDays: daysLeft }, async () => {
      const at = await intake.submit(es);
      expectPrepared(at);
      expect(stepOf(at, 'risk:contract_expiry')).toMatchObject({ outcome: 'pass', values: { lastTradeDate: esFront.lastTradeDate, actual: daysLeft, limit: daysLeft, unit: 'days' } });
    });
    await withPolicy({ allowedMarkets: ['STK', 'FUT'], nearExpiryDays: daysLeft + 1 }, async () => {
      const past = await intake.submit(es);
      expectDenied(past, 'contract_near_expiry');
      expect(stepOf(past, 'risk:contract_expiry')).toMatchObject({ outcome: 'deny', values: { actual: daysLeft, limit: daysLeft + 1, allowNearExpiry: false } });
    });
  });

  it('stale_signal: a signal exactly its time-to-live old passes, one millisecond older is denied stale_signal', async () => {
    const at = await buy('AAPL', 1, { signalTime: new Date(clock.now() - 30_000).toISOString(), ttlSeconds: 30 });
    expectPrepared(at);
    expect(stepOf(at, 'risk:stale_signal')).toMatchObject({ outcome: 'pass', values: { actual: 30, limit: 30, unit: 'seconds' } });
    const past = await buy('AAPL', 1, { signalTime: new Date(clock.now() - 30_001).toISOString(), ttlSeconds: 30 });
    expectDenied(past, 'stale_signal');
    expect(stepOf(past, 'risk:stale_signal')).toMatchObject({ outcome: 'deny', values: { actual: 30.001, limit: 30 } });
  });

  it('price_collar: a limit exactly the collar from the simulator\'s quote passes, a cent further is denied price_collar', async () => {
    await pinPrice(AAPL, 200);
    const at = await buy('AAPL', 1, { orderType: 'LMT', limitPrice: 210 });
    expectPrepared(at);
    expect(stepOf(at, 'reference_price').values).toMatchObject({ price: 200 });
    expect(stepOf(at, 'risk:price_collar')).toMatchObject({ outcome: 'pass', values: { limit: 5, actual: 5, unit: 'percent', field: 'limitPrice', price: 210, referencePrice: 200 } });
    const past = await buy('AAPL', 1, { orderType: 'LMT', limitPrice: 210.01 });
    expectDenied(past, 'price_collar');
    expect(stepOf(past, 'risk:price_collar')).toMatchObject({ outcome: 'deny', values: { price: 210.01, referencePrice: 200 } });
    expect(stepOf(past, 'risk:price_collar').values?.actual).toBeCloseTo(5.005, 9);
    // A market order has no price of its own to collar.
    expect(stepOf(await buy('AAPL', 1), 'risk:price_collar').outcome).toBe('skip');
  });

  it('max_order_quantity: the limit passes, one size increment more is denied max_order_quantity', async () => {
    await withPolicy({ maxOrderQuantity: 10 }, async () => {
      const at = await buy('AAPL', 10);
      expectPrepared(at);
      expect(stepOf(at, 'risk:max_order_quantity')).toMatchObject({ outcome: 'pass', values: { limit: 10, actual: 10 } });
      const past = await buy('AAPL', 10.0001);
      expectDenied(past, 'max_order_quantity');
      expect(stepOf(past, 'risk:max_order_quantity')).toMatchObject({ outcome: 'deny', values: { limit: 10, actual: 10.0001 } });
    });
  });

  it('max_order_notional: an order worth exactly the limit at the simulator\'s price passes, two cents more is denied max_order_notional', async () => {
    await pinPrice(AAPL, 200);
    await withPolicy({ maxOrderNotional: 2000 }, async () => {
      const at = await buy('AAPL', 10);
      expectPrepared(at);
      expect(stepOf(at, 'risk:max_order_notional')).toMatchObject({ outcome: 'pass', values: { limit: 2000, actual: 2000, price: 200, multiplier: 1, fxRate: 1, unit: 'USD' } });
      const past = await buy('AAPL', 10.0001);
      expectDenied(past, 'max_order_notional');
      expect(stepOf(past, 'risk:max_order_notional')).toMatchObject({ outcome: 'deny', values: { limit: 2000, price: 200 } });
      expect(stepOf(past, 'risk:max_order_notional').values?.actual).toBeCloseTo(2000.02, 6);
    });
  });

  it('max_position_quantity: a buy that takes the held position to the limit passes, one share more is denied max_position_quantity', async () => {
    const held = gateway.engine.positions(ACCOUNT).find((p) => p.instrument.conId === MSFT)?.position ?? 0;
    expect(held).toBe(40);
    await withPolicy({ maxPositionQuantity: held + 10 }, async () => {
      const at = await buy('MSFT', 10);
      expectPrepared(at);
      expect(stepOf(at, 'risk:max_position_quantity')).toMatchObject({ outcome: 'pass', values: { limit: held + 10, actual: held + 10, position: held, before: held } });
      const past = await buy('MSFT', 11);
      expectDenied(past, 'max_position_quantity');
      expect(stepOf(past, 'risk:max_position_quantity')).toMatchObject({ outcome: 'deny', values: { limit: held + 10, actual: held + 11, position: held } });
    });
  });

  it('max_position_notional: the held position plus the buy worth exactly the limit passes, one size increment more is denied max_position_notional', async () => {
    await pinPrice(MSFT, 400);
    const held = gateway.engine.positions(ACCOUNT).find((p) => p.instrument.conId === MSFT)?.position ?? 0;
    const limit = (held + 10) * 400;
    await withPolicy({ maxPositionNotional: limit }, async () => {
      const at = await buy('MSFT', 10);
      expectPrepared(at);
      expect(stepOf(at, 'risk:max_position_notional')).toMatchObject({ outcome: 'pass', values: { limit, actual: limit, before: held * 400, price: 400 } });
      const past = await buy('MSFT', 10.0001);
      expectDenied(past, 'max_position_notional');
      expect(stepOf(past, 'risk:max_position_notional').values?.actual).toBeCloseTo(limit + 0.04, 6);
    });
  });

  it('max_open_positions: a new contract as the last allowed position passes, one past the limit is denied max_open_positions; a held contract opens none', async () => {
    const open = gateway.engine.positions(ACCOUNT).filter((p) => p.position !== 0).length;
    expect(open).toBeGreaterThanOrEqual(3);
    await withPolicy({ maxOpenPositions: open + 1 }, async () => {
      const at = await buy('AAPL', 1);
      expectPrepared(at);
      expect(stepOf(at, 'risk:max_open_positions')).toMatchObject({ outcome: 'pass', values: { limit: open + 1, actual: open + 1, opensNewPosition: true } });
    });
    await withPolicy({ maxOpenPositions: open }, async () => {
      const past = await buy('AAPL', 1);
      expectDenied(past, 'max_open_positions');
      expect(stepOf(past, 'risk:max_open_positions')).toMatchObject({ outcome: 'deny', values: { limit: open, actual: open + 1, opensNewPosition: true } });
      const held = await buy('MSFT', 1);
      expectPrepared(held);
      expect(stepOf(held, 'risk:max_open_positions')).toMatchObject({ outcome: 'pass', values: { actual: open, opensNewPosition: false } });
    });
  });

  it('max_gross_exposure: the book plus the buy worth exactly the limit passes, one size increment more is denied max_gross_exposure', async () => {
    await pinPrice(AAPL, 200);
    // Kairox values the other positions as IB reports them (quantity x average cost): intake reads no quote for them.
    const others = gateway.engine.positions(ACCOUNT).filter((p) => p.instrument.conId !== AAPL && p.position !== 0)
      .reduce((sum, p) => sum + Math.abs(p.position * p.avgCost), 0);
    const limit = others + 10 * 200;
    await withPolicy({ maxGrossExposure: limit }, async () => {
      const at = await buy('AAPL', 10);
      expectPrepared(at);
      const passed = stepOf(at, 'risk:max_gross_exposure');
      expect(passed).toMatchObject({ outcome: 'pass', values: { limit, unit: 'USD' } });
      expect(passed.values?.actual).toBeCloseTo(limit, 6);
      expect(passed.values?.before).toBeCloseTo(others, 6);
      const past = await buy('AAPL', 10.0001);
      expectDenied(past, 'max_gross_exposure');
      expect(stepOf(past, 'risk:max_gross_exposure').values?.actual).toBeCloseTo(limit + 0.02, 6);
    });
  });

  it('max_daily_loss: a day\'s loss (the simulator\'s P&L) exactly at the limit passes, a cent less allowed denies new exposure but not a reducing sell', async () => {
    // IB pushes P&L at most once a (simulated) second: a second on, the new price reaches Kairox.
    await pinPrice(AMZN, 150);
    const pnl = gateway.engine.pnl([ACCOUNT]);
    if (!pnl) throw new Error('the simulator has no P&L for the account');
    const loss = -(pnl.realizedPnL + pnl.unrealizedPnL);
    expect(loss).toBeGreaterThan(1000);
    await intake.untilDailyPnl({ realized: pnl.realizedPnL, unrealized: pnl.unrealizedPnL });
    await withPolicy({ maxDailyLoss: loss }, async () => {
      const at = await buy('AAPL', 1);
      expectPrepared(at);
      expect(stepOf(at, 'risk:max_daily_loss')).toMatchObject({ outcome: 'pass', values: { limit: loss, actual: loss, realized: pnl.realizedPnL, unrealized: pnl.unrealizedPnL } });
    });
    await withPolicy({ maxDailyLoss: loss - 0.01 }, async () => {
      const past = await buy('AAPL', 1);
      expectDenied(past, 'max_daily_loss');
      expect(stepOf(past, 'risk:max_daily_loss')).toMatchObject({ outcome: 'deny', values: { limit: loss - 0.01, actual: loss } });
      const reducing = await sell('AMZN', 10);
      expectPrepared(reducing);
      expect(stepOf(reducing, 'risk:max_daily_loss')).toMatchObject({ outcome: 'pass', message: expect.stringContaining('lowers the position') });
    });
  });

  it('max_orders_per_day: the order that reaches the day\'s limit passes, the next is denied max_orders_per_day', async () => {
    // Orders prepared today (UTC day, as Kairox counts it), read back over the API.
    let prepared = 0;
    let before: string | null = null;
    do {
      const page = (await owner.request({ url: `/api/signals?connectionId=${connectionId}&status=prepared&since=${new Date(Math.floor(clock.now() / DAY_MS) * DAY_MS).toISOString()}&limit=200${before ? `&before=${before}` : ''}` }))
        .json() as { signals: Array<{ kairoxOrderId: string | null }>; nextBefore: string | null };
      prepared += page.signals.filter((s) => s.kairoxOrderId !== null).length;
      before = page.nextBefore;
    } while (before !== null);
    expect(prepared).toBeGreaterThan(10);
    await withPolicy({ maxOrdersPerDay: prepared + 1 }, async () => {
      const at = await buy('AAPL', 1);
      expectPrepared(at);
      expect(stepOf(at, 'risk:max_orders_per_day')).toMatchObject({ outcome: 'pass', values: { limit: prepared + 1, actual: prepared + 1, unit: 'orders' } });
      const past = await buy('AAPL', 1);
      expectDenied(past, 'max_orders_per_day');
      expect(stepOf(past, 'risk:max_orders_per_day')).toMatchObject({ outcome: 'deny', values: { limit: prepared + 1, actual: prepared + 2 } });
    });
  });

  it('duplicate_signal: the same signal exactly the window later passes, a millisecond inside the window is denied duplicate_signal', async () => {
    // No signalTime, so the same body makes the same fingerprint.
    const same = { instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 2 }, note: 'duplicate edge', signalTime: undefined };
    await withPolicy({ duplicateWindowSeconds: 30 }, async () => {
      expectPrepared(await intake.submit(same));
      const again = await intake.submit(same);
      expectDenied(again, 'duplicate_signal');
      expect(stepOf(again, 'risk:duplicate_signal')).toMatchObject({ outcome: 'deny', values: { limit: 30, actual: 0 } });

      clock.shift(30_000);
      const atEdge = await intake.submit(same);
      expectPrepared(atEdge);
      expect(stepOf(atEdge, 'risk:duplicate_signal')).toMatchObject({ outcome: 'pass', values: { limit: 30, actual: null } });

      clock.shift(29_999);
      const inside = await intake.submit(same);
      expectDenied(inside, 'duplicate_signal');
      expect(stepOf(inside, 'risk:duplicate_signal')).toMatchObject({ outcome: 'deny', values: { limit: 30, actual: 29.999, firstReceivedAt: new Date(clock.now() - 29_999).toISOString() } });
    });
  });

  it('max_orders_per_minute: the order that reaches the limit in 60 seconds passes, the next is denied max_orders_per_minute', async () => {
    // Past every earlier order's minute: the window is empty.
    clock.shift(60_001);
    await withPolicy({ maxOrdersPerMinute: 2 }, async () => {
      expect(stepOf(await buy('AAPL', 1), 'risk:max_orders_per_minute')).toMatchObject({ outcome: 'pass', values: { limit: 2, actual: 1 } });
      const at = await buy('AAPL', 1);
      expectPrepared(at);
      expect(stepOf(at, 'risk:max_orders_per_minute')).toMatchObject({ outcome: 'pass', values: { limit: 2, actual: 2, unit: 'orders' } });
      const past = await buy('AAPL', 1);
      expectDenied(past, 'max_orders_per_minute');
      expect(stepOf(past, 'risk:max_orders_per_minute')).toMatchObject({ outcome: 'deny', values: { limit: 2, actual: 3 } });
    });
  });

  it('trading_hours: the last millisecond of the liquid hours passes, their end is denied outside_trading_hours unless outsideRth is allowed', async () => {
    clock.set(TUESDAY_CLOSE_NEW_YORK - 1);
    const at = await buy('AAPL', 1);
    expectPrepared(at);
    expect(stepOf(at, 'risk:trading_hours')).toMatchObject({ outcome: 'pass', values: { hours: 'liquidHours', sessionEnd: new Date(TUESDAY_CLOSE_NEW_YORK).toISOString() } });

    clock.set(TUESDAY_CLOSE_NEW_YORK);
    const past = await buy('AAPL', 1);
    expectDenied(past, 'outside_trading_hours');
    expect(stepOf(past, 'risk:trading_hours')).toMatchObject({ outcome: 'deny', values: { hours: 'liquidHours', now: new Date(TUESDAY_CLOSE_NEW_YORK).toISOString(), nextOpen: '2026-12-02T14:30:00.000Z' } });

    const notAllowed = await buy('AAPL', 1, { outsideRth: true });
    expectDenied(notAllowed, 'outside_trading_hours');
    await withPolicy({ allowOutsideRth: true }, async () => {
      const extended = await buy('AAPL', 1, { outsideRth: true });
      expectPrepared(extended);
      expect(stepOf(extended, 'risk:trading_hours')).toMatchObject({ outcome: 'pass', values: { hours: 'tradingHours', outsideRth: true, allowOutsideRth: true } });
    });
  });
});
