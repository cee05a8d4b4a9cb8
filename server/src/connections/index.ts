// server/src/connections: the workspace's broker connections (the form, storage, timeline).
export {
  ConnectionsService, ConnectionFormError, settingsOf, publishedStatusOf, isConnectionId, newConnectionId,
  type ConnectionView, type ConnectionsServiceDeps, type Actor, type AuditSink,
} from './service.ts';
export {
  connectionsOf, allEnabledConnections, connectionTables, connectionSource, ConnectionsScope,
  type ConnectionRow, type ConnectionEventRow, type BrokerConnectionsTable, type ConnectionEventsTable, type ConnectionTables,
} from './store.ts';
