// Risk contexts whose whole decisions (every outcome, code, message and value, keys in order) are
// pinned by gate.pinned-outcomes-*.test.ts: inside and outside a session, over midnight, a closed
// day, the days US/Eastern changes to and from daylight saving, a 24-hour FX pair, a future near
// expiry, and the order and book rules on their deny and pass sides.
import type { RiskContext } from '../../src/risk/context.ts';
import { parseRiskPolicy, type RiskPolicy, type RiskPolicyInput } from '../../src/risk/policy.ts';
import { riskContext, type ContextChanges } from './risk-context.ts';

export interface GateCase { name: string; ctx: RiskContext; policy: RiskPolicy }

function policy(input: RiskPolicyInput): RiskPolicy {
  const r = parseRiskPolicy(input);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.policy;
}

const at = (s: string): number => Date.parse(s);

/** `days` days from `first` (YYYY-MM-DD), weekends CLOSED, each weekday one session `open`-`close`. */
function weekdays(first: string, days: number, open: string, close: string): string {
  const parts: string[] = [];
  const start = at(`${first}T00:00:00Z`);
  for (let i = 0; i < days; i++) {
    const d = new Date(start + i * 86_400_000);
    const day = d.toISOString().slice(0, 10).replaceAll('-', '');
    const weekday = d.getUTCDay();
    parts.push(weekday === 0 || weekday === 6 ? `${day}:CLOSED` : `${day}:${open}-${day}:${close}`);
  }
  return parts.join(';');
}

/** A 24-hour FX week as IB gives it for IDEALPRO: 17:15 to 17:00 the next day, closed over the weekend. */
function fxWeek(first: string, days: number): string {
  const parts: string[] = [];
  const start = at(`${first}T00:00:00Z`);
  for (let i = 0; i < days; i++) {
    const d = new Date(start + i * 86_400_000);
    const next = new Date(start + (i + 1) * 86_400_000);
    const day = d.toISOString().slice(0, 10).replaceAll('-', '');
    const nextDay = next.toISOString().slice(0, 10).replaceAll('-', '');
    const weekday = d.getUTCDay();
    parts.push(weekday === 5 || weekday === 6 ? `${day}:CLOSED` : `${day}:1715-${nextDay}:1700`);
  }
  return parts.join(';');
}

const AAPL_30_DAYS = { liquidHours: weekdays('2026-12-01', 30, '0930', '1600'), tradingHours: weekdays('2026-12-01', 30, '0400', '2000') };
const SPRING_FORWARD = { liquidHours: weekdays('2026-03-05', 6, '0930', '1600'), tradingHours: weekdays('2026-03-05', 6, '0400', '2000') };
const FALL_BACK = { liquidHours: weekdays('2026-10-29', 6, '0930', '1600'), tradingHours: weekdays('2026-10-29', 6, '0400', '2000') };

const withOverride = policy({
  maxOrderQuantity: 1_000, maxOrderNotional: 50_000, allowedMarkets: ['STK', 'FUT', 'CASH'],
  markets: { FUT: { maxOrderNotional: 400_000, maxPositionNotional: 400_000, maxGrossExposure: 400_000, allowOutsideRth: true } },
  symbols: { AAPL: { maxOrderQuantity: 200, priceCollarPercent: 3 }, EUR: { maxOrderNotional: 200_000, maxPositionNotional: 200_000, maxPositionQuantity: 200_000, maxOrderQuantity: 200_000, allowOutsideRth: true } },
});
const defaults = policy({});
const outsideRthAllowed = policy({ allowOutsideRth: true });
const futures = policy({ allowedMarkets: ['FUT'], maxOrderNotional: 400_000, maxPositionNotional: 400_000, maxGrossExposure: 400_000 });
const futuresOutsideRth = policy({ allowedMarkets: ['FUT'], maxOrderNotional: 400_000, maxPositionNotional: 400_000, maxGrossExposure: 400_000, allowOutsideRth: true });

/** A context at `now` whose signal was made a second before it. */
function atTime(now: string, changes: ContextChanges = {}): RiskContext {
  const t = at(now);
  return riskContext({ now: t, signal: { time: t - 1_000, ttlSeconds: 60, fingerprint: 'fp-this-signal' }, ...changes });
}

const ES = {
  conId: 495512563, symbol: 'ES', secType: 'FUT' as const, multiplier: 50, lastTradeDate: '20261218', timeZoneId: 'US/Central',
  liquidHours: '20261130:0830-20261130:1500;20261201:0830-20261201:1500;20261202:0830-20261202:1500',
  tradingHours: '20261129:1700-20261130:1600;20261130:1700-20261201:1600;20261201:1700-20261202:1600',
};
const ES_ORDER = { quantity: 1, orderType: 'MKT' as const, limitPrice: undefined, outsideRth: true };
const EURUSD = {
  conId: 12087792, symbol: 'EUR', secType: 'CASH' as const, currency: 'USD', multiplier: 1, timeZoneId: 'US/Eastern',
  liquidHours: fxWeek('2026-11-29', 14), tradingHours: fxWeek('2026-11-29', 14),
};
const EURUSD_ORDER = { quantity: 20_000, orderType: 'LMT' as const, limitPrice: 1.1612 };

export const GATE_CASES: readonly GateCase[] = [
  // Inside and outside the liquid hours of a 30-day string, with a symbol override.
  { name: 'AAPL inside its liquid hours, 30 days of hours, a symbol override', policy: withOverride, ctx: atTime('2026-12-01T15:00:00Z', {
    instrument: AAPL_30_DAYS, order: { limitPrice: 230.5 }, referencePrice: 231.12,
    positions: [{ conId: 265598, symbol: 'AAPL', secType: 'STK', quantity: 20, marketValue: 4622.4 }, { conId: 272093, symbol: 'MSFT', secType: 'STK', quantity: 5, marketValue: 2100 }],
    openOrders: [{ conId: 265598, side: 'SELL', remainingQuantity: 5 }],
    usage: { ordersLastMinute: 1, ordersToday: 4, dailyPnl: { realized: -12.5, unrealized: 30.25 } },
    recentSignals: [{ fingerprint: 'fp-other', receivedAt: at('2026-12-01T14:59:40Z') }],
  }) },
  { name: 'AAPL at the first millisecond of a session', policy: withOverride, ctx: atTime('2026-12-02T14:30:00.000Z', { instrument: AAPL_30_DAYS }) },
  { name: 'AAPL at the end of a session (exclusive)', policy: withOverride, ctx: atTime('2026-12-02T21:00:00.000Z', { instrument: AAPL_30_DAYS }) },
  { name: 'AAPL before the open, next open the same day', policy: withOverride, ctx: atTime('2026-12-03T13:00:00Z', { instrument: AAPL_30_DAYS }) },
  { name: 'AAPL on a Saturday (CLOSED), next open Monday', policy: withOverride, ctx: atTime('2026-12-05T16:00:00Z', { instrument: AAPL_30_DAYS }) },
  { name: 'AAPL after the last session the string lists', policy: withOverride, ctx: atTime('2026-12-30T23:00:00Z', { instrument: AAPL_30_DAYS }) },
  { name: 'AAPL on a day the string does not cover', policy: withOverride, ctx: atTime('2027-01-15T15:00:00Z', { instrument: AAPL_30_DAYS }) },
  { name: 'AAPL before the first day the string covers', policy: withOverride, ctx: atTime('2026-11-30T15:00:00Z', { instrument: AAPL_30_DAYS }) },
  { name: 'AAPL outsideRth premarket, policy allows it', policy: outsideRthAllowed, ctx: atTime('2026-12-01T10:00:00Z', { instrument: AAPL_30_DAYS, order: { outsideRth: true } }) },
  { name: 'AAPL outsideRth premarket, policy does not allow it', policy: defaults, ctx: atTime('2026-12-01T10:00:00Z', { instrument: AAPL_30_DAYS, order: { outsideRth: true } }) },
  { name: 'a holiday IB writes CLOSED, naming the next open', policy: defaults, ctx: atTime('2026-11-26T16:00:00Z', {
    instrument: { liquidHours: '20261125:0930-20261125:1600;20261126:CLOSED;20261127:0930-20261127:1300' },
  }) },
  { name: 'the older end-time-only form', policy: defaults, ctx: atTime('2026-12-01T15:00:00Z', { instrument: { liquidHours: '20261201:0930-1600;20261202:CLOSED' } }) },
  { name: 'no liquid hours from IB', policy: defaults, ctx: atTime('2026-12-01T15:00:00Z', { instrument: { liquidHours: undefined } }) },
  { name: 'a zone Kairox does not know', policy: defaults, ctx: atTime('2026-12-01T15:00:00Z', { instrument: { timeZoneId: 'Mars/Olympus' } }) },
  { name: 'hours that cannot be read', policy: defaults, ctx: atTime('2026-12-01T15:00:00Z', { instrument: { liquidHours: '20261201:0930-20261201:9999' } }) },
  { name: 'IB\'s "EST (Eastern Standard Time)" zone name in July', policy: defaults, ctx: atTime('2026-07-01T13:30:00Z', {
    instrument: { liquidHours: '20260701:0930-20260701:1600;20260702:0930-20260702:1600', timeZoneId: 'EST (Eastern Standard Time)' },
  }) },
  // US/Eastern changes to daylight saving on Sunday 2026-03-08 and back on Sunday 2026-11-01.
  { name: 'the Friday before spring forward, 09:35 EST', policy: defaults, ctx: atTime('2026-03-06T14:35:00Z', { instrument: SPRING_FORWARD }) },
  { name: 'spring-forward Sunday (CLOSED), next open Monday 09:30 EDT', policy: defaults, ctx: atTime('2026-03-08T15:00:00Z', { instrument: SPRING_FORWARD }) },
  { name: 'the Monday after spring forward, 09:35 EDT', policy: defaults, ctx: atTime('2026-03-09T13:35:00Z', { instrument: SPRING_FORWARD }) },
  { name: 'the Monday after spring forward, 09:25 EDT (would be open in EST)', policy: defaults, ctx: atTime('2026-03-09T13:25:00Z', { instrument: SPRING_FORWARD }) },
  { name: 'a session at the skipped hour of spring forward', policy: outsideRthAllowed, ctx: atTime('2026-03-08T07:30:00Z', {
    order: { outsideRth: true }, instrument: { tradingHours: '20260308:0200-20260308:0400;20260309:0400-20260309:2000' },
  }) },
  { name: 'the Friday before fall back, 09:35 EDT', policy: defaults, ctx: atTime('2026-10-30T13:35:00Z', { instrument: FALL_BACK }) },
  { name: 'fall-back Sunday (CLOSED) at the repeated hour', policy: defaults, ctx: atTime('2026-11-01T05:30:00Z', { instrument: FALL_BACK }) },
  { name: 'the Monday after fall back, 09:35 EST', policy: defaults, ctx: atTime('2026-11-02T14:35:00Z', { instrument: FALL_BACK }) },
  { name: 'the Monday after fall back, 09:25 EST (would be open in EDT)', policy: defaults, ctx: atTime('2026-11-02T14:25:00Z', { instrument: FALL_BACK }) },
  { name: 'a session over the repeated hour of fall back', policy: outsideRthAllowed, ctx: atTime('2026-11-01T05:30:00Z', {
    order: { outsideRth: true }, instrument: { tradingHours: '20261101:0000-20261101:0300;20261102:0400-20261102:2000' },
  }) },
  { name: 'a futures session over the spring-forward night', policy: futuresOutsideRth, ctx: atTime('2026-03-09T03:00:00Z', {
    referencePrice: 6_000, order: ES_ORDER, instrument: { ...ES, lastTradeDate: '20260320', tradingHours: '20260306:1700-20260309:1600;20260309:1700-20260310:1600' },
  }) },
  // Futures over midnight, near expiry.
  { name: 'ES outsideRth in its overnight session, allowed', policy: futuresOutsideRth, ctx: atTime('2026-12-01T02:00:00Z', { referencePrice: 6_000, order: ES_ORDER, instrument: ES }) },
  { name: 'ES outsideRth in its overnight session, liquid hours only', policy: futures, ctx: atTime('2026-12-01T02:00:00Z', { referencePrice: 6_000, order: ES_ORDER, instrument: ES }) },
  { name: 'ES in the daily break', policy: futuresOutsideRth, ctx: atTime('2026-12-01T22:30:00Z', { referencePrice: 6_000, order: ES_ORDER, instrument: ES }) },
  { name: 'ES two days before its last trade date', policy: futuresOutsideRth, ctx: atTime('2026-12-16T15:00:00Z', {
    referencePrice: 6_000, order: ES_ORDER, instrument: { ...ES, tradingHours: '20261215:1700-20261216:1600;20261216:1700-20261217:1600' },
  }) },
  { name: 'ES near expiry, but selling out of a long', policy: futuresOutsideRth, ctx: atTime('2026-12-16T15:00:00Z', {
    referencePrice: 6_000, order: { ...ES_ORDER, side: 'SELL' }, instrument: { ...ES, tradingHours: '20261215:1700-20261216:1600;20261216:1700-20261217:1600' },
    positions: [{ conId: 495512563, symbol: 'ES', secType: 'FUT', quantity: 2, marketValue: 600_000 }],
  }) },
  { name: 'ES after its last trade date', policy: futuresOutsideRth, ctx: atTime('2026-12-21T15:00:00Z', { referencePrice: 6_000, order: ES_ORDER, instrument: ES }) },
  { name: 'ES at 23:30 Chicago, a day before the UTC day changes', policy: futuresOutsideRth, ctx: atTime('2026-12-15T05:30:00Z', {
    referencePrice: 6_000, order: ES_ORDER, instrument: { ...ES, tradingHours: '20261214:1700-20261215:1600;20261215:1700-20261216:1600' },
  }) },
  // A 24-hour FX pair: open around the clock but for 17:00-17:15 New York and the weekend.
  { name: 'EUR.USD at 03:00 New York', policy: withOverride, ctx: atTime('2026-12-02T08:00:00Z', { referencePrice: 1.1608, order: EURUSD_ORDER, instrument: EURUSD }) },
  { name: 'EUR.USD over New York midnight', policy: withOverride, ctx: atTime('2026-12-03T05:00:00Z', { referencePrice: 1.1608, order: EURUSD_ORDER, instrument: EURUSD }) },
  { name: 'EUR.USD in its 17:00-17:15 break', policy: withOverride, ctx: atTime('2026-12-02T22:05:00Z', { referencePrice: 1.1608, order: EURUSD_ORDER, instrument: EURUSD }) },
  { name: 'EUR.USD on a Saturday', policy: withOverride, ctx: atTime('2026-12-05T15:00:00Z', { referencePrice: 1.1608, order: EURUSD_ORDER, instrument: EURUSD }) },
  { name: 'EUR.USD without an exchange rate to a EUR account', policy: withOverride, ctx: atTime('2026-12-02T08:00:00Z', {
    referencePrice: 1.1608, order: EURUSD_ORDER, instrument: EURUSD, account: { netLiquidation: 100_000, availableFunds: 80_000, currency: 'EUR' },
  }) },
  { name: 'EUR.USD to a EUR account with a rate', policy: withOverride, ctx: atTime('2026-12-02T08:00:00Z', {
    referencePrice: 1.1608, fxRate: 0.8614, order: EURUSD_ORDER, instrument: EURUSD, account: { netLiquidation: 100_000, availableFunds: 80_000, currency: 'EUR' },
  }) },
  // The order and book rules on both sides.
  { name: 'a duplicate among several recent signals (the newest is named)', policy: defaults, ctx: riskContext({
    recentSignals: [
      { fingerprint: 'fp-this-signal', receivedAt: at('2026-12-01T14:59:20Z') }, { fingerprint: 'fp-other', receivedAt: at('2026-12-01T14:59:50Z') },
      { fingerprint: 'fp-this-signal', receivedAt: at('2026-12-01T14:59:45Z') }, { fingerprint: 'fp-this-signal', receivedAt: at('2026-12-01T14:59:45Z') },
      { fingerprint: 'fp-this-signal', receivedAt: at('2026-12-01T15:00:05Z') }, { fingerprint: 'fp-this-signal', receivedAt: at('2026-12-01T14:58:00Z') },
    ],
  }) },
  { name: 'a signal from the future and one long expired', policy: defaults, ctx: riskContext({ signal: { time: at('2026-12-01T15:00:10Z'), fingerprint: 'f' } }) },
  { name: 'an expired signal with the default TTL', policy: defaults, ctx: riskContext({ signal: { time: at('2026-12-01T14:58:00Z'), fingerprint: 'f' } }) },
  { name: 'STP LMT: the stop is the farther price', policy: defaults, ctx: riskContext({ order: { orderType: 'STP LMT', limitPrice: 101, stopPrice: 94.5 } }) },
  { name: 'STP LMT: both prices equally far', policy: defaults, ctx: riskContext({ order: { orderType: 'STP LMT', limitPrice: 103, stopPrice: 97 } }) },
  { name: 'STP LMT: the limit is the farther price, inside the collar', policy: defaults, ctx: riskContext({ order: { orderType: 'STP LMT', limitPrice: 104, stopPrice: 99 } }) },
  { name: 'STP: a stop only', policy: defaults, ctx: riskContext({ order: { orderType: 'STP', limitPrice: undefined, stopPrice: 106 } }) },
  { name: 'MKT with no reference price', policy: defaults, ctx: riskContext({ order: { orderType: 'MKT', limitPrice: undefined }, referencePrice: undefined }) },
  { name: 'LMT with no reference price', policy: defaults, ctx: riskContext({ referencePrice: undefined }) },
  { name: 'a limit above the reference values the order by the limit', policy: defaults, ctx: riskContext({ order: { limitPrice: 104.99, quantity: 96 } }) },
  { name: 'reduce-only connection, a sell that lowers a long', policy: defaults, ctx: riskContext({
    tradingState: 'reduce_only', order: { side: 'SELL', quantity: 5 },
    positions: [{ conId: 265598, symbol: 'AAPL', secType: 'STK', quantity: 8, marketValue: 800 }, { conId: 265598, symbol: 'AAPL', secType: 'STK', quantity: 4, marketValue: 400 }],
    openOrders: [{ conId: 265598, side: 'SELL', remainingQuantity: 3 }, { conId: 1, side: 'SELL', remainingQuantity: 50 }, { conId: 265598, side: 'BUY', remainingQuantity: 2 }],
  }) },
  { name: 'reduce-only order that would not lower the position', policy: defaults, ctx: riskContext({
    order: { reduceOnly: true, side: 'SELL', quantity: 10 }, positions: [{ conId: 265598, symbol: 'AAPL', secType: 'STK', quantity: 12, marketValue: 1_200 }],
    openOrders: [{ conId: 265598, side: 'SELL', remainingQuantity: 5 }],
  }) },
  { name: 'halted by the workspace kill switch', policy: defaults, ctx: riskContext({ workspaceHalted: true }) },
  { name: 'halted connection', policy: defaults, ctx: riskContext({ tradingState: 'halted' }) },
  { name: 'no daily P&L from IB', policy: defaults, ctx: riskContext({ usage: { ordersLastMinute: 0, ordersToday: 0 } }) },
  { name: 'past the daily loss, order rates at and past their limits', policy: defaults, ctx: riskContext({
    usage: { ordersLastMinute: 5, ordersToday: 19, dailyPnl: { realized: -400.123456, unrealized: -100.01 } },
  }) },
  { name: 'a market and a symbol not allowed', policy: policy({ allowedSymbols: ['MSFT', 'TSLA'] }), ctx: riskContext({ instrument: { secType: 'OPT' } }) },
  { name: 'an empty allowed-symbols list', policy: policy({ allowedSymbols: [], allowedMarkets: [] }), ctx: riskContext() },
  { name: 'positions, working orders and gross exposure over their limits', policy: defaults, ctx: riskContext({
    order: { quantity: 90, limitPrice: 100.3 },
    positions: [
      { conId: 265598, symbol: 'AAPL', secType: 'STK', quantity: 420, marketValue: 42_000.5 },
      { conId: 2, symbol: 'X2', secType: 'STK', quantity: -30, marketValue: -3_000.25 },
      ...Array.from({ length: 9 }, (_, i) => ({ conId: 10 + i, symbol: `S${i}`, secType: 'STK' as const, quantity: i + 1, marketValue: 6_000.1 * (i + 1) })),
    ],
    openOrders: [{ conId: 265598, side: 'BUY', remainingQuantity: 20 }, { conId: 99, side: 'BUY', remainingQuantity: 1 }, { conId: 100, side: 'SELL', remainingQuantity: 0 }],
  }) },
  { name: 'a short that a buy reduces past its limits', policy: defaults, ctx: riskContext({
    order: { quantity: 50, limitPrice: 100 },
    positions: [{ conId: 265598, symbol: 'AAPL', secType: 'STK', quantity: -700, marketValue: -70_000 }],
  }) },
];
