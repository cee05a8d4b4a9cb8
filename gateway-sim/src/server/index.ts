// The simulated gateway's TCP server and its fault-injection controls.
export { startGateway, connectionTime } from './gateway.ts';
export type { ClientInfo, ConnectivityCode, Gateway, GatewayControl, GatewayOptions, MarketHours, Misbehaviours } from './gateway.ts';
export { startAdminServer } from './admin-http.ts';
export type { AdminServer } from './admin-http.ts';
export type { PacingOptions } from './pacing.ts';
