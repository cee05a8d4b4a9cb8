// The risk policy of one connection: limits with their units, conservative defaults, and overrides
// per market (secType) and per symbol. A symbol override wins over a market override, which wins
// over the connection's own limits. The schema is the one source of the field names, units and
// defaults: the HTTP API validates with it, the OpenAPI reference shows its descriptions, and
// docs/architecture.md lists the same table.
import { z } from 'zod';
import { SEC_TYPES, type SecType } from '../domain/index.ts';

/** Units the money limits are in: what IB reports net liquidation and daily P&L in. */
export const MONEY_UNIT = "the account's base currency";

interface Unit { /** Completes "must be a number, 0 or more, ..." */ phrase: string; /** For descriptions. */ name: string }
const MONEY: Unit = { phrase: `in ${MONEY_UNIT}`, name: MONEY_UNIT };
const QUANTITY: Unit = { phrase: 'in shares, contracts or currency units, as IB counts the instrument', name: 'shares, contracts or currency units' };
const ORDERS: Unit = { phrase: 'of orders', name: 'orders' };
const POSITIONS: Unit = { phrase: 'of positions', name: 'positions' };
const SECONDS: Unit = { phrase: 'in seconds', name: 'seconds' };
const DAYS: Unit = { phrase: 'in calendar days', name: 'calendar days' };
const PERCENT: Unit = { phrase: 'in percent of the reference price', name: 'percent of the reference price' };

function amount(unit: Unit, description: string, fallback: number, { integer = false, max }: { integer?: boolean; max?: number } = {}) {
  const what = `a ${integer ? 'whole ' : ''}number, 0 or more${max === undefined ? '' : ` and at most ${max}`}, ${unit.phrase} (default ${fallback})`;
  let schema = z.number({ error: `must be ${what}` }).min(0, { error: `must be ${what}` });
  if (max !== undefined) schema = schema.max(max, { error: `must be ${what}` });
  if (integer) schema = schema.int({ error: `must be ${what}` });
  return schema.describe(`${description} Unit: ${unit.name}. Default ${fallback}.`);
}

function flag(description: string, fallback: boolean) {
  return z.boolean({ error: `must be true or false (default ${fallback})` }).describe(`${description} Default ${fallback}.`);
}

const symbolName = z.string().trim().min(1, { error: 'must be a symbol such as AAPL' }).max(32, { error: 'must be a symbol of at most 32 characters' })
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\u0000-\u001f\u007f]+$/, { error: 'must not contain control characters' });

const secType = z.enum(SEC_TYPES, { error: `must be one of ${SEC_TYPES.join(', ')}` });

export const DEFAULT_LIMITS = Object.freeze({
  maxOrderQuantity: 100,
  maxOrderNotional: 10_000,
  maxPositionQuantity: 500,
  maxPositionNotional: 25_000,
  maxGrossExposure: 100_000,
  maxOpenPositions: 10,
  maxOrdersPerMinute: 5,
  maxOrdersPerDay: 20,
  maxDailyLoss: 500,
  allowedMarkets: Object.freeze(['STK'] as SecType[]),
  allowOutsideRth: false,
  priceCollarPercent: 5,
  duplicateWindowSeconds: 60,
  defaultSignalTtlSeconds: 60,
  nearExpiryDays: 3,
  allowNearExpiry: false,
  allowDelayedData: false,
});

const D = DEFAULT_LIMITS;

/** Every limit, without defaults: the shape of an override. */
const limitFields = {
  maxOrderQuantity: amount(QUANTITY, 'Largest quantity of one order.', D.maxOrderQuantity),
  maxOrderNotional: amount(MONEY, 'Largest value of one order (quantity x price x multiplier).', D.maxOrderNotional),
  maxPositionQuantity: amount(QUANTITY, 'Largest absolute position in one contract (conId), counting working orders.', D.maxPositionQuantity),
  maxPositionNotional: amount(MONEY, 'Largest absolute value of the position in one contract (conId), counting working orders.', D.maxPositionNotional),
  maxGrossExposure: amount(MONEY, 'Largest sum of the absolute market values of all positions after the order.', D.maxGrossExposure),
  maxOpenPositions: amount(POSITIONS, 'Most contracts held at once (a working order in a new contract counts).', D.maxOpenPositions, { integer: true }),
  maxOrdersPerMinute: amount(ORDERS, 'Most orders accepted in any 60 seconds, this one included.', D.maxOrdersPerMinute, { integer: true }),
  maxOrdersPerDay: amount(ORDERS, 'Most orders accepted per trading day, this one included.', D.maxOrdersPerDay, { integer: true }),
  maxDailyLoss: amount(MONEY, "Largest loss of the day (IB's realized + unrealized P&L) before only reducing orders pass.", D.maxDailyLoss),
  allowedMarkets: z.array(secType, { error: `must be a list of security types (${SEC_TYPES.join(', ')})` })
    .describe(`Security types that may be traded. Default ${D.allowedMarkets.join(', ')}.`),
  allowedSymbols: z.array(symbolName, { error: 'must be a list of symbols such as ["AAPL","MSFT"]' })
    .describe('Symbols that may be traded; absent means every approved instrument.'),
  allowOutsideRth: flag('Let orders marked outsideRth trade in the trading hours; otherwise only the liquid (regular) hours.', D.allowOutsideRth),
  priceCollarPercent: amount(PERCENT, 'Farthest a limit or stop price may be from the reference price.', D.priceCollarPercent, { max: 100 }),
  duplicateWindowSeconds: amount(SECONDS, 'A signal identical to one received this recently is a duplicate.', D.duplicateWindowSeconds),
  defaultSignalTtlSeconds: amount(SECONDS, 'Time-to-live of a signal that gives none; after signal time + TTL it is stale.', D.defaultSignalTtlSeconds),
  nearExpiryDays: amount(DAYS, 'Entries need at least this many days before the last trade date.', D.nearExpiryDays, { integer: true }),
  allowNearExpiry: flag('Allow entries in contracts closer to their last trade date than nearExpiryDays.', D.allowNearExpiry),
  allowDelayedData: flag('Size and collar orders against delayed market data (typically 15-20 minutes old) where the login has no live subscription; otherwise such a signal is denied no_reference_price.', D.allowDelayedData),
};

export type LimitField = keyof typeof limitFields;
export const LIMIT_FIELDS = Object.keys(limitFields) as LimitField[];

const { allowedMarkets: _markets, ...marketOverrideFields } = limitFields;
const { allowedSymbols: _symbols, ...symbolOverrideFields } = marketOverrideFields;

export const MarketOverrideSchema = z.strictObject(marketOverrideFields).partial()
  .describe('Limits for one security type; they replace the connection\'s limits for it.');
export const SymbolOverrideSchema = z.strictObject(symbolOverrideFields).partial()
  .describe('Limits for one symbol; they replace market and connection limits for it.');

const marketOverrides = z.strictObject(
  Object.fromEntries(SEC_TYPES.map((t) => [t, MarketOverrideSchema.optional()])) as Record<SecType, z.ZodOptional<typeof MarketOverrideSchema>>,
).describe(`Overrides per security type (${SEC_TYPES.join(', ')}).`);

const symbolOverrides = z.record(symbolName, SymbolOverrideSchema).describe('Overrides per symbol, e.g. {"TSLA":{"maxOrderQuantity":10}}; they apply to every security type of the symbol.');

export const RiskPolicySchema = z.strictObject({
  maxOrderQuantity: limitFields.maxOrderQuantity.default(D.maxOrderQuantity),
  maxOrderNotional: limitFields.maxOrderNotional.default(D.maxOrderNotional),
  maxPositionQuantity: limitFields.maxPositionQuantity.default(D.maxPositionQuantity),
  maxPositionNotional: limitFields.maxPositionNotional.default(D.maxPositionNotional),
  maxGrossExposure: limitFields.maxGrossExposure.default(D.maxGrossExposure),
  maxOpenPositions: limitFields.maxOpenPositions.default(D.maxOpenPositions),
  maxOrdersPerMinute: limitFields.maxOrdersPerMinute.default(D.maxOrdersPerMinute),
  maxOrdersPerDay: limitFields.maxOrdersPerDay.default(D.maxOrdersPerDay),
  maxDailyLoss: limitFields.maxDailyLoss.default(D.maxDailyLoss),
  allowedMarkets: limitFields.allowedMarkets.default(() => [...D.allowedMarkets]),
  allowedSymbols: limitFields.allowedSymbols.optional(),
  allowOutsideRth: limitFields.allowOutsideRth.default(D.allowOutsideRth),
  priceCollarPercent: limitFields.priceCollarPercent.default(D.priceCollarPercent),
  duplicateWindowSeconds: limitFields.duplicateWindowSeconds.default(D.duplicateWindowSeconds),
  defaultSignalTtlSeconds: limitFields.defaultSignalTtlSeconds.default(D.defaultSignalTtlSeconds),
  nearExpiryDays: limitFields.nearExpiryDays.default(D.nearExpiryDays),
  allowNearExpiry: limitFields.allowNearExpiry.default(D.allowNearExpiry),
  allowDelayedData: limitFields.allowDelayedData.default(D.allowDelayedData),
  markets: marketOverrides.optional(),
  symbols: symbolOverrides.optional(),
}).describe(`A connection's risk policy. Money limits are in ${MONEY_UNIT}; omitted limits take their default.`);

export type RiskPolicy = z.output<typeof RiskPolicySchema>;
export type RiskPolicyInput = z.input<typeof RiskPolicySchema>;
export type MarketOverride = z.output<typeof MarketOverrideSchema>;
export type SymbolOverride = z.output<typeof SymbolOverrideSchema>;

/** The limits that apply to one order: the policy with its market and symbol overrides applied. */
export type RiskLimits = Readonly<Omit<RiskPolicy, 'markets' | 'symbols'>>;

/** Where each effective limit came from, so a denial can say which setting to change. */
export type LimitSource = 'connection' | `markets.${SecType}` | `symbols.${string}`;

/** The limits for one order, and where each came from. */
export interface EffectiveLimits extends RiskLimits {
  readonly sources: Readonly<Partial<Record<LimitField, LimitSource>>>;
}

export interface PolicyProblem {
  /** The field's path in the policy, e.g. "markets.FUT.maxOrderQuantity". */
  field: string;
  /** Names the field and says what it must be, with its unit. */
  message: string;
}

export type PolicyResult = { ok: true; policy: RiskPolicy } | { ok: false; problems: PolicyProblem[] };

const KNOWN_LIMITS = Object.keys(limitFields).join(', ');

function problemOf(issue: z.core.$ZodIssue): PolicyProblem[] {
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => {
      const field = [...path, key].join('.');
      const where = path[0] === 'markets' && path.length === 1
        ? `a security type (${SEC_TYPES.join(', ')})`
        : path[0] === 'markets' ? `a limit a market may override (every limit but allowedMarkets)`
          : path[0] === 'symbols' ? 'a limit a symbol may override (every limit but allowedMarkets and allowedSymbols)'
            : `a risk policy field (${KNOWN_LIMITS}, markets, symbols)`;
      return { field, message: `${field} is not ${where}.` };
    });
  }
  const field = path.join('.');
  if (field === '') return [{ field: '', message: 'The risk policy must be a JSON object of limits, e.g. {"maxOrderQuantity":100}.' }];
  return [{ field, message: `${field} ${issue.message}` }];
}

/** Validates a policy as sent (omitted limits take their defaults); problems name the field and its unit. */
export function parseRiskPolicy(input: unknown): PolicyResult {
  const result = RiskPolicySchema.safeParse(input);
  if (result.success) return { ok: true, policy: result.data };
  return { ok: false, problems: result.error.issues.flatMap(problemOf) };
}

/** The default policy: every limit at its conservative default, no overrides. */
export function defaultRiskPolicy(): RiskPolicy {
  return RiskPolicySchema.parse({});
}

/** Each policy object's merged limits by secType and symbol; dropped with the policy. */
const limitsOfPolicy = new WeakMap<RiskPolicy, Map<SecType, Map<string, EffectiveLimits>>>();

/**
 * The limits for an order in `secType` / `symbol`: the connection's limits, then the market's
 * override, then the symbol's (each replaces what it names, lists included). `sources` says where
 * each limit came from.
 */
export function effectiveLimits(policy: RiskPolicy, secType: SecType, symbol: string): EffectiveLimits {
  // A decision asks for the same limits several times (intake, the gate, the duplicate window):
  // merged once per policy object. Policies are shared values nobody changes (see IntakeConnection).
  let bySecType = limitsOfPolicy.get(policy);
  if (bySecType === undefined) limitsOfPolicy.set(policy, (bySecType = new Map()));
  let bySymbol = bySecType.get(secType);
  if (bySymbol === undefined) bySecType.set(secType, (bySymbol = new Map()));
  let limits = bySymbol.get(symbol);
  if (limits === undefined) bySymbol.set(symbol, (limits = mergedLimits(policy, secType, symbol)));
  return limits;
}

function mergedLimits(policy: RiskPolicy, secType: SecType, symbol: string): EffectiveLimits {
  // Plain loops rather than rest/spread and Object.entries: the same keys in the same order, fewer copies.
  const merged: Record<string, unknown> = {};
  const sources: Partial<Record<LimitField, LimitSource>> = {};
  for (const key in policy) {
    if (key === 'markets' || key === 'symbols') continue;
    merged[key] = policy[key as LimitField];
    sources[key as LimitField] = 'connection';
  }
  applyOverride(merged, sources, `markets.${secType}`, policy.markets?.[secType]);
  applyOverride(merged, sources, `symbols.${symbol}`, policy.symbols?.[symbol]);
  merged.sources = Object.freeze(sources);
  return Object.freeze(merged) as unknown as EffectiveLimits;
}

/** Each limit the override names replaces the merged one (a module function: no closure per merge). */
function applyOverride(merged: Record<string, unknown>, sources: Partial<Record<LimitField, LimitSource>>, source: LimitSource, override: Record<string, unknown> | undefined): void {
  for (const key in override) {
    const value = override[key];
    if (value === undefined) continue;
    merged[key] = value;
    sources[key as LimitField] = source;
  }
}
