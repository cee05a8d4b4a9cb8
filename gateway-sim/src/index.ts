// @kairox/gateway-sim: a simulated IB Gateway speaking the TWS socket protocol (text, 176–178).
//
//   const gw = await startGateway({ port: 0, accounts: ['DU1234567'], seed: 7 });
//   // connect any TWS API client to gw.host:gw.port …
//   gw.rejectNextOrder(201, 'Order rejected - reason:No Trading Permission');
//   await gw.close();
//
// `protocol` is the pure wire layer (framing, field reader/writer, encoders, decoders), useful
// for raw test clients; the engine's clocks let tests pin or accelerate simulated time.
export { startGateway, startAdminServer, connectionTime } from './server/index.ts';
export type {
  AdminServer, ClientInfo, ConnectivityCode, Gateway, GatewayControl, GatewayOptions, MarketHours, Misbehaviours, PacingOptions,
} from './server/index.ts';
export * as protocol from './protocol/index.ts';
export { createEngine, acceleratedClock, manualClock, parseClockSpec, realClock, MAX_RECEIVED_ORDERS } from './engine/index.ts';
export type { Clock, Engine, EngineOptions, ManualClock, ReceivedOrder, SimClock } from './engine/index.ts';
