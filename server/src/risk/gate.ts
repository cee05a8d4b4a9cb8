// The risk gate: every rule runs, whatever the others decided, so a denial shows everything that
// is wrong at once and an approval shows every value it was made on. The decision's code is the
// first denial in the order of RISK_DENIAL_CODES. Pure: the context carries the time and the data.
import type { RiskContext } from './context.ts';
import { RISK_DENIAL_CODES, type RiskDenialCode, type RiskRule, type RuleOutcome } from './outcome.ts';
import { effectiveLimits, type EffectiveLimits, type RiskLimits, type RiskPolicy } from './policy.ts';
import { allowedMarket } from './rules/allowed-market.ts';
import { allowedSymbol } from './rules/allowed-symbol.ts';
import { contractExpiry } from './rules/contract-expiry.ts';
import { dailyLoss } from './rules/daily-loss.ts';
import { duplicateSignal } from './rules/duplicate-signal.ts';
import { grossExposure } from './rules/gross-exposure.ts';
import { openPositions } from './rules/open-positions.ts';
import { orderNotional } from './rules/order-notional.ts';
import { orderQuantity } from './rules/order-quantity.ts';
import { ordersPerDay } from './rules/orders-per-day.ts';
import { ordersPerMinute } from './rules/orders-per-minute.ts';
import { positionNotional } from './rules/position-notional.ts';
import { positionQuantity } from './rules/position-quantity.ts';
import { priceCollar } from './rules/price-collar.ts';
import { staleSignal } from './rules/stale-signal.ts';
import { tradingHours } from './rules/trading-hours.ts';
import { tradingState } from './rules/trading-state.ts';

/** Every rule, in the order of their denial codes (and of the outcomes recorded). */
export const RISK_RULES: readonly RiskRule[] = [
  tradingState,
  allowedMarket,
  allowedSymbol,
  contractExpiry,
  staleSignal,
  duplicateSignal,
  tradingHours,
  dailyLoss,
  ordersPerMinute,
  ordersPerDay,
  priceCollar,
  orderQuantity,
  orderNotional,
  positionQuantity,
  positionNotional,
  openPositions,
  grossExposure,
];

export type RiskDecision =
  | { decision: 'approve'; outcomes: RuleOutcome[]; limits: EffectiveLimits }
  | { decision: 'deny'; code: RiskDenialCode; message: string; outcomes: RuleOutcome[]; limits: EffectiveLimits };

/** The rules' outcomes under these limits (already resolved for the order's market and symbol). */
export function evaluateRules(ctx: RiskContext, limits: RiskLimits): RuleOutcome[] {
  // A plain loop into an array of the final length: no closure per call, no regrowth.
  const outcomes = new Array<RuleOutcome>(RISK_RULES.length);
  let i = 0;
  for (const rule of RISK_RULES) outcomes[i++] = rule(ctx, limits);
  return outcomes;
}

/** Each denial code's place in RISK_DENIAL_CODES. */
const RANK: ReadonlyMap<RiskDenialCode, number> = new Map(RISK_DENIAL_CODES.map((code, i) => [code, i]));

/** Runs every rule under the limits the policy sets for the order's market and symbol. */
export function evaluateRisk(ctx: RiskContext, policy: RiskPolicy): RiskDecision {
  const limits = effectiveLimits(policy, ctx.order.instrument.secType, ctx.order.instrument.symbol);
  const outcomes = evaluateRules(ctx, limits);
  // The denial of the lowest rank; of equal ranks the first recorded (as a stable sort would).
  let first: (RuleOutcome & { code: RiskDenialCode }) | undefined;
  let firstRank = Infinity;
  for (const o of outcomes) {
    if (o.outcome !== 'deny' || o.code === undefined) continue;
    const rank = RANK.get(o.code) ?? -1;
    if (rank < firstRank) {
      first = o as RuleOutcome & { code: RiskDenialCode };
      firstRank = rank;
    }
  }
  if (first === undefined) return { decision: 'approve', outcomes, limits };
  return { decision: 'deny', code: first.code, message: first.message ?? first.code, outcomes, limits };
}
