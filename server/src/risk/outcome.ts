// What one rule decided, and the stable codes a denial carries. A rule never throws for a bad
// order: it denies with a code, a message that says what to change, and the values that decided it.
import type { RiskContext } from './context.ts';
import type { RiskLimits } from './policy.ts';

/**
 * Every denial code, in the order the gate reports the first one: the trading state first (nothing
 * else matters while halted), then what may be traded at all, the signal's own validity, the
 * clock, the account's day, and last the sizes of this order and what it adds to the book.
 */
export const RISK_DENIAL_CODES = [
  'trading_halted',
  'reduce_only',
  'market_not_allowed',
  'symbol_not_allowed',
  'contract_near_expiry',
  'stale_signal',
  'duplicate_signal',
  'outside_trading_hours',
  'max_daily_loss',
  'max_orders_per_minute',
  'max_orders_per_day',
  'price_collar',
  'max_order_quantity',
  'max_order_notional',
  'max_position_quantity',
  'max_position_notional',
  'max_open_positions',
  'max_gross_exposure',
] as const;
export type RiskDenialCode = (typeof RISK_DENIAL_CODES)[number];

export type RuleVerdict = 'pass' | 'deny' | 'skip';
export type RuleValue = number | string | boolean | null;

/** The values that decided: usually `limit`, `actual` and their `unit`, plus what a person needs to see. */
export type RuleValues = Readonly<Record<string, RuleValue>>;

export interface RuleOutcome {
  /** The rule's name, e.g. "max_order_notional" (the trading state's is "trading_state"). */
  rule: string;
  outcome: RuleVerdict;
  /** Only on a denial. */
  code?: RiskDenialCode;
  /** On a denial, what to change; on a skip, why the rule did not apply. */
  message?: string;
  values: RuleValues;
}

export type RiskRule = (ctx: RiskContext, limits: RiskLimits) => RuleOutcome;

export const pass = (rule: string, values: RuleValues, message?: string): RuleOutcome =>
  (message === undefined ? { rule, outcome: 'pass', values } : { rule, outcome: 'pass', message, values });
export const deny = (rule: string, code: RiskDenialCode, message: string, values: RuleValues): RuleOutcome =>
  ({ rule, outcome: 'deny', code, message, values });
export const skip = (rule: string, message: string, values: RuleValues = {}): RuleOutcome =>
  ({ rule, outcome: 'skip', message, values });

/**
 * `actual` is over `limit` by more than float noise (a price times a quantity rarely lands on the
 * exact decimal), so a value at the limit passes and a cent over it does not.
 */
export function exceeds(actual: number, limit: number): boolean {
  return actual - limit > 1e-9 * Math.max(1, Math.abs(limit));
}

/** Money and prices as people read them in a message. */
export function formatAmount(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 10_000) / 10_000);
}
