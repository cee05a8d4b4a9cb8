export {
  decodeWebhookBody, formatOf, parseWebhookDelivery, signalFromWebhookBody, withoutSecrets, SECRET_FIELDS,
  type AlertFormat, type AlertProblem, type AlertProblemCode, type DecodedBody, type JsonObject, type WebhookDelivery, type WebhookSignal,
} from './alert-formats.ts';
export {
  signalFromTradingView, splitTicker, TradingViewAlertSchema, TRADINGVIEW_FIELD_NAMES, ALERT_ACTIONS, ALERT_ORDER_TYPES, ALERT_SENTIMENTS,
  type AlertSignalResult, type TradingViewAlert,
} from './tradingview-alert.ts';
export { deliveryFingerprint, signalFingerprint } from './fingerprint.ts';
export { SIGNAL_STATUSES, type SignalDecisionView, type SignalIntake, type SignalSource, type SignalStatus, type SignalTransaction, type SubmitContext, type SubmitResult, type SubmitTimings } from './submit.ts';
export { SignalIntakeService, newSignalId, newKairoxOrderId, type SignalIntakeDeps, type SignalView } from './service.ts';
export { EXECUTION_OFF_MESSAGE, INTAKE_READ_TIMEOUT_MS } from './decide.ts';
export { WHAT_IF_TIMEOUT_MS, type PreviewOrder, type SignalPreview } from './preview.ts';
export type { CancelIntent, Decision, DecisionStep, IntakeDenialCode, PreparedIntent } from './decision.ts';
export type {
  ApprovedInstruments, ExecutionIntake, IntakeAuditSink, IntakeConnection, IntakeConnections, IntakeContract, IntakeMarketData, IntakePosition, IntakeSession,
} from './ports.ts';
export { roundDownToIncrement, sizeOrder, type SizingInputs, type SizingResult } from './sizing.ts';
export { signalsOf, type SignalRow } from './signal-store.ts';
export {
  WebhooksService, newWebhookId,
  type Delivery, type DeliveryAnswer, type DeliveryView, type WebhookAuditSink, type WebhookConnections, type WebhookCredentials, type WebhookView, type WebhooksServiceDeps,
} from './webhooks.ts';
export { DELIVERY_OUTCOMES, type DeliveryOutcome } from './webhook-store.ts';
export { OrderReassessor, type OrderReassessorDeps, type ProposedOrder, type Reassessment } from './reassess.ts';
