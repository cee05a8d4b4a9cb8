export { AUDIT_ACTOR_TYPES, type AuditAction, type AuditActor, type AuditActorType, type AuditEventInput, type ModificationStep, type RequestMeta } from './audit-event.ts';
export {
  validateConnectionForm, parseClientId, parseAccountId, settingsHostPort, FORM_LABELS, MAX_CLIENT_ID, CLIENT_ZERO_NOTICE, CLIENT_ZERO_WARNING,
  CONNECTION_TYPES, PLATFORMS,
  type ConnectionFormInput, type ConnectionSettings, type ConnectionType, type Platform, type FieldProblem, type FormField, type FormResult,
} from './connection-form.ts';
export { parseHostPort, formatHostPort, HOST_PORT_EXAMPLE, type HostPort, type HostKind, type HostPortResult } from './host-port.ts';
export { detectSecret, entropyBitsPerChar, MISPLACED_SECRET_MESSAGE, type SecretKind } from './secret-guard.ts';
export {
  checkTarget, classifyAddress, normaliseAddress, isMetadataHostName, parseAllowList, DEFAULT_ADDRESS_POLICY,
  type AddressClass, type AddressDecision, type AddressPolicy, type AllowList,
} from './address-policy.ts';
export { ipv6Groups } from './ipv6.ts';
export { accountMode, loginMode, portModeHint, portModeWarning, tradingModeWarnings, WELL_KNOWN_PORTS, TRADING_MODES, type TradingMode } from './trading-mode.ts';
export {
  ibCodeInfo, isConnectivityCode, ibSessionCondition, marketDataRefusal, IB_MESSAGE_CODES, IB_SESSION_CONDITIONS,
  type IbAction, type IbCodeCategory, type IbCodeInfo, type IbSeverity, type IbSessionCondition, type IbSessionConditionInfo, type MarketDataRefusal,
} from './ib-message-codes.ts';
export {
  nextSessionState, canApply, isLive, IllegalTransition, SESSION_STATES, SESSION_TRANSITIONS, type SessionEvent, type SessionState,
} from './session-state.ts';
export { isOnGrid, priceIncrement, roundToGrid, type GridSide, type MarketRule, type PriceIncrement } from './price-grid.ts';
export {
  ORDER_SIDES, ORDER_TYPES, SEC_TYPES, TIMES_IN_FORCE, TRADING_STATES,
  type ApprovedInstrument, type BracketSpec, type OrderIntent, type OrderSide, type OrderType, type SecType, type SizeSpec, type TimeInForce, type TradingState,
} from './trading.ts';
export {
  LAST_TRADE_FRESH_MS, midPrice, referencePrice,
  type AccountSnapshot, type MarketDataSource, type MarketSnapshot, type ReferenceBasis, type ReferencePrice,
} from './market-snapshot.ts';
export {
  instrumentEligibility, daysUntil, DEFAULT_NEAR_EXPIRY_DAYS, type Eligibility, type EligibilityCode, type EligibilityPolicy,
} from './instrument-eligibility.ts';
export { matchApproved, type InstrumentMatch, type InstrumentMatchCode, type InstrumentRef } from './instrument-match.ts';
export {
  applyOrderEvent, isTerminalOrderState, ORDER_EVENTS, ORDER_STATES, ORDER_TRANSITIONS, TERMINAL_ORDER_STATES,
  type OrderEvent, type OrderState, type TransitionResult,
} from './order-lifecycle.ts';
export type { IbOrderPhase, OrderKey, OrderReport, OrderSession, OrderTerms, OrderTicket, OrderWhatIf, ProposedOrderChange, ReportEnvelope, SendOutcome } from './order-route.ts';
export { ticketOf, type TicketResult } from './order-ticket.ts';
export {
  parseSignal, signalProblemOf, signalSchemaNamed, unsafeTextReason, SignalSchema, SIGNAL_ACTIONS, SIGNAL_FIELD_NAMES,
  DEFAULT_TTL_SECONDS, MAX_TTL_SECONDS, MAX_IDEMPOTENCY_KEY_LENGTH,
  type Signal, type SignalAction, type SignalFieldNames, type SignalInput, type SignalProblem, type SignalResult,
} from './signal.ts';
export {
  accountTypeChangeReason, connectionMode, decideEnableExecution, effectiveTradingState, resumeRefusal, unmetExecutionNeeds, EXECUTION_REFUSAL_CODES,
  type ConnectionMode, type EffectiveTradingState, type EnableExecutionDecision, type EnableExecutionRequest, type ExecutionRefusal, type ExecutionRefusalCode,
  type KillSwitch, type LoginFacts, type PaperFillEvidence,
} from './trading-controls.ts';
