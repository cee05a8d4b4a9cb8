// server/src/broker: one IB connection over @stoqey/ib (nothing outside this folder imports it).
export { IbSession, type IbSessionOptions } from './ib-session.ts';
export type { OpenOrderAtIb } from './all-open-orders.ts';
export { PacingLimiter, PacingQueueCleared, type PacingPriority } from './pacing.ts';
export { backoffDelay, type BackoffOptions } from './backoff.ts';
export {
  BrokerError, NotReadyError, DisconnectedError, RequestTimeoutError, IbRequestError, AccountError, InvalidRequestError, NoMarketDataError, type BrokerErrorCode,
} from './errors.ts';
export type {
  BrokerReport, ContractRef, PlaceOrderRequest, QualifyResult, ReconciliationSnapshot, SessionLastError, SessionStatus, TimelineEntry,
  OpenOrderReport, OrderStatusReport, CompletedOrderReport, ExecutionReport, CommissionReportData, PositionReport, AccountValueReport,
  OrderErrorReport, NoticeReport, ReconciliationReport, SessionErrorKind, ReportListener, ReportOrigin, TimelineNote,
  AccountPnlReport, PositionPnlReport, PnlSubscriptionFailedReport, QualifiedDetails, ContractCandidate, ContractSearchResult, HistoricalBar, BarUpdateReport, BarSubscriptionEndedReport,
} from './reports.ts';
export type { BarSize, BarSource, BarsRequest, BarsSubscription, BarsSubscriptionRequest } from './historical-bars.ts';
export type { PnlSubscription } from './pnl-subscriptions.ts';
export { describeInstrument, type SnapshotOptions } from './market-snapshot.ts';
export { ACCOUNT_VALUES_MAX_AGE_MS, type AccountSnapshotOptions } from './account-reads.ts';
export { SESSION_ERROR_KINDS } from './reports.ts';
export { decodeSessionStatus, encodeSessionStatus, notRunningStatus } from './session-status.ts';
export { resolveTarget, systemResolver, type Resolver } from './target.ts';
