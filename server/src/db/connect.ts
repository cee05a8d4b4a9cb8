// Opens the database: SQLite (better-sqlite3) by default, PostgreSQL (pg Pool) when a URL is given.
// Failing to connect is turned into one printable line within the configured time.
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteAdapter, SqliteDialect, sql } from 'kysely';
import type { Database } from './schema.ts';
import { DatabaseConnectError } from './errors.ts';
import { prepareSqliteFiles } from './private-files.ts';
import { BACKSTOP_AUTOCHECKPOINT_PAGES, startWalCheckpointer } from './wal-checkpointer.ts';

export type DbKind = 'sqlite' | 'postgres';

export interface Db {
  readonly kysely: Kysely<Database>;
  readonly kind: DbKind;
  /** Runs a trivial query; throws when the database does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DbSettings {
  readonly databaseUrl: string | undefined;
  readonly sqlitePath: string;
  readonly dbConnectTimeoutMs: number;
}

/** Told about errors no query is waiting for (e.g. an idle PostgreSQL connection dropped). */
export type BackgroundErrorSink = (error: Error) => void;

/** Told what the operator should fix but need not stop for (e.g. a data directory open to others). */
export type WarningSink = (message: string) => void;

export async function openDatabase(settings: DbSettings, onBackgroundError: BackgroundErrorSink = () => {}, onWarning: WarningSink = () => {}): Promise<Db> {
  return settings.databaseUrl
    ? openPostgres(settings.databaseUrl, settings.dbConnectTimeoutMs, onBackgroundError)
    : openSqlite(settings.sqlitePath, settings.dbConnectTimeoutMs, onWarning);
}

function makeDb(kysely: Kysely<Database>, kind: DbKind, beforeClose: () => Promise<void> = async () => {}): Db {
  let closed: Promise<void> | undefined;
  return {
    kysely,
    kind,
    ping: async () => {
      await sql`select 1`.execute(kysely);
    },
    close: () => (closed ??= beforeClose().then(() => kysely.destroy())),
  };
}

function openSqlite(file: string, busyTimeoutMs: number, onWarning: WarningSink): Db {
  let database: SQLite.Database;
  try {
    // The directory 0700 and the files 0600: they hold password and token hashes.
    for (const warning of prepareSqliteFiles(file)) onWarning(warning);
    database = new SQLite(file, { timeout: busyTimeoutMs });
    // WAL lets readers run beside the writer; FULL makes a committed transaction survive power loss.
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = FULL');
    database.pragma('foreign_keys = ON');
    database.pragma(`wal_autocheckpoint = ${BACKSTOP_AUTOCHECKPOINT_PAGES}`);
    cachePreparedStatements(database);
  } catch (error) {
    throw new DatabaseConnectError(`Cannot open the SQLite database at ${file}: ${firstLine(error)}`);
  }
  const checkpointer = startWalCheckpointer(file, busyTimeoutMs, onWarning);
  return makeDb(new Kysely<Database>({ dialect: new TransactionalDdlSqliteDialect({ database }) }), 'sqlite', () => checkpointer.close());
}

/** How many distinct SQL texts keep their prepared statement (Kysely's queries are a few hundred). */
export const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver prepares every query anew (about 40 prepares per signal decided, ~0.5 ms
 * of CPU each time: bench/intake). A better-sqlite3 statement can be run again with new
 * parameters, and SQLite recompiles it by itself after a schema change, so the most recently used
 * ones are kept by their SQL text. Nothing here iterates a statement (no `.stream()`), which is the
 * one use that cannot share a statement.
 */
export function cachePreparedStatements(database: SQLite.Database, size = STATEMENT_CACHE_SIZE): void {
  const prepare = database.prepare.bind(database);
  const cache = new Map<string, SQLite.Statement>();
  database.prepare = ((source: string) => {
    const cached = cache.get(source);
    if (cached) {
      cache.delete(source);
      cache.set(source, cached);
      return cached;
    }
    const statement = prepare(source);
    cache.set(source, statement);
    if (cache.size > size) cache.delete(cache.keys().next().value as string);
    return statement;
  }) as SQLite.Database['prepare'];
}

/**
 * SQLite DDL is transactional, but Kysely's adapter says otherwise; saying so lets the migrator
 * commit each migration together with its record, so a crash can never leave one without the other.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class TransactionalDdlSqliteDialect extends SqliteDialect {
  override createAdapter(): SqliteAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

const INT8_OID = 20;

/** bigint columns hold epoch ms and counters, all far below 2^53: read them as numbers, not strings. */
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

async function openPostgres(url: string, timeoutMs: number, onBackgroundError: BackgroundErrorSink): Promise<Db> {
  const where = describeUrl(url);
  const pool = new pg.Pool({ connectionString: url, connectionTimeoutMillis: timeoutMs, max: 10, types: pgTypes });
  // An idle client that loses its server emits 'error' on the pool; without a listener that would crash the process.
  pool.on('error', onBackgroundError);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutSignal()), timeoutMs);
  });
  try {
    await Promise.race([pool.query('select 1'), deadline]);
  } catch (error) {
    void pool.end().catch(() => {});
    throw new DatabaseConnectError(`Cannot connect to PostgreSQL at ${where}: ${explainPgError(error, timeoutMs)}`);
  } finally {
    clearTimeout(timer);
  }
  return makeDb(new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), 'postgres');
}

class TimeoutSignal extends Error {}

/** host:port/database, never the user name or password. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || 'localhost'}:${u.port || '5432'}${u.pathname && u.pathname !== '/' ? u.pathname : ''}`;
  } catch {
    return 'the address in DATABASE_URL (it could not be parsed as a URL)';
  }
}

function explainPgError(error: unknown, timeoutMs: number): string {
  if (error instanceof TimeoutSignal) return `no answer within ${timeoutMs} ms (KAIROX_DB_CONNECT_TIMEOUT_MS); check DATABASE_URL and that the server is reachable`;
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused; is PostgreSQL running and listening on that address?';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host name not found; check the host in DATABASE_URL';
    case 'ETIMEDOUT':
      return `no answer within ${timeoutMs} ms; check DATABASE_URL and the network`;
    case '28P01':
    case '28000':
      return 'authentication failed; check the user and password in DATABASE_URL';
    case '3D000':
      return 'the database does not exist; create it or fix the database name in DATABASE_URL';
  }
  const line = firstLine(error);
  if (/timeout/i.test(line)) return `no answer within ${timeoutMs} ms (KAIROX_DB_CONNECT_TIMEOUT_MS); check DATABASE_URL and that the server is reachable`;
  return line;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // Scrub anything URL-shaped: driver messages may quote the connection string.
  return (message.split('\n')[0] ?? '').replace(/postgres(ql)?:\/\/\S+/g, '<DATABASE_URL>');
}
