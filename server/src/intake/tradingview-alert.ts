// The TradingView / TradersPost-style alert, the format most alert senders already speak, turned
// into a Kairox signal. Its fields are those of TradersPost's format (ticker, action, sentiment,
// quantity, orderType, prices, ...) with TradingView's habits: numbers that arrive as text ("10",
// when a placeholder is quoted), `NASDAQ:AAPL` and the `_DL` suffix TradingView adds to the
// exchange on delayed data. Unknown fields are refused by name: a misspelt `stopLoss` silently
// dropped would leave a position unprotected.
import { z } from 'zod';
import { signalProblemOf, signalSchemaNamed, type Signal, type SignalAction, type SignalFieldNames, type SignalInput, type SignalProblem } from '../domain/index.ts';

const DECIMAL = /^\s*-?\d+(\.\d+)?\s*$/;

/** A number, or digits sent as text ("10") because the alert quoted a placeholder. */
function numeric(example: number) {
  const expects = `must be a number such as ${example} (digits as text, "${example}", are accepted too).`;
  return z.union([z.number(), z.string().regex(DECIMAL, { error: expects }).transform(Number)], { error: expects });
}

const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')], { error: 'must be true or false.' });

const text = (max: number, expects: string) => z.string({ error: `must be ${expects}.` }).max(max, { error: `must be at most ${max} characters.` });

export const ALERT_ACTIONS = ['buy', 'sell', 'exit', 'cancel', 'add'] as const;
/** The position after the signal; long/short are TradingView's {{strategy.market_position}} words. */
export const ALERT_SENTIMENTS = ['bullish', 'bearish', 'flat', 'long', 'short'] as const;
export const ALERT_ORDER_TYPES = ['market', 'limit', 'stop', 'stop_limit', 'trailing_stop'] as const;

const ORDER_TYPE_OF = { market: 'MKT', limit: 'LMT', stop: 'STP', stop_limit: 'STP LMT', trailing_stop: 'TRAIL' } as const;

const ALERT_FIELDS = 'ticker, exchange, action, sentiment, quantity, orderType, limitPrice, stopPrice, trailAmount, trailPercent, timeInForce, takeProfit, stopLoss, price, time, extendedHours, account, idempotencyKey, strategy, note, ttlSeconds, token, passphrase';

export const TradingViewAlertSchema = z.strictObject({
  ticker: text(64, 'a ticker such as AAPL or NASDAQ:AAPL').describe('The symbol, optionally with its exchange: AAPL, NASDAQ:AAPL ({{ticker}}, or {{exchange}}:{{ticker}}).'),
  exchange: text(32, 'an exchange such as NASDAQ').optional().describe('The exchange ({{exchange}}); a _DL suffix (delayed data) is ignored.'),
  action: z.enum(ALERT_ACTIONS, { error: `must be one of ${ALERT_ACTIONS.join(', ')}.` })
    .describe('buy, sell, exit (close the position), cancel (cancel working orders) or add (to the position, on the sentiment\'s side).'),
  sentiment: z.enum(ALERT_SENTIMENTS, { error: 'must be bullish, bearish or flat (long and short are accepted too).' }).optional()
    .describe('The position after the signal ({{strategy.market_position}}): flat means exit fully.'),
  quantity: numeric(10).optional().describe('How many shares or contracts ({{strategy.order.contracts}}); needed to buy, sell or add.'),
  orderType: z.enum(ALERT_ORDER_TYPES, { error: `must be one of ${ALERT_ORDER_TYPES.join(', ')}.` }).optional().describe('market (default), limit, stop, stop_limit or trailing_stop.'),
  limitPrice: numeric(190.5).optional(),
  stopPrice: numeric(185).optional(),
  trailAmount: numeric(1.5).optional().describe('trailing_stop: the distance in price units.'),
  trailPercent: numeric(1).optional().describe('trailing_stop: the distance as a percentage.'),
  timeInForce: z.enum(['day', 'gtc', 'ioc', 'DAY', 'GTC', 'IOC'], { error: 'must be day, gtc or ioc.' }).optional(),
  takeProfit: z.union([numeric(200), z.strictObject({ limitPrice: numeric(200) })], { error: 'must be a price such as 200, or {"limitPrice": 200}.' }).optional(),
  stopLoss: z.union([numeric(185), z.strictObject({ stopPrice: numeric(185) })], { error: 'must be a price such as 185, or {"stopPrice": 185}.' }).optional(),
  price: numeric(190).optional().describe('The price when the alert fired ({{close}}); recorded and used to check bracket sides.'),
  time: z.string({ error: 'must be an ISO 8601 time such as 2026-12-01T15:00:00Z ({{timenow}}).' }).optional().describe('When the alert fired ({{timenow}}) or its bar time ({{time}}).'),
  extendedHours: flag.optional().describe('Whether the order may fill outside regular trading hours.'),
  account: z.string({ error: 'must be an IBKR account id such as DU1234567.' }).optional(),
  idempotencyKey: z.string({ error: 'must be text.' }).optional(),
  strategy: z.string({ error: 'must be text.' }).optional(),
  note: z.string({ error: 'must be text.' }).optional(),
  ttlSeconds: numeric(60).optional(),
  token: z.string().optional().describe('The webhook secret, when it is not in the URL; never kept.'),
  passphrase: z.string().optional().describe('The webhook secret under another name; never kept.'),
}, {
  error: (issue) => {
    if (issue.code !== 'unrecognized_keys') return 'Send the alert as a JSON object.';
    const shown = issue.keys.filter((k) => /^[A-Za-z0-9_]{1,40}$/.test(k)).map((k) => `"${k}"`);
    return `${shown.length > 0 ? `Unknown field ${shown.join(', ')}` : 'An unknown field'} in the alert: check the spelling; an alert has ${ALERT_FIELDS}.`;
  },
}).meta({
  description: 'A TradingView / TradersPost-style alert, with TradingView\'s placeholders filled in.',
  examples: [{ ticker: 'NASDAQ:AAPL', action: 'buy', sentiment: 'bullish', quantity: '10', orderType: 'limit', limitPrice: '190.5', stopLoss: 185, time: '2026-12-01T15:00:00Z' }],
});

export type TradingViewAlert = z.output<typeof TradingViewAlertSchema>;

/** How the alert spells the signal's fields, so problems name what the sender wrote. */
export const TRADINGVIEW_FIELD_NAMES: SignalFieldNames = {
  'instrument.symbol': 'ticker',
  'instrument.exchange': 'exchange',
  size: 'quantity',
  'size.qty': 'quantity',
  trailingAmount: 'trailAmount',
  trailingPercent: 'trailPercent',
  tif: 'timeInForce',
  outsideRth: 'extendedHours',
  bracket: 'takeProfit',
  'bracket.takeProfit': 'takeProfit',
  'bracket.takeProfit.limitPrice': 'takeProfit',
  'bracket.stopLoss': 'stopLoss',
  'bracket.stopLoss.stopPrice': 'stopLoss',
  referencePrice: 'price',
  signalTime: 'time',
};

const TRADINGVIEW_SIGNAL = signalSchemaNamed(TRADINGVIEW_FIELD_NAMES);

export type AlertSignalResult =
  | { ok: true; signal: Signal; /** Alert fields that the signal does not use (a close needs no quantity). */ ignored: string[] }
  | { ok: false; problem: SignalProblem };

const problem = (field: string, message: string): { ok: false; problem: SignalProblem } => ({ ok: false, problem: { field, message: `${field}: ${message}` } });

/** `NASDAQ:AAPL` → exchange NASDAQ, symbol AAPL; TradingView's `_DL` (delayed data) suffix dropped. */
export function splitTicker(ticker: string, exchangeField?: string): { symbol: string; exchange?: string } | { field: string; message: string } {
  const colon = ticker.indexOf(':');
  const symbol = colon < 0 ? ticker : ticker.slice(colon + 1);
  const prefix = colon < 0 ? undefined : withoutDelayedSuffix(ticker.slice(0, colon));
  const exchange = exchangeField === undefined || exchangeField === '' ? undefined : withoutDelayedSuffix(exchangeField);
  if (colon >= 0 && !prefix) return { field: 'ticker', message: 'has a colon but no exchange before it; send AAPL or NASDAQ:AAPL.' };
  if (prefix && exchange && prefix.toUpperCase() !== exchange.toUpperCase()) {
    return { field: 'exchange', message: 'names another exchange than the ticker\'s prefix; send one of them, or the same in both.' };
  }
  const chosen = prefix ?? exchange;
  return chosen === undefined ? { symbol } : { symbol, exchange: chosen };
}

function withoutDelayedSuffix(exchange: string): string {
  return exchange.replace(/_DL$/i, '');
}

type Direction = { action: SignalAction } | { field: string; message: string };

/** The alert's action and the position it leaves (sentiment) → the Kairox action. */
function directionOf(alert: TradingViewAlert): Direction {
  const sentiment = alert.sentiment === 'long' ? 'bullish' : alert.sentiment === 'short' ? 'bearish' : alert.sentiment;
  switch (alert.action) {
    case 'cancel':
      return { action: 'cancel' };
    case 'exit':
      if (sentiment !== undefined && sentiment !== 'flat') return { field: 'sentiment', message: 'exit leaves the position flat: send sentiment flat, or leave it out.' };
      return { action: 'close' };
    case 'add':
      if (sentiment === 'bullish') return { action: 'buy' };
      if (sentiment === 'bearish') return { action: 'sell' };
      return { field: 'sentiment', message: 'add needs sentiment bullish (add to a long) or bearish (add to a short).' };
    case 'buy':
    case 'sell':
      // The sentiment is the position after the signal: flat means this order closes it fully.
      return sentiment === 'flat' ? { action: 'close' } : { action: alert.action };
  }
}

/** Fields that carry an order's make-up: a cancel uses none of them, a close no size or bracket. */
const ORDER_FIELDS = ['quantity', 'orderType', 'limitPrice', 'stopPrice', 'trailAmount', 'trailPercent', 'timeInForce', 'extendedHours', 'takeProfit', 'stopLoss'] as const;
const CLOSE_UNUSED = ['quantity', 'takeProfit', 'stopLoss'] as const;

/**
 * The signal an alert stands for on the webhook's connection. Exits are lenient on purpose: one
 * alert template often serves entries and exits, and refusing an exit for carrying a quantity or a
 * stop-loss would leave the position open; those fields are listed as ignored instead.
 */
export function signalFromTradingView(alert: TradingViewAlert, connectionId: string): AlertSignalResult {
  const direction = directionOf(alert);
  if ('field' in direction) return problem(direction.field, direction.message);
  const { action } = direction;
  const unused: readonly string[] = action === 'cancel' ? ORDER_FIELDS : action === 'close' ? CLOSE_UNUSED : [];
  const ignored = unused.filter((k) => alert[k as keyof TradingViewAlert] !== undefined);
  const used = <K extends (typeof ORDER_FIELDS)[number]>(k: K): TradingViewAlert[K] | undefined => (unused.includes(k) ? undefined : alert[k]);

  const ticker = splitTicker(alert.ticker, alert.exchange);
  if ('field' in ticker) return problem(ticker.field, ticker.message);
  const quantity = used('quantity');
  if ((action === 'buy' || action === 'sell') && quantity === undefined) {
    return problem('quantity', `a ${alert.action} alert needs quantity, e.g. "quantity": {{strategy.order.contracts}} or a fixed number such as 10.`);
  }

  const orderType = used('orderType');
  const tif = used('timeInForce');
  const takeProfit = used('takeProfit');
  const stopLoss = used('stopLoss');
  const bracket = takeProfit === undefined && stopLoss === undefined ? undefined : {
    ...(takeProfit !== undefined && { takeProfit: { limitPrice: typeof takeProfit === 'number' ? takeProfit : takeProfit.limitPrice } }),
    ...(stopLoss !== undefined && { stopLoss: { stopPrice: typeof stopLoss === 'number' ? stopLoss : stopLoss.stopPrice } }),
  };
  const input: SignalInput = {
    connectionId,
    account: alert.account,
    instrument: { symbol: ticker.symbol, exchange: ticker.exchange },
    action,
    size: quantity === undefined ? undefined : { qty: quantity },
    orderType: orderType === undefined ? undefined : ORDER_TYPE_OF[orderType],
    limitPrice: used('limitPrice'),
    stopPrice: used('stopPrice'),
    trailingAmount: used('trailAmount'),
    trailingPercent: used('trailPercent'),
    tif: tif === undefined ? undefined : (tif.toUpperCase() as 'DAY' | 'GTC' | 'IOC'),
    outsideRth: used('extendedHours'),
    bracket,
    referencePrice: alert.price,
    idempotencyKey: alert.idempotencyKey,
    signalTime: alert.time,
    ttlSeconds: alert.ttlSeconds,
    strategy: alert.strategy,
    note: alert.note,
  };
  const result = TRADINGVIEW_SIGNAL.safeParse(withoutUndefined(input));
  if (!result.success) return { ok: false, problem: signalProblemOf(result.error.issues, TRADINGVIEW_FIELD_NAMES) };
  return { ok: true, signal: result.data, ignored };
}

/** Optional fields left out rather than present as undefined (strict schemas see no difference, JSON does). */
function withoutUndefined<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    out[k] = v !== null && typeof v === 'object' && !Array.isArray(v) ? withoutUndefined(v) : v;
  }
  return out as T;
}
