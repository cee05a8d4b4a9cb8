// Composition root: opens the database, migrates it, builds the services and the HTTP app.
// The only file (with cli.ts) that wires modules together; everything else receives its
// dependencies. The CLI imports createKairox, runMigrations, addUser and createToken from here.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import { addUserAsOperator, ApiTokens, createTokenAsOperator, PasswordHasher, SessionStore, type OperatorAddedUser, type OperatorToken, type OperatorTokenInput, type OperatorUserInput } from './accounts/index.ts';
import { AuditLog } from './audit/index.ts';
import { componentLogger, ConfigError, createLogger, KeyedTurns, systemClock, type Clock, type Config, type Logger } from './common/index.ts';
import { connectionSource, ConnectionsService, RiskPolicyService, signalFactsOf, TradingControlsService } from './connections/index.ts';
import { migrateToLatest, openDatabase, type Db } from './db/index.ts';
import { DEFAULT_ADDRESS_POLICY, parseAllowList, type AddressPolicy } from './domain/index.ts';
import { buildApp } from './http/index.ts';
import { InstrumentsService, type ConnectionDirectory } from './instruments/index.ts';
import { OrderReassessor, SignalIntakeService, WebhooksService, type OrderReassessorDeps, type SignalIntake } from './intake/index.ts';
import { WorkspaceMembers } from './workspaces/index.ts';
import { ConnectionTester, ibReads, intakeMarketData, LiveUpdates, OrderRoute, SessionWorker } from './sessions/index.ts';
import { armFaultPoints, OrderExecution, OrderModifications, OrderQueries, type FaultPoints } from './orders/index.ts';
import { FillQueries, IbBook } from './orders/index.ts';
import { forWorkspace } from './db/index.ts';
import { signalsOf } from './intake/index.ts';

export { DatabaseConnectError, MigrationError } from './db/index.ts';
export { ConfigError, loadConfig, type Config } from './common/index.ts';

/** The server package's version, reported by /healthz. */
export const VERSION: string = (JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const DEFAULT_DASHBOARD_DIR = fileURLToPath(new URL('../../dashboard/dist', import.meta.url));
const SESSION_PURGE_INTERVAL_MS = 60 * 60_000;

export interface KairoxOptions {
  /** A ready logger; otherwise one is made at config.logLevel, writing to `logDestination` or stdout. */
  logger?: Logger;
  logDestination?: DestinationStream;
  clock?: Clock;
  /** The built dashboard (default dashboard/dist). */
  dashboardDir?: string;
  /** Run the broker worker in this process (`kairox start`); `kairox api` leaves it to other processes. */
  worker?: boolean;
  /** Where webhook deliveries hand their signals; tests pass a recording fake. Default: the real intake. */
  webhookIntake?: SignalIntake;
}

export interface Kairox {
  app: FastifyInstance;
  db: Db;
  config: Config;
  logger: Logger;
  /** The broker worker, when this process runs one. */
  worker: SessionWorker | undefined;
  /** Starts listening on config.http; resolves with the URL, e.g. http://127.0.0.1:8080. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

function loggerFor(config: Config, options: KairoxOptions): Logger {
  return options.logger ?? createLogger({ level: config.logLevel, format: config.logFormat, ...(options.logDestination && { destination: options.logDestination }) });
}

/** Opens and migrates the database; closes it again if migrating fails. */
async function openMigrated(config: Config, logger: Logger): Promise<{ db: Db; applied: string[] }> {
  const dbLog = componentLogger(logger, 'db');
  const db = await openDatabase(config, (error) => dbLog.warn({ err: error }, 'database connection error outside a query'), (warning) => dbLog.warn(warning));
  try {
    const { applied } = await migrateToLatest(db);
    if (applied.length > 0) dbLog.info({ applied, db: db.kind }, 'migrations applied');
    return { db, applied };
  } catch (error) {
    await db.close();
    throw error;
  }
}

/** The operator's allow list of gateway addresses, or the default policy. */
function gatewayPolicyOf(config: Config): AddressPolicy {
  if (config.gatewayAllowList === undefined) return DEFAULT_ADDRESS_POLICY;
  try {
    return { allowList: parseAllowList(config.gatewayAllowList) };
  } catch (error) {
    throw new ConfigError(`Invalid KAIROX_GATEWAY_ALLOW_LIST: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function newWorker(db: Db, logger: Logger, clock: Clock, policy: AddressPolicy, tradingControls: TradingControlsService, route: OrderRoute, audit: AuditLog, live: LiveUpdates | undefined): SessionWorker {
  // The worker names its own component and its sessions' (one `component` per line).
  return new SessionWorker({
    source: connectionSource(db), logger, clock, policy, tradingControls,
    // A session's state changes: one audit append each (not on the order path; a few per reconnect).
    audit: { record: async (workspaceId, entry) => void (await audit.append(forWorkspace(db, workspaceId), entry)) },
    onReport: (connectionId, workspaceId, report, origin) => {
      route.deliver(connectionId, report, origin);
      live?.report(workspaceId, connectionId, report);
    },
  });
}

/** The broker worker with execution beside it: the worker's sessions carry the orders, execution decides them. */
async function newTrading(db: Db, logger: Logger, clock: Clock, policy: AddressPolicy, tradingControls: TradingControlsService, audit: AuditLog, faults: FaultPoints, live?: LiveUpdates): Promise<{ worker: SessionWorker; execution: OrderExecution }> {
  const sessions: { worker?: SessionWorker } = {};
  const route = new OrderRoute({ session: (connectionId) => sessions.worker?.session(connectionId) });
  const worker = newWorker(db, logger, clock, policy, tradingControls, route, audit, live);
  sessions.worker = worker;
  const execution = new OrderExecution({
    db, clock, audit, logger: componentLogger(logger, 'execution'), sessions: route, faults, workspaceOf: (connectionId) => worker.workspaceOf(connectionId),
    gate: {
      current: async (workspaceId, connectionId) => {
        const facts = await signalFactsOf(db, forWorkspace(db, workspaceId), connectionId);
        return { tradingState: facts.tradingState, workspaceHalted: facts.workspaceHalted, executionEnabled: facts.executionEnabled, enabled: facts.enabled };
      },
    },
    signals: { routed: (executor, workspaceId, signalId) => signalsOf(executor, workspaceId).setStatus(signalId, 'routed') },
  });
  // Before any session starts: the first reconciliation of every connection must reach it.
  await execution.start();
  return { worker, execution };
}

/** What the instruments module needs to know of a connection: the connections module answers it. */
function connectionDirectory(connections: ConnectionsService): ConnectionDirectory {
  return {
    describe: async (scope, connectionId) => {
      const c = await connections.get(scope, connectionId);
      return { enabled: c.enabled, state: c.status?.state };
    },
  };
}

/** Intake reads the connection with its trading state and policy from connections/ (one query), IB through the worker's running session. */
function intakeReads(deps: { db: Db; orders: OrderQueries; worker: SessionWorker | undefined }): Pick<OrderReassessorDeps, 'connections' | 'workingOrders' | 'marketData'> {
  const { db, worker } = deps;
  return {
    connections: { describe: (scope, connectionId) => signalFactsOf(db, scope, connectionId) },
    workingOrders: { working: (scope, connectionId, account) => deps.orders.working(scope.workspaceId, connectionId, account) },
    ...(worker && { marketData: intakeMarketData(worker) }),
  };
}

function newSignalIntake(deps: { db: Db; clock: Clock; audit: AuditLog; instruments: InstrumentsService; orders: OrderQueries; worker: SessionWorker | undefined; execution: OrderExecution | undefined; turns: KeyedTurns }): SignalIntakeService {
  return new SignalIntakeService({
    db: deps.db, clock: deps.clock, audit: deps.audit, instruments: deps.instruments, ...(deps.execution && { execution: deps.execution }), ...intakeReads(deps), turns: deps.turns,
  });
}

/** A modification is re-checked by intake's reads and the risk gate, then sent in execution's queue. */
function newModifications(deps: { db: Db; clock: Clock; audit: AuditLog; instruments: InstrumentsService; orders: OrderQueries; worker: SessionWorker; execution: OrderExecution; turns: KeyedTurns }): OrderModifications {
  const recheck = new OrderReassessor({ db: deps.db, clock: deps.clock, instruments: deps.instruments, ...intakeReads(deps) });
  return new OrderModifications({ db: deps.db, clock: deps.clock, audit: deps.audit, turns: deps.execution, recheck, decisionTurns: deps.turns });
}

export async function createKairox(config: Config, options: KairoxOptions = {}): Promise<Kairox> {
  const gatewayPolicy = gatewayPolicyOf(config);
  const faults = armFaultPoints(config.faultPoints);
  const logger = loggerFor(config, options);
  const clock = options.clock ?? systemClock;
  const { db } = await openMigrated(config, logger);

  const audit = new AuditLog(clock);
  const tradingControls = new TradingControlsService({ db, clock, audit });
  // Live positions and P&L exist only where the sessions run.
  const liveUpdates = options.worker ? new LiveUpdates({ clock }) : undefined;
  const trading = options.worker ? await newTrading(db, logger, clock, gatewayPolicy, tradingControls, audit, faults, liveUpdates) : undefined;
  const worker = trading?.worker;
  const sessions = new SessionStore(db, clock, config.sessionTtlMs);
  const connections = new ConnectionsService({ db, clock, logger, audit, policy: gatewayPolicy, ...(worker && { onChange: () => worker.nudge() }) });
  const instruments = new InstrumentsService({
    db, clock, audit, connections: connectionDirectory(connections),
    contracts: worker && { search: (connectionId, spec) => Promise.resolve(worker.searchContracts(connectionId, spec)) },
  });
  const riskPolicies = new RiskPolicyService({ db, clock, audit, connections, sessions: worker && { session: (connectionId) => worker.session(connectionId) } });
  const orders = new OrderQueries(db);
  // A connection's signals and modifications are judged one after another (intake/service.ts says why).
  const decisionTurns = new KeyedTurns();
  const signals = newSignalIntake({ db, clock, audit, instruments, orders, worker, execution: trading?.execution, turns: decisionTurns });
  const webhooks = new WebhooksService({
    db, clock, audit, logger: componentLogger(logger, 'webhooks'), intake: options.webhookIntake ?? signals,
    settings: { publicUrl: config.publicUrl, ...config.webhooks },
    connections: { describe: (scope, connectionId) => connections.get(scope, connectionId) },
  });
  const app = await buildApp({
    db, config, logger, clock, version: VERSION, audit, sessions, connections, instruments, riskPolicies, tradingControls, signals, webhooks, gatewayPolicy,
    orders, ...(trading && { execution: trading.execution, modifications: newModifications({ db, clock, audit, instruments, orders, worker: trading.worker, execution: trading.execution, turns: decisionTurns }) }),
    ibBook: new IbBook({ db, ...(worker && { reads: ibReads(worker) }) }), fills: new FillQueries(db),
    connectionTests: new ConnectionTester({ sessions: worker, logger, policy: gatewayPolicy, clock }),
    ...(liveUpdates && { liveUpdates }),
    hasher: new PasswordHasher(),
    tokens: new ApiTokens({ db, clock, audit }),
    members: new WorkspaceMembers({ clock, audit }),
    dashboardDir: options.dashboardDir ?? DEFAULT_DASHBOARD_DIR,
  });

  const purgeLog = componentLogger(logger, 'logins');
  const purge = () => void sessions.purgeExpired().then(
    (n) => n > 0 && purgeLog.info({ purged: n }, 'expired sessions removed'),
    (error: unknown) => purgeLog.warn({ err: error }, 'could not remove expired sessions'),
  );
  const purgeTimer = setInterval(purge, SESSION_PURGE_INTERVAL_MS).unref();

  let closing: Promise<void> | undefined;
  return {
    app, db, config, logger, worker,
    listen: async () => {
      purge();
      const url = await app.listen({ host: config.http.host, port: config.http.port });
      await worker?.start();
      return url;
    },
    close: () =>
      (closing ??= (async () => {
        clearInterval(purgeTimer);
        await trading?.execution.stop();
        await worker?.stop();
        liveUpdates?.close();
        await app.close();
        await db.close();
      })()),
  };
}

/** `kairox worker`: the broker worker alone, next to `kairox api` processes sharing the database. */
export async function runWorker(config: Config, options: KairoxOptions = {}): Promise<{ worker: SessionWorker; close(): Promise<void> }> {
  const gatewayPolicy = gatewayPolicyOf(config);
  const faults = armFaultPoints(config.faultPoints);
  const logger = loggerFor(config, options);
  const { db } = await openMigrated(config, logger);
  const clock = options.clock ?? systemClock;
  const audit = new AuditLog(clock);
  const { worker, execution } = await newTrading(db, logger, clock, gatewayPolicy, new TradingControlsService({ db, clock, audit }), audit, faults);
  await worker.start();
  return {
    worker,
    close: async () => {
      await execution.stop();
      await worker.stop();
      await db.close();
    },
  };
}

/** `kairox migrate`: applies pending migrations; returns the names applied (empty when current). */
export async function runMigrations(config: Config, options: KairoxOptions = {}): Promise<string[]> {
  const { db, applied } = await openMigrated(config, loggerFor(config, options));
  await db.close();
  return applied;
}

export type AddUserInput = OperatorUserInput;

/** Runs `work` with the services the shell commands need, on a migrated database, then closes it. */
async function withAccounts<T>(config: Config, options: KairoxOptions, work: (deps: Parameters<typeof createTokenAsOperator>[0]) => Promise<T>): Promise<T> {
  const logger = loggerFor(config, options);
  const clock = options.clock ?? systemClock;
  const { db } = await openMigrated(config, logger);
  try {
    const audit = new AuditLog(clock);
    return await work({ db, clock, hasher: new PasswordHasher(), audit, logger: componentLogger(logger, 'accounts'), tokens: new ApiTokens({ db, clock, audit }) });
  } finally {
    await db.close();
  }
}

/**
 * `kairox user add`: the first user becomes the owner of a new workspace; later users join an
 * existing workspace (`workspace`, with a role) or, on purpose, own a new one (`newWorkspace`).
 */
export async function addUser(config: Config, input: AddUserInput, options: KairoxOptions = {}): Promise<OperatorAddedUser> {
  return withAccounts(config, options, (deps) => addUserAsOperator(deps, input));
}

/** `kairox token create`: an API token for a user who gives their password; the secret is returned once. */
export async function createToken(config: Config, input: OperatorTokenInput, options: KairoxOptions = {}): Promise<OperatorToken> {
  return withAccounts(config, options, (deps) => createTokenAsOperator(deps, input));
}
