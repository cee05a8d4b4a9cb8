// server/src/connections: the workspace's broker connections (the form, storage, timeline).
export {
  ConnectionsService, ConnectionFormError, settingsOf, publishedStatusOf, isConnectionId, newConnectionId,
  type ConnectionView, type ConnectionsServiceDeps, type Actor, type AuditSink,
} from './service.ts';
export {
  connectionsOf, allEnabledConnections, connectionTables, connectionSource, ConnectionsScope,
  type ConnectionRow, type ConnectionEventRow, type BrokerConnectionsTable, type ConnectionEventsTable, type ConnectionTables,
} from './store.ts';
export { RiskPolicyService, policyChanges, type RiskPolicyServiceDeps, type RiskPolicyView, type RiskPolicyAuditSink } from './risk-policy-service.ts';
export {
  readRiskUsage, USAGE_READ_TIMEOUT_MS, USAGE_UNAVAILABLE_CODES, type AccountReadsSource, type RunningAccountReads, type RiskUsageView, type UsageItem, type DailyLossItem, type UsageUnavailable,
} from './risk-usage.ts';
export { riskPoliciesOf, type RiskPoliciesTable, type RiskPolicyRow } from './risk-policy-store.ts';
export {
  TradingControlsService, tradingViewOf, loginFactsOf, actorText,
  type TradingView, type TradingActor, type TradingAuditSink, type TradingControlsDeps,
} from './trading-controls.ts';
export { tradingControlsOf, TradingControlsScope, type ConnectionControls, type WorkspaceControls } from './trading-controls-store.ts';
export { signalFactsOf, type SignalFacts } from './signal-facts.ts';
