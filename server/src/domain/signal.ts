// The one Kairox signal schema: what POST /api/signals and the webhooks accept, validated here and
// documented from the same zod schema in the OpenAPI reference. Every string that could reach a TWS
// field refuses control characters (a NUL would inject fields into the socket protocol). Cross-field
// rules (the prices each order type needs, bracket sides) name the field to fix; their wording takes
// the sender's field names, so a TradingView alert hears about `quantity`, not `size.qty`.
import { z } from 'zod';
import type { InstrumentRef } from './instrument-match.ts';
import { ORDER_TYPES, SEC_TYPES, TIMES_IN_FORCE, type OrderType, type SizeSpec } from './trading.ts';

export const SIGNAL_ACTIONS = ['buy', 'sell', 'close', 'cancel'] as const;
export type SignalAction = (typeof SIGNAL_ACTIONS)[number];

export const DEFAULT_TTL_SECONDS = 60;
export const MAX_TTL_SECONDS = 3600;
export const MAX_IDEMPOTENCY_KEY_LENGTH = 128;
const MAX_PRICE = 1e9;
const MAX_QUANTITY = 1e9;
const MAX_AMOUNT = 1e12;

/** A problem with a signal, for a 400: the field at fault (as the sender spelled it) and what to fix. */
export interface SignalProblem {
  readonly field?: string;
  readonly message: string;
}

/** How a sender spells the signal's fields (a dotted Signal path → its name). Unlisted paths keep their own. */
export type SignalFieldNames = Readonly<Record<string, string>>;

// ---- text that may reach a TWS field -------------------------------------------------------

/** C0 controls (NUL, tab, newline, ...), DEL and C1 controls: none belongs in an order field. */
const CONTROL = /\p{Cc}/u;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function codePoint(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Why `value` cannot be sent as one line of plain text, or undefined when it can. */
export function unsafeTextReason(value: string): string | undefined {
  const control = CONTROL.exec(value);
  if (control) {
    const what = control[0] === '\0' ? 'a NUL character' : 'a control character';
    return `must not contain control characters: it holds ${what} (${codePoint(control[0])}) at character ${control.index + 1}; send one line of plain text.`;
  }
  if (LONE_SURROGATE.test(value)) return 'is not valid Unicode (it holds a lone UTF-16 surrogate); send well-formed text.';
  return undefined;
}

interface TextRules {
  max: number;
  min?: number;
  /** Said when the text is empty, too long, or not text, e.g. "text such as AAPL". */
  expects: string;
  pattern?: RegExp;
  /** Said when the pattern does not match. */
  patternMessage?: string;
}

function safeText(rules: TextRules) {
  const min = rules.min ?? 1;
  let schema = z.string({ error: `must be ${rules.expects}.` })
    .min(min, { error: `must not be empty: give ${rules.expects}.` })
    .max(rules.max, { error: `must be at most ${rules.max} characters.` });
  if (rules.pattern) schema = schema.regex(rules.pattern, { error: rules.patternMessage ?? `must be ${rules.expects}.` });
  return schema.superRefine((value, ctx) => {
    const reason = unsafeTextReason(value);
    if (reason) ctx.addIssue({ code: 'custom', message: reason, input: value });
    else if (value.trim() !== value) ctx.addIssue({ code: 'custom', message: 'must not start or end with spaces.', input: value });
  });
}

// ---- numbers ---------------------------------------------------------------------------------

function positive(what: string, max: number, example: number) {
  return z.number({ error: `must be a number (${what}), e.g. ${example}.` })
    .positive({ error: `must be greater than 0 (${what}), e.g. ${example}.` })
    .max(max, { error: `must be at most ${max}.` });
}

const price = (example: number) => positive('a price', MAX_PRICE, example);

// ---- fields ------------------------------------------------------------------------------------

const CONNECTION_ID = /^con_[0-9a-z]{26}$/;
const ACCOUNT_ID = /^(DU|DF|U|F|I)\d{4,10}$/;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:~@+=/#-]+$/;

const connectionId = z.string({ error: 'must be a connection id (con_…) from GET /api/connections.' })
  .regex(CONNECTION_ID, { error: 'must be a connection id (con_ and 26 letters or digits) from GET /api/connections.' })
  .describe('The broker connection to trade on (con_…).')
  .meta({ examples: ['con_0123456789abcdefghjkmnpqrs'] });

const account = z.string({ error: 'must be an IBKR account id such as DU1234567.' })
  .regex(ACCOUNT_ID, { error: 'must look like an IBKR account id: DU1234567 or DF1234567 (paper), U1234567, F1234567 or I1234567 (live); leave it out when the login has one account.' })
  .describe('The IB account, needed only when the login manages several (DU1234567).');

const symbolFields = {
  symbol: safeText({ max: 32, expects: 'an IB symbol such as AAPL' }).describe('An approved symbol, e.g. AAPL or ES.'),
  secType: z.enum(SEC_TYPES, { error: `must be one of ${SEC_TYPES.join(', ')}.` }).optional()
    .describe('Security type, to choose between approved instruments with the same symbol.'),
  exchange: safeText({ max: 16, expects: 'an exchange code such as SMART or NASDAQ', pattern: /^[A-Za-z0-9._]+$/, patternMessage: 'must be an exchange code: letters, digits, dots (SMART, NASDAQ, CME).' }).optional()
    .describe('Exchange or primary exchange, to choose between approved instruments.'),
  currency: safeText({ max: 3, expects: 'a three-letter currency code such as USD', pattern: /^[A-Z]{3}$/, patternMessage: 'must be a three-letter currency code in capitals, e.g. USD.' }).optional()
    .describe('Currency, to choose between approved instruments.'),
};
const conId = z.number({ error: 'must be IB\'s contract id, a whole number such as 265598.' })
  .int({ error: 'must be a whole number such as 265598.' })
  .positive({ error: 'must be a positive whole number such as 265598.' })
  .max(2_147_483_647, { error: 'must be at most 2147483647.' })
  .describe('IB contract id of an approved instrument.');

const instrument = z.strictObject({ ...symbolFields, symbol: symbolFields.symbol.optional(), conId: conId.optional() }, { error: unknownFieldError('instrument', 'symbol, secType, exchange, currency or conId') })
  .describe('The instrument: an approved symbol (optionally narrowed by secType, exchange, currency) or its IB conId.')
  .meta({
    oneOf: [{ required: ['symbol'] }, { required: ['conId'] }],
    examples: [{ symbol: 'AAPL' }, { symbol: 'ES', secType: 'FUT', exchange: 'CME' }, { conId: 265598 }],
  })
  .superRefine((value, ctx) => {
    const bySymbol = value.symbol !== undefined;
    if (bySymbol === (value.conId !== undefined)) {
      ctx.addIssue({ code: 'custom', path: bySymbol ? ['conId'] : [], message: bySymbol ? 'give either symbol or conId, not both.' : 'give a symbol ({"symbol": "AAPL"}) or IB\'s conId ({"conId": 265598}).' });
    } else if (!bySymbol) {
      const extra = (['secType', 'exchange', 'currency'] as const).find((k) => value[k] !== undefined);
      if (extra) ctx.addIssue({ code: 'custom', path: [extra], message: 'applies only with a symbol; a conId already names one contract.' });
    }
  });
// No .transform() here or below: the JSON schema generator drops a transforming schema's examples.
// The refinements leave exactly the keys of one InstrumentRef / SizeSpec, which `Signal` states.

const size = z.strictObject({
  qty: positive('a quantity', MAX_QUANTITY, 10).optional().describe('A fixed quantity (shares, contracts, units), rounded to the size increment.'),
  notional: positive('an amount in the instrument\'s currency', MAX_AMOUNT, 5000).optional().describe('An amount in the instrument\'s currency, divided by the reference price.'),
  percentOfEquity: positive('a percentage', 100, 2).optional().describe('A percentage of the account\'s net liquidation value (0–100].'),
  riskAmount: positive('an amount in the instrument\'s currency', MAX_AMOUNT, 200).optional().describe('The amount to lose if stopPrice is hit; quantity = riskAmount / |entry − stopPrice|.'),
  stopPrice: price(185).optional().describe('With riskAmount: the stop that bounds the loss.'),
}, { error: unknownFieldError('size', 'qty, notional, percentOfEquity, or riskAmount with stopPrice') })
  .describe('How much to trade: exactly one of qty, notional, percentOfEquity, or riskAmount with stopPrice. Not used by close and cancel.')
  .meta({
    oneOf: [{ required: ['qty'] }, { required: ['notional'] }, { required: ['percentOfEquity'] }, { required: ['riskAmount', 'stopPrice'] }],
    examples: [{ qty: 10 }, { notional: 5000 }, { percentOfEquity: 2 }, { riskAmount: 200, stopPrice: 185 }],
  })
  .superRefine((value, ctx) => {
    const given = (['qty', 'notional', 'percentOfEquity', 'riskAmount'] as const).filter((k) => value[k] !== undefined);
    if (given.length === 0) {
      ctx.addIssue({ code: 'custom', path: [], message: value.stopPrice === undefined
        ? 'give one of {"qty": 10}, {"notional": 5000}, {"percentOfEquity": 2} or {"riskAmount": 200, "stopPrice": 185}.'
        : 'stopPrice sizes an order only with riskAmount (the amount to lose at the stop): add riskAmount, or give qty, notional or percentOfEquity instead.' });
    } else if (given.length > 1) {
      ctx.addIssue({ code: 'custom', path: [given[1]!], message: `give only one way of sizing: ${given.join(' and ')} were both given.` });
    } else if (given[0] === 'riskAmount' && value.stopPrice === undefined) {
      ctx.addIssue({ code: 'custom', path: ['stopPrice'], message: 'riskAmount needs stopPrice, the price at which the loss is taken.' });
    } else if (given[0] !== 'riskAmount' && value.stopPrice !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['stopPrice'], message: `applies only with riskAmount; remove it (sizing by ${given[0]}).` });
    }
  });

const bracket = z.strictObject({
  takeProfit: z.strictObject({ limitPrice: price(200).describe('Limit price of the take-profit order.') }, { error: unknownFieldError('takeProfit', 'limitPrice') }).optional(),
  stopLoss: z.strictObject({ stopPrice: price(185).describe('Stop price of the stop-loss order.') }, { error: unknownFieldError('stopLoss', 'stopPrice') }).optional(),
}, { error: unknownFieldError('bracket', 'takeProfit and stopLoss') })
  .describe('Protective child orders sent with the entry: a take-profit limit, a stop-loss stop, or both.')
  .meta({ examples: [{ takeProfit: { limitPrice: 200 }, stopLoss: { stopPrice: 185 } }] })
  .superRefine((value, ctx) => {
    if (!value.takeProfit && !value.stopLoss) ctx.addIssue({ code: 'custom', path: [], message: 'give takeProfit ({"limitPrice": …}), stopLoss ({"stopPrice": …}) or both; or leave bracket out.' });
  });

const signalTime = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time with its zone, e.g. 2026-12-01T15:00:00Z or 2026-12-01T10:00:00-05:00.' })
  .describe('When the signal was made (ISO 8601 with zone, kept as sent). With ttlSeconds it bounds how late an order may still be sent; when left out, the time Kairox received it.');

const SIGNAL_FIELDS = 'connectionId, account, instrument, action, size, orderType, limitPrice, stopPrice, trailingAmount, trailingPercent, tif, outsideRth, bracket, referencePrice, idempotencyKey, signalTime, ttlSeconds, strategy, note';

const signalShape = z.strictObject({
  connectionId,
  account: account.optional(),
  instrument,
  action: z.enum(SIGNAL_ACTIONS, { error: 'must be buy, sell, close (flatten this instrument\'s position) or cancel (cancel its working Kairox orders).' })
    .describe('buy, sell, close (flatten this instrument\'s position) or cancel (cancel its working Kairox orders).'),
  size: size.optional(),
  orderType: z.enum(ORDER_TYPES, { error: `must be one of ${ORDER_TYPES.join(', ')}.` }).default('MKT')
    .describe('MKT (default), LMT (needs limitPrice), STP (needs stopPrice), STP LMT (needs both), TRAIL (needs trailingAmount or trailingPercent).'),
  limitPrice: price(190.5).optional().describe('LMT and STP LMT: the limit price (rounded to the instrument\'s price grid, never more aggressively).'),
  stopPrice: price(185).optional().describe('STP and STP LMT: the trigger price.'),
  trailingAmount: positive('a price distance', MAX_PRICE, 1.5).optional().describe('TRAIL: the trailing distance in price units.'),
  trailingPercent: positive('a percentage', 100, 1).lt(100, { error: 'must be below 100 (a percentage of the price), e.g. 1.' }).optional().describe('TRAIL: the trailing distance as a percentage of the price.'),
  tif: z.enum(TIMES_IN_FORCE, { error: `must be one of ${TIMES_IN_FORCE.join(', ')}.` }).default('DAY').describe('Time in force: DAY (default), GTC or IOC.'),
  outsideRth: z.boolean({ error: 'must be true or false.' }).default(false).describe('Whether the order may fill outside regular trading hours (default false).'),
  bracket: bracket.optional(),
  referencePrice: price(190).optional()
    .describe('The price the sender saw when it fired (e.g. TradingView\'s {{close}}): recorded, and used to check bracket sides when no limit or stop price decides them. Sizing uses market data.'),
  idempotencyKey: z.string({ error: 'must be text.' })
    .min(1, { error: `must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters.` })
    .max(MAX_IDEMPOTENCY_KEY_LENGTH, { error: `must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters.` })
    .regex(IDEMPOTENCY_KEY, { error: 'may hold only letters, digits and - _ . : ~ @ + = / # (no spaces).' })
    .optional()
    .describe('A key of your choosing: a repeat with the same key returns the first answer and creates nothing (same key, different signal: 422).'),
  signalTime: signalTime.optional(),
  ttlSeconds: z.number({ error: `must be a whole number of seconds from 1 to ${MAX_TTL_SECONDS}.` })
    .int({ error: `must be a whole number of seconds from 1 to ${MAX_TTL_SECONDS}.` })
    .min(1, { error: `must be at least 1 second.` })
    .max(MAX_TTL_SECONDS, { error: `must be at most ${MAX_TTL_SECONDS} seconds; a signal older than that should be sent again.` })
    .optional()
    .describe(`Time to live from signalTime (at most ${MAX_TTL_SECONDS} s): later, it is denied as stale and an unsent order expires. Left out: the connection policy's defaultSignalTtlSeconds (${DEFAULT_TTL_SECONDS} s unless changed).`),
  strategy: safeText({ max: 64, expects: 'a short label such as breakout' }).optional().describe('Strategy label, for grouping, limits and the audit trail.'),
  note: safeText({ max: 500, min: 0, expects: 'one line of text' }).optional().describe('Free text kept with the signal (one line, at most 500 characters).'),
}, { error: unknownFieldError('', SIGNAL_FIELDS) });

/** The field names as the Kairox schema spells them. */
export const SIGNAL_FIELD_NAMES: SignalFieldNames = {};

/** The Kairox schema itself, worded for a sender that spells fields as `names` says. */
export function signalSchemaNamed(names: SignalFieldNames): z.ZodType<Signal, SignalInput> {
  const n = (path: string) => names[path] ?? path;
  const schema = signalShape
    .superRefine((signal, ctx) => {
      for (const problem of crossFieldProblems(signal, n)) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
    })
    .meta({
      description: 'A trading signal: what to trade, how much, and at which prices.',
      examples: [{
        connectionId: 'con_0123456789abcdefghjkmnpqrs', instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 10 },
        orderType: 'LMT', limitPrice: 190.5, tif: 'DAY', outsideRth: false, idempotencyKey: 'tv-123',
        signalTime: '2026-12-01T15:00:00Z', ttlSeconds: 60, strategy: 'breakout', note: 'first entry',
      }],
    });
  return schema as unknown as z.ZodType<Signal, SignalInput>;
}

export const SignalSchema = signalSchemaNamed(SIGNAL_FIELD_NAMES);

/** A parsed, valid signal (defaults applied: orderType MKT, tif DAY, outsideRth false; a missing ttlSeconds is the policy's). */
export type Signal = Omit<ShapeOutput, 'instrument' | 'size'> & { instrument: InstrumentRef; size?: SizeSpec };
/** What a sender may send (defaulted fields optional). */
export type SignalInput = z.input<typeof signalShape>;

// ---- cross-field rules -------------------------------------------------------------------------

type ShapeOutput = z.output<typeof signalShape>;
interface PathProblem { path: (string | number)[]; message: string }

const PRICE_FIELDS = ['limitPrice', 'stopPrice', 'trailingAmount', 'trailingPercent'] as const;
type PriceField = (typeof PRICE_FIELDS)[number];

/** The prices each order type needs; any other price field does not apply to it. */
const PRICES_BY_TYPE: Readonly<Record<OrderType, readonly PriceField[]>> = {
  MKT: [],
  LMT: ['limitPrice'],
  STP: ['stopPrice'],
  'STP LMT': ['limitPrice', 'stopPrice'],
  TRAIL: ['trailingAmount', 'trailingPercent'],
};

const ORDER_TYPE_WORDS: Readonly<Record<OrderType, string>> = {
  MKT: 'a market order (MKT)', LMT: 'a limit order (LMT)', STP: 'a stop order (STP)', 'STP LMT': 'a stop-limit order (STP LMT)', TRAIL: 'a trailing stop (TRAIL)',
};

function crossFieldProblems(s: ShapeOutput, n: (path: string) => string): PathProblem[] {
  if (s.action === 'cancel') {
    const extra = (['size', ...PRICE_FIELDS, 'bracket'] as const).find((k) => s[k] !== undefined);
    return extra ? [{ path: [extra], message: `${n(extra)} does not apply to cancel, which cancels the instrument's working Kairox orders; remove it.` }] : [];
  }
  const problems = orderPriceProblems(s, n);
  if (s.action === 'close') {
    if (s.size !== undefined) problems.push({ path: ['size'], message: `${n('size')} does not apply to close, which flattens the whole position; to reduce part of it send buy or sell with a size.` });
    if (s.bracket !== undefined) problems.push({ path: ['bracket'], message: `${n('bracket')} does not apply to close: there is no new position to protect.` });
    return problems;
  }
  if (s.size === undefined) problems.push({ path: ['size'], message: `${n('size')} is required for ${s.action}: give one of {"qty": 10}, {"notional": 5000}, {"percentOfEquity": 2} or {"riskAmount": 200, "stopPrice": 185}.` });
  problems.push(...sideProblems(s, n));
  return problems;
}

function orderPriceProblems(s: ShapeOutput, n: (path: string) => string): PathProblem[] {
  const wanted = PRICES_BY_TYPE[s.orderType];
  const order = ORDER_TYPE_WORDS[s.orderType];
  const extra = PRICE_FIELDS.find((k) => s[k] !== undefined && !wanted.includes(k));
  if (extra) return [{ path: [extra], message: `${n(extra)} does not apply to ${order}; remove it, or choose the order type that uses it.` }];
  if (s.orderType === 'TRAIL') {
    if (s.trailingAmount !== undefined && s.trailingPercent !== undefined) return [{ path: ['trailingPercent'], message: `${order} takes ${n('trailingAmount')} or ${n('trailingPercent')}, not both.` }];
    if (s.trailingAmount === undefined && s.trailingPercent === undefined) return [{ path: ['trailingAmount'], message: `${order} needs ${n('trailingAmount')} (a price distance) or ${n('trailingPercent')}.` }];
    return [];
  }
  const missing = wanted.find((k) => s[k] === undefined);
  return missing ? [{ path: [missing], message: `${order} needs ${n(missing)}.` }] : [];
}

/** The price the entry is expected near, when the signal itself decides it. */
function entryPrice(s: ShapeOutput): { price: number; field: string } | undefined {
  if (s.limitPrice !== undefined) return { price: s.limitPrice, field: 'limitPrice' };
  if (s.orderType === 'STP' && s.stopPrice !== undefined) return { price: s.stopPrice, field: 'stopPrice' };
  if (s.referencePrice !== undefined) return { price: s.referencePrice, field: 'referencePrice' };
  return undefined;
}

/** A buy's take-profit is above its entry and its stops below; a sell's the other way round. */
function sideProblems(s: ShapeOutput, n: (path: string) => string): PathProblem[] {
  const buy = s.action === 'buy';
  const [above, below] = buy ? ['above', 'below'] : ['below', 'above'];
  const beyond = (a: number, b: number) => (buy ? a > b : a < b);
  const entry = entryPrice(s);
  const takeProfit = s.bracket?.takeProfit?.limitPrice;
  const stopLoss = s.bracket?.stopLoss?.stopPrice;
  const riskStop = s.size !== undefined && 'riskAmount' in s.size ? s.size.stopPrice : undefined;
  const tp = 'bracket.takeProfit.limitPrice';
  const sl = 'bracket.stopLoss.stopPrice';
  const at = (path: string) => path.split('.');
  if (entry) {
    if (takeProfit !== undefined && !beyond(takeProfit, entry.price)) {
      return [{ path: at(tp), message: `${n(tp)} (${takeProfit}) must be ${above} ${n(entry.field)} (${entry.price}) for a ${s.action}.` }];
    }
    if (stopLoss !== undefined && !beyond(entry.price, stopLoss)) {
      return [{ path: at(sl), message: `${n(sl)} (${stopLoss}) must be ${below} ${n(entry.field)} (${entry.price}) for a ${s.action}.` }];
    }
    if (riskStop !== undefined && !beyond(entry.price, riskStop)) {
      return [{ path: ['size', 'stopPrice'], message: `${n('size.stopPrice')} (${riskStop}) must be ${below} ${n(entry.field)} (${entry.price}) for a ${s.action}: it is where the loss is taken.` }];
    }
  }
  if (takeProfit !== undefined && stopLoss !== undefined && !beyond(takeProfit, stopLoss)) {
    return [{ path: at(tp), message: `${n(tp)} (${takeProfit}) must be ${above} ${n(sl)} (${stopLoss}) for a ${s.action}.` }];
  }
  return [];
}

// ---- problems ----------------------------------------------------------------------------------

/** Field names safe to repeat in a message (anything else may be hostile text). */
const SAFE_KEY = /^[A-Za-z0-9_]{1,40}$/;

function unknownFieldError(where: string, expected: string) {
  return (issue: z.core.$ZodRawIssue) => {
    if (issue.code !== 'unrecognized_keys') return where ? `must be an object with ${expected}.` : undefined;
    const shown = issue.keys.filter((k) => SAFE_KEY.test(k)).map((k) => `"${k}"`);
    const what = shown.length > 0 ? `unknown field ${shown.join(', ')}` : 'an unknown field';
    return `${what}${where ? ` in ${where}` : ''}: check the spelling; ${where || 'a signal'} has ${expected}.`;
  };
}

/**
 * The problem to report first, named as the sender spells it: an unknown field before any other
 * (it is often a misspelt price or stop that would otherwise be ignored).
 */
export function signalProblemOf(issues: readonly z.core.$ZodIssue[], names: SignalFieldNames = SIGNAL_FIELD_NAMES): SignalProblem {
  const issue = issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0];
  if (!issue) return { message: 'The signal is not valid.' };
  if (issue.path.length === 0 && issue.code === 'invalid_type') return { message: 'Send the signal as a JSON object.' };
  const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys.find((k) => SAFE_KEY.test(k)) : undefined;
  const path = [...issue.path.map(String), ...(unknownKey === undefined ? [] : [unknownKey])].join('.');
  if (!path) return { message: upperFirst(issue.message) };
  if (unknownKey !== undefined) return { field: path, message: upperFirst(issue.message) };
  const field = names[path] ?? path;
  return { field, message: issue.message.startsWith(field) ? issue.message : `${field}: ${issue.message}` };
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export type SignalResult = { ok: true; signal: Signal } | { ok: false; problem: SignalProblem };

/** Validates a signal body; the first problem names its field and says what to fix. */
export function parseSignal(input: unknown, schema: ReturnType<typeof signalSchemaNamed> = SignalSchema, names: SignalFieldNames = SIGNAL_FIELD_NAMES): SignalResult {
  const result = schema.safeParse(input);
  return result.success ? { ok: true, signal: result.data } : { ok: false, problem: signalProblemOf(result.error.issues, names) };
}
