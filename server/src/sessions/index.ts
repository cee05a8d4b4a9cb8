// server/src/sessions: the worker that runs broker sessions, and `kairox check`.
export {
  runCheck, checkConnection, renderCheckReport, parseCheckArgs, CHECK_EXIT, CHECK_USAGE, type CheckIo, type CheckDeps, type CheckOptions, type CheckOutcome,
} from './check.ts';
export {
  SessionWorker, type WorkerOptions, type WorkerStatusEntry, type RunningSession, type ConnectionSource, type WorkerConnection, type TimelineRecord, type TradingControlsPort, type SessionAuditPort,
} from './worker.ts';
export {
  LiveUpdates, LIVE_UPDATE_WINDOW_MS, type LiveUpdate, type LiveUpdateFeed, type LivePnlRow, type LivePositionRow, type PnlTotals, type Schedule,
} from './live-updates.ts';
export {
  ConnectionTester, type ConnectionTesterDeps, type ConnectionTestResult, type ConnectionTestSource, type ConnectionUnderTest,
} from './connection-test.ts';
export { intakeMarketData, type RunningSessions, type SessionReads } from './intake-market-data.ts';
export { ibReads, type IbOpenOrderRow, type IbPositionRow, type IbSessionReads } from './ib-reads.ts';
export { OrderRoute, routeReportOf, type RoutedSession, type SessionsOf } from './order-route.ts';
