// Composition root: opens the database, migrates it, builds the services and the HTTP app.
// The only file (with cli.ts) that wires modules together; everything else receives its
// dependencies. The CLI imports createKairox, runMigrations and addUser from here.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import { ApiTokens, PasswordHasher, registerOwner, SessionStore } from './accounts/index.ts';
import { AuditLog } from './audit/index.ts';
import { componentLogger, createLogger, systemClock, type Clock, type Config, type Logger } from './common/index.ts';
import { migrateToLatest, openDatabase, type Db } from './db/index.ts';
import { buildApp } from './http/index.ts';

export { DatabaseConnectError, MigrationError } from './db/index.ts';
export { ConfigError, loadConfig, type Config } from './common/index.ts';

/** The server package's version, reported by /healthz. */
export const VERSION: string = (JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const DEFAULT_DASHBOARD_INDEX = fileURLToPath(new URL('../../dashboard/index.html', import.meta.url));
const SESSION_PURGE_INTERVAL_MS = 60 * 60_000;

export interface KairoxOptions {
  /** A ready logger; otherwise one is made at config.logLevel, writing to `logDestination` or stdout. */
  logger?: Logger;
  logDestination?: DestinationStream;
  clock?: Clock;
  dashboardIndexPath?: string;
}

export interface Kairox {
  app: FastifyInstance;
  db: Db;
  config: Config;
  logger: Logger;
  /** Starts listening on config.http; resolves with the URL, e.g. http://127.0.0.1:8080. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

function loggerFor(config: Config, options: KairoxOptions): Logger {
  return options.logger ?? createLogger({ level: config.logLevel, ...(options.logDestination && { destination: options.logDestination }) });
}

/** Opens and migrates the database; closes it again if migrating fails. */
async function openMigrated(config: Config, logger: Logger): Promise<{ db: Db; applied: string[] }> {
  const dbLog = componentLogger(logger, 'db');
  const db = await openDatabase(config, (error) => dbLog.warn({ err: error }, 'database connection error outside a query'));
  try {
    const { applied } = await migrateToLatest(db);
    if (applied.length > 0) dbLog.info({ applied, db: db.kind }, 'migrations applied');
    return { db, applied };
  } catch (error) {
    await db.close();
    throw error;
  }
}

export async function createKairox(config: Config, options: KairoxOptions = {}): Promise<Kairox> {
  const logger = loggerFor(config, options);
  const clock = options.clock ?? systemClock;
  const { db } = await openMigrated(config, logger);

  const audit = new AuditLog(clock);
  const sessions = new SessionStore(db, clock, config.sessionTtlMs);
  const app = await buildApp({
    db, config, logger, clock, version: VERSION, audit, sessions,
    hasher: new PasswordHasher(),
    tokens: new ApiTokens({ db, clock, audit }),
    dashboardIndexPath: options.dashboardIndexPath ?? DEFAULT_DASHBOARD_INDEX,
  });

  const purgeLog = componentLogger(logger, 'sessions');
  const purge = () => void sessions.purgeExpired().then(
    (n) => n > 0 && purgeLog.info({ purged: n }, 'expired sessions removed'),
    (error: unknown) => purgeLog.warn({ err: error }, 'could not remove expired sessions'),
  );
  const purgeTimer = setInterval(purge, SESSION_PURGE_INTERVAL_MS).unref();

  let closing: Promise<void> | undefined;
  return {
    app, db, config, logger,
    listen: async () => {
      purge();
      return app.listen({ host: config.http.host, port: config.http.port });
    },
    close: () =>
      (closing ??= (async () => {
        clearInterval(purgeTimer);
        await app.close();
        await db.close();
      })()),
  };
}

/** `kairox migrate`: applies pending migrations; returns the names applied (empty when current). */
export async function runMigrations(config: Config, options: KairoxOptions = {}): Promise<string[]> {
  const { db, applied } = await openMigrated(config, loggerFor(config, options));
  await db.close();
  return applied;
}

export interface AddUserInput {
  email: string;
  password: string;
  name?: string;
  workspaceName?: string;
}

/** `kairox user add`: creates a user who owns a new workspace, as first-run set-up does. */
export async function addUser(config: Config, input: AddUserInput, options: KairoxOptions = {}): Promise<{ userId: string; email: string; workspaceId: string; workspaceName: string }> {
  const logger = loggerFor(config, options);
  const clock = options.clock ?? systemClock;
  const { db } = await openMigrated(config, logger);
  try {
    const owner = await registerOwner({ db, clock, hasher: new PasswordHasher(), audit: new AuditLog(clock), logger: componentLogger(logger, 'accounts') }, input, 'operator');
    return { userId: owner.user.id, email: owner.user.email, workspaceId: owner.workspace.id, workspaceName: owner.workspace.name };
  } finally {
    await db.close();
  }
}
