// The risk gate's public surface: pure checks of an order about to be made against a connection's
// policy. See docs/architecture.md, "Risk gate".
export { evaluateRisk, evaluateRules, RISK_RULES, type RiskDecision } from './gate.ts';
export {
  RiskPolicySchema, MarketOverrideSchema, SymbolOverrideSchema, DEFAULT_LIMITS, LIMIT_FIELDS, MONEY_UNIT,
  parseRiskPolicy, defaultRiskPolicy, effectiveLimits,
  type RiskPolicy, type RiskPolicyInput, type RiskLimits, type EffectiveLimits, type MarketOverride, type SymbolOverride, type LimitField, type LimitSource,
  type PolicyProblem, type PolicyResult,
} from './policy.ts';
export type {
  RiskContext, RiskOrder, RiskInstrument, RiskAccount, RiskPosition, RiskOpenOrder, RiskUsage, RecentSignal, RiskSignal,
} from './context.ts';
export { RISK_DENIAL_CODES, type RiskDenialCode, type RuleOutcome, type RuleVerdict, type RuleValue, type RuleValues, type RiskRule } from './outcome.ts';
export { parseTradingHours, marketStatusAt, ianaZone, dayIn, type Session, type ParsedHours, type HoursResult, type MarketStatus } from './trading-hours.ts';
