export {
  decodeWebhookBody, formatOf, parseWebhookDelivery, signalFromWebhookBody, withoutSecrets, SECRET_FIELDS,
  type AlertFormat, type AlertProblem, type AlertProblemCode, type DecodedBody, type JsonObject, type WebhookDelivery, type WebhookSignal,
} from './alert-formats.ts';
export {
  signalFromTradingView, splitTicker, TradingViewAlertSchema, TRADINGVIEW_FIELD_NAMES, ALERT_ACTIONS, ALERT_ORDER_TYPES, ALERT_SENTIMENTS,
  type AlertSignalResult, type TradingViewAlert,
} from './tradingview-alert.ts';
export { deliveryFingerprint, signalFingerprint } from './fingerprint.ts';
export { SIGNAL_STATUSES, type SignalDecisionView, type SignalIntake, type SignalSource, type SignalStatus, type SubmitContext, type SubmitResult } from './submit.ts';
