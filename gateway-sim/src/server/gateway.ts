// The simulated IB Gateway's TCP server: accepts TWS API clients, negotiates the version,
// runs the START_API bootstrap, dispatches requests to the engine and routes the engine's
// events to the clients they belong to. Fault injection lives on the returned handle.
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { pino } from 'pino';
import type { Logger } from 'pino';
import { createEngine, loadStateFile, realClock } from '../engine/index.ts';
import { buildCatalogue, roundTheClock } from '../market/catalogue.ts';
import type { Engine, EngineEvent, ReceivedOrder, SimClock } from '../engine/index.ts';
import {
  SIM_MAX_VERSION, SIM_MIN_VERSION, encodeAccountSummary, encodeAccountSummaryEnd, encodeAccountUpdateMulti,
  encodeManagedAccounts, encodeNextValidId, encodePortfolioValue, encodePosition, errorText, validationText,
} from '../protocol/index.ts';
import type { ClientHello } from '../protocol/index.ts';
import { startAdminServer } from './admin-http.ts';
import type { AdminServer } from './admin-http.ts';
import { ClientConnection, requestIdOf } from './connection.ts';
import type { ConnectionHost } from './connection.ts';
import { accountSummaryRows, accountUpdateValues, portfolioView, positionView } from './convert.ts';
import { accountValueMessages, handleRequest, newSessionState } from './dispatch.ts';
import type { DispatchContext, SessionState } from './dispatch.ts';
import { updateTicks } from './market-data.ts';
import { OrderDelivery } from './order-delivery.ts';
import type { DeliveryMisbehaviours } from './order-delivery.ts';
import type { PacingOptions } from './pacing.ts';

export type MarketHours = 'real' | 'always';

export interface GatewayOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 4002 (IB Gateway paper); 0 = a port chosen by the OS. */
  port?: number;
  /** Account ids, or how many to create. Paper ids start with DU, live ids with U. */
  accounts?: readonly string[] | number;
  mode?: 'paper' | 'live';
  seed?: number;
  /** Engine state is read from this file at start (if it exists) and written at close. */
  stateFile?: string;
  /** Default: real time, shiftable by the admin API. */
  clock?: SimClock;
  /** Default: silent. */
  logger?: Logger;
  pacing?: PacingOptions;
  /**
   * `real` (default): each instrument's trading and liquid hours, as on a paper gateway (a MKT order
   * outside regular hours waits). `always`: every instrument trades around the clock.
   */
  hours?: MarketHours;
  /** An engine built elsewhere (embedding, tests); otherwise one is created from the options above. */
  engine?: Engine;
  /** A partial handshake or frame must complete within this many ms. Default 10,000. */
  incompleteTimeoutMs?: number;
  /** TWS serves at most 32 API clients per session. */
  maxClients?: number;
  /** How often the engine's time-driven work runs (ms, wall clock). Default 50. */
  advanceIntervalMs?: number;
  /** Zone of the connection time in the server hello. Default America/New_York. */
  timeZone?: string;
  /** Starts the admin HTTP API on loopback at this port (0 = OS-chosen). */
  adminPort?: number;
  /**
   * Wall-clock ms for message pacing (not the simulated clock). Default Date.now; a test pins it so
   * a burst is judged as one instant however slowly a loaded machine delivers it.
   */
  wallClock?: () => number;
}

export interface ClientInfo {
  clientId: number | undefined;
  version: number;
  state: string;
  paceApi: boolean;
  queuedRequests: number;
}

export type ConnectivityCode = 1100 | 1101 | 1102;

/** IB's misbehaviours the gateway can imitate (README "Misbehaviours"); all off by default. */
export interface Misbehaviours extends DeliveryMisbehaviours {
  /** Armed for the next restart(): nextValidId then comes back this much below the highest id used (null = off). */
  nextValidIdRollbackBy: number | null;
  /** A client id starting the API again gets its executions of the day re-sent unasked. */
  resendExecutionsOnReconnect: boolean;
}

/** Fault injection and control, callable in-process and through the admin HTTP API. */
export interface GatewayControl {
  /** Closes every client socket at once (orders and positions stay). Returns how many. */
  dropAllConnections(): number;
  /** Stops answering: sockets stay open, nothing is read or written until resume(). */
  pause(): void;
  resume(): void;
  readonly paused: boolean;
  /** Drops every client and refuses connections for `refuseSeconds`, then listens again; state is kept. */
  restart(refuseSeconds: number): Promise<void>;
  /** Sends 1100 (lost), 1101 (restored, data lost) or 1102 (restored, data maintained) to every client. */
  connectivity(code: ConnectivityCode): void;
  /** Error 10197 to every client: another session took over market data. */
  competingSession(): void;
  /** Sends an arbitrary error to one client (by clientId) or to all. Returns how many received it. */
  sendError(clientId: number | 'all', id: number, code: number, message: string): number;
  rejectNextOrder(code: number, message: string): void;
  delayFills(ms: number): void;
  setPrice(conId: number, price: number): void;
  advanceClock(ms: number): void;
  /** Read-only API mode: placeOrder/cancelOrder/reqGlobalCancel answer 321. */
  setReadOnly(on: boolean): void;
  readonly readOnly: boolean;
  /** After the next restart(), each client's first nextValidId is `by` below the highest order id it used. */
  rollBackNextValidIdOnRestart(by: number): void;
  /** Leaves out every `every`-th orderStatus push (0 = off); execDetails still arrive. */
  dropOrderStatus(every: number): void;
  /** execDetails of a fill go out before the openOrder/orderStatus of the same change. */
  execBeforeOpenOrder(on: boolean): void;
  /** A client id that starts the API again gets its executions of the day re-sent unasked (same execIds). */
  resendExecutionsOnReconnect(on: boolean): void;
  /** commissionReport follows its execDetails `ms` of simulated time later (0 = at once). */
  lateCommissions(ms: number): void;
  /** Turns every misbehaviour off: a rollback in force ends, held pushes are delivered. */
  resetMisbehaviours(): void;
  readonly misbehaviours: Misbehaviours;
  /** Every order the simulator received, oldest first (see engine ReceivedOrder). */
  orders(): readonly ReceivedOrder[];
}

export interface Gateway extends GatewayControl {
  readonly host: string;
  readonly port: number;
  /** Port of the admin HTTP API when started. */
  readonly adminPort: number | undefined;
  readonly mode: 'paper' | 'live';
  readonly engine: Engine;
  readonly clock: SimClock;
  clients(): ClientInfo[];
  close(): Promise<void>;
}

const FARM_NOTICES: [number, string][] = [
  [2104, `${errorText(2104)}usfarm`],
  [2106, `${errorText(2106)}ushmds`],
  [2158, `${errorText(2158)}secdefnj`],
];
/** Informational notice a live-mode gateway sends after the bootstrap (2xxx = warning range). */
const SIMULATION_NOTICE_CODE = 2100 as const;

/** `yyyyMMdd HH:mm:ss <zone>` as TWS writes its connection time. */
export function connectionTime(epochMs: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    hourCycle: 'h23', timeZoneName: 'short',
  }).formatToParts(new Date(epochMs));
  const p = (type: string): string => parts.find((x) => x.type === type)?.value ?? '';
  return `${p('year')}${p('month')}${p('day')} ${p('hour')}:${p('minute')}:${p('second')} ${p('timeZoneName')}`;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : port);
    });
  });
}

async function buildEngine(options: GatewayOptions, clock: SimClock): Promise<Engine> {
  if (options.engine) return options.engine;
  const state = options.stateFile && existsSync(options.stateFile) ? await loadStateFile(options.stateFile) : undefined;
  return createEngine({
    clock, mode: options.mode ?? 'paper',
    ...(options.hours === 'always' ? { catalogue: roundTheClock(buildCatalogue(clock.now())) } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.accounts !== undefined ? { accounts: options.accounts } : {}),
    ...(state ? { state } : {}),
  });
}

/** Starts a simulated IB Gateway; resolves once it accepts connections. */
export async function startGateway(options: GatewayOptions = {}): Promise<Gateway> {
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger ?? pino({ level: 'silent' });
  const clock = options.clock ?? realClock();
  const engine = await buildEngine(options, clock);
  const mode = options.mode ?? engine.mode;
  const timeZone = options.timeZone ?? 'America/New_York';
  const maxClients = options.maxClients ?? 32;

  const connections = new Set<ClientConnection>();
  const byClientId = new Map<number, ClientConnection>();
  const sessions = new Map<ClientConnection, SessionState>();
  let nextConnId = 1;
  let paused = false;
  let readOnly = false;
  let closing = false;
  let restartTimer: NodeJS.Timeout | undefined;
  let port = options.port ?? 4002;
  let rollbackBy: number | null = null;
  let resendExecutions = false;
  /** Client ids that have started the API on this gateway: a later start is a reconnect. */
  const startedClientIds = new Set<number>();
  const delivery = new OrderDelivery((clientId) => byClientId.get(clientId), () => clock.now());

  const session = (conn: ClientConnection): SessionState => {
    let s = sessions.get(conn);
    if (!s) {
      s = newSessionState();
      sessions.set(conn, s);
    }
    return s;
  };

  const ready = (): ClientConnection[] => [...connections].filter((c) => c.state === 'ready');

  const ctx: DispatchContext = {
    engine, clock,
    get readOnly() { return readOnly; },
    session,
    startApi(conn, clientId) {
      const holder = byClientId.get(clientId);
      if (holder && holder !== conn && holder.isOpen) {
        conn.sendError(-1, 326, errorText(326));
        conn.close(`client id ${clientId} is already in use`, 'warn');
        return false;
      }
      if (byClientId.size >= maxClients) {
        conn.close(`already serving ${maxClients} API clients`, 'warn');
        return false;
      }
      conn.clientId = clientId;
      conn.state = 'ready';
      byClientId.set(clientId, conn);
      conn.log.info({ clientId, version: conn.version }, 'API client started');
      conn.send(encodeManagedAccounts(engine.accounts));
      conn.send(encodeNextValidId(engine.nextValidId(clientId)));
      for (const [code, text] of FARM_NOTICES) conn.sendError(-1, code, text);
      if (mode === 'live') {
        conn.sendError(-1, SIMULATION_NOTICE_CODE, errorText(SIMULATION_NOTICE_CODE));
      }
      // Filtered here too: client id 0 in an execution filter means every client.
      if (resendExecutions && startedClientIds.has(clientId)) {
        delivery.replayExecutions(conn, engine.executions({ clientId }).filter((x) => x.execution.clientId === clientId));
      }
      startedClientIds.add(clientId);
      return true;
    },
  };

  const host_: ConnectionHost = {
    logger,
    wallNow: options.wallClock ?? (() => Date.now()),
    pacing: options.pacing ?? {},
    incompleteTimeoutMs: options.incompleteTimeoutMs ?? 10_000,
    negotiate(conn, hello: ClientHello) {
      if (hello.maxVersion < SIM_MIN_VERSION) {
        conn.close(`client speaks server versions ${hello.minVersion}..${hello.maxVersion}; this gateway needs at least ${SIM_MIN_VERSION}`, 'warn');
        return undefined;
      }
      // Reply min(clientMax, ours); a client whose minimum is above ours decides itself (as with real TWS).
      const version = Math.min(hello.maxVersion, SIM_MAX_VERSION);
      conn.send([String(version), connectionTime(clock.now(), timeZone)]);
      conn.log.debug({ version, paceApi: hello.paceApi }, 'handshake');
      return version;
    },
    handle(conn, request) {
      try {
        handleRequest(ctx, conn, request);
      } catch (err) {
        // A simulator bug answers this request with an error; the client and the others carry on.
        conn.log.error({ err: (err as Error).stack ?? String(err), kind: request.kind }, 'request failed inside the simulator');
        conn.sendError(requestIdOf(request), 321, validationText(`internal simulator error while serving ${request.kind}`, 'bI'));
      }
    },
    closed(conn) {
      connections.delete(conn);
      if (conn.clientId !== undefined && byClientId.get(conn.clientId) === conn) byClientId.delete(conn.clientId);
      const s = sessions.get(conn);
      if (s) for (const sub of s.marketData.values()) sub.stop();
      sessions.delete(conn);
    },
  };

  const route = (e: EngineEvent): void => {
    switch (e.type) {
      case 'openOrder':
      case 'orderStatus':
      case 'execution':
      case 'commissionReport':
        delivery.deliver(e);
        return;
      case 'error': {
        const targets = e.clientId === -1 ? ready() : [byClientId.get(e.clientId)].filter((c) => c !== undefined);
        for (const c of targets) c.sendError(e.id, e.code, e.message, e.advancedOrderRejectJson);
        return;
      }
      case 'position':
        for (const c of ready()) {
          const s = session(c);
          if (s.positions) c.send(encodePosition(positionView(e.position)));
          if (s.accountUpdates === e.position.account) c.send(encodePortfolioValue(portfolioView(e.position)));
        }
        return;
      case 'accountValues':
        for (const c of ready()) {
          const s = session(c);
          for (const [reqId, sub] of s.accountSummaries) {
            for (const row of accountSummaryRows(reqId, e.values, sub.tags)) c.send(encodeAccountSummary(row));
            c.send(encodeAccountSummaryEnd(reqId));
          }
          if (s.accountUpdates === e.values.account) for (const m of accountValueMessages(engine, e.values.account, clock.now())) c.send(m);
          for (const [reqId, sub] of s.accountUpdatesMulti) {
            if (!sub.accounts.includes(e.values.account)) continue;
            for (const v of accountUpdateValues(e.values, sub.ledgerAndNLV)) c.send(encodeAccountUpdateMulti(reqId, sub.modelCode, v));
          }
        }
        return;
      case 'quote':
        for (const c of ready()) {
          for (const [reqId, sub] of session(c).marketData) {
            if (sub.conId !== e.quote.conId) continue;
            for (const f of updateTicks(reqId, sub.marketDataType, sub.last, e.quote)) c.send(f);
            sub.last = e.quote;
          }
        }
        return;
    }
  };
  const unsubscribe = engine.on((e) => {
    try {
      route(e);
    } catch (err) {
      logger.error({ err: (err as Error).stack ?? String(err), event: e.type }, 'failed to deliver an engine event');
    }
  });

  const server = createServer({ noDelay: true }, (socket: Socket) => {
    try {
      const conn = new ClientConnection(nextConnId++, socket, host_);
      connections.add(conn);
      if (paused) conn.pause();
    } catch (err) {
      logger.error({ err: (err as Error).message }, 'could not set up a client connection');
      socket.destroy();
    }
  });
  server.on('error', (err) => logger.error({ err: err.message }, 'gateway listener error'));
  port = await listen(server, port, host);

  const advanceTimer = setInterval(() => {
    try {
      engine.advance();
      delivery.tick();
    } catch (err) {
      logger.error({ err: (err as Error).stack ?? String(err) }, 'engine.advance failed');
    }
  }, options.advanceIntervalMs ?? 50);
  advanceTimer.unref();

  logger.info({ host, port, mode, accounts: engine.accounts }, `simulated IB Gateway (${mode}) listening`);
  if (mode === 'live') logger.warn('live mode: account ids look real (U…) but this is a SIMULATION; nothing reaches IBKR');

  const dropAll = (reason: string): number => {
    const all = [...connections];
    for (const c of all) c.destroy(reason);
    return all.length;
  };

  let admin: AdminServer | undefined;

  const gateway: Gateway = {
    host,
    get port() { return port; },
    get adminPort() { return admin?.port; },
    mode,
    engine,
    clock,
    clients: () => [...connections].map((c) => ({
      clientId: c.clientId, version: c.version, state: c.state, paceApi: c.paceApi, queuedRequests: c.queuedRequests,
    })),
    dropAllConnections: () => dropAll('fault injection: drop all connections'),
    get paused() { return paused; },
    pause() {
      paused = true;
      for (const c of connections) c.pause();
      logger.warn('gateway paused: connections stay open, nothing is answered');
    },
    resume() {
      paused = false;
      for (const c of connections) c.resume();
      logger.info('gateway resumed');
    },
    async restart(refuseSeconds) {
      if (!(refuseSeconds >= 0)) throw new RangeError('refuseSeconds must be ≥ 0');
      logger.warn({ refuseSeconds }, 'gateway restart: dropping every client and refusing connections');
      dropAll('gateway restart');
      if (rollbackBy !== null) {
        engine.faults.rollBackNextValidIds(rollbackBy);
        logger.warn({ by: rollbackBy }, 'misbehaviour: nextValidId rolled back below used order ids');
        rollbackBy = null;
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => {
        restartTimer = setTimeout(resolve, refuseSeconds * 1000);
      });
      restartTimer = undefined;
      if (closing) return;
      await listen(server, port, host);
      logger.info({ port }, 'gateway accepting connections again');
    },
    connectivity(code) {
      for (const c of ready()) c.sendError(-1, code, errorText(code));
    },
    competingSession() {
      for (const c of ready()) c.sendError(-1, 10197, errorText(10197));
    },
    sendError(clientId, id, code, message) {
      const targets = clientId === 'all' ? ready() : [byClientId.get(clientId)].filter((c) => c !== undefined);
      for (const c of targets) c.sendError(id, code, message);
      return targets.length;
    },
    rejectNextOrder: (code, message) => engine.faults.rejectNextOrder(code, message),
    delayFills: (ms) => engine.faults.delayFills(ms),
    setPrice: (conId, price) => engine.faults.setPrice(conId, price),
    advanceClock: (ms) => {
      engine.faults.advanceClock(ms);
      delivery.tick();
    },
    get readOnly() { return readOnly; },
    setReadOnly(on) {
      readOnly = on;
      logger.info({ readOnly: on }, 'read-only API mode changed');
    },
    rollBackNextValidIdOnRestart(by) {
      if (!(Number.isInteger(by) && by >= 0)) throw new RangeError('rollBackNextValidIdOnRestart: by must be an integer ≥ 0');
      rollbackBy = by;
    },
    dropOrderStatus(every) {
      if (!(Number.isInteger(every) && every >= 0)) throw new RangeError('dropOrderStatus: every must be an integer ≥ 0');
      delivery.settings.dropOrderStatusEvery = every;
    },
    execBeforeOpenOrder(on) {
      delivery.settings.execBeforeOpenOrder = on;
    },
    resendExecutionsOnReconnect(on) {
      resendExecutions = on;
    },
    lateCommissions(ms) {
      if (!(Number.isFinite(ms) && ms >= 0)) throw new RangeError('lateCommissions: ms must be ≥ 0');
      delivery.settings.lateCommissionsMs = ms;
    },
    resetMisbehaviours() {
      rollbackBy = null;
      engine.faults.endNextValidIdRollback();
      resendExecutions = false;
      delivery.reset();
      logger.info('every misbehaviour off');
    },
    get misbehaviours() {
      return { ...delivery.settings, nextValidIdRollbackBy: rollbackBy, resendExecutionsOnReconnect: resendExecutions };
    },
    orders: () => engine.receivedOrders(),
    async close() {
      if (closing) return;
      closing = true;
      if (restartTimer) clearTimeout(restartTimer);
      clearInterval(advanceTimer);
      unsubscribe();
      await admin?.close();
      dropAll('gateway shutting down');
      await new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
      if (options.stateFile) {
        try {
          await engine.saveState(options.stateFile);
        } catch (err) {
          logger.error({ err: (err as Error).message, file: options.stateFile }, 'could not save the engine state');
        }
      }
      logger.info('simulated IB Gateway stopped');
    },
  };

  if (options.adminPort !== undefined) {
    try {
      admin = await startAdminServer(gateway, { port: options.adminPort, logger });
    } catch (err) {
      await gateway.close();
      throw err;
    }
  }
  return gateway;
}
