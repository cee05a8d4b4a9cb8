// SQLite commits made durable off the event loop, and shared by the commits that come together.
//
// In WAL mode the one thing `PRAGMA synchronous = FULL` adds to NORMAL is a sync of the WAL file
// after each commit (sqlite.org, PRAGMA synchronous): NORMAL already syncs the WAL before every
// checkpoint, the database file after it and the WAL header when the WAL is reused. Under FULL that
// sync runs inside COMMIT, on the one thread Kairox has, so every request waits for every other
// request's fsync (0.3 ms on this VM when the disk is idle, several ms when it is busy). Kairox opens
// SQLite with NORMAL and makes the same sync itself, on libuv's thread pool, before the write's
// promise resolves: no caller ever sees a commit before the WAL holding it is on disk — the
// guarantee FULL gives — while the event loop goes on serving, and the commits made while one sync
// runs share the next one (group commit).
//
// Kysely's SQLite driver has one connection behind a mutex. The wrapper below notes that the
// holder committed (a transaction's COMMIT, or a write outside a transaction), lets the connection
// go, then waits for the sync: the next query does not queue behind the disk.
import fs from 'node:fs/promises';
import type SQLite from 'better-sqlite3';
import { SqliteAdapter, SqliteDialect, type CompiledQuery, type DatabaseConnection, type Driver, type QueryCompiler, type QueryResult, type SqliteDialectConfig, type TransactionSettings } from 'kysely';

/** Makes everything written to the WAL so far durable (fdatasync of the WAL file). */
export type SyncWal = () => Promise<void>;

export interface WalSyncStats {
  /** Commits that waited for a sync. */
  readonly commits: number;
  /** Syncs made: fewer than commits when commits came together. */
  readonly syncs: number;
}

/** Group commit: every caller of `afterCommit` is answered by a sync that began after it asked. */
export class WalSync {
  private waiting: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];
  private running = false;
  private counts = { commits: 0, syncs: 0 };

  constructor(private readonly syncWal: SyncWal) {}

  get stats(): WalSyncStats {
    return { ...this.counts };
  }

  /** Resolves once the commit the caller just made is on disk; rejects if the sync failed. */
  afterCommit(): Promise<void> {
    this.counts.commits += 1;
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    while (this.waiting.length > 0) {
      // Everyone here committed before this sync starts, so it covers them all; later askers wait for the next.
      const batch = this.waiting;
      this.waiting = [];
      try {
        await this.syncWal();
        this.counts.syncs += 1;
        for (const w of batch) w.resolve();
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    this.running = false;
  }
}

/** fdatasync of `<database>-wal`, through one handle kept open (the WAL lives as long as the connection). */
export function walFileSync(databaseFile: string): { sync: SyncWal; close: () => Promise<void> } {
  let handle: Promise<fs.FileHandle> | undefined;
  const open = () => (handle ??= fs.open(`${databaseFile}-wal`, 'r+'));
  return {
    sync: async () => {
      try {
        await (await open()).datasync();
      } catch (error) {
        // A handle that could not open is not kept: the next commit tries again.
        handle = undefined;
        throw new Error(`SQLite's write-ahead log ${databaseFile}-wal could not be synced to disk: ${(error as Error).message}`, { cause: error });
      }
    },
    close: async () => {
      const h = handle;
      handle = undefined;
      if (h) await (await h.catch(() => undefined))?.close();
    },
  };
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

/** Kysely's SQLite dialect, with commits that resolve only once durable (see the header). */
export class DurableSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig & { database: SQLite.Database; wal: WalSync }) {
    super(settings);
  }

  override createAdapter(): SqliteAdapter {
    return new TransactionalDdlSqliteAdapter();
  }

  override createDriver(): Driver {
    return new DurableSqliteDriver(super.createDriver(), this.settings.database, this.settings.wal);
  }
}

class DurableSqliteDriver implements Driver {
  /** The connection's holder committed something since it acquired it. */
  private owed = false;

  constructor(private readonly inner: Driver, private readonly database: SQLite.Database, private readonly wal: WalSync) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.inner.acquireConnection();
    const { database } = this;
    return {
      executeQuery: async <R>(query: CompiledQuery): Promise<QueryResult<R>> => {
        const result = await connection.executeQuery<R>(query);
        // A write outside a transaction commits by itself (its prepared statement is cached: connect.ts).
        if (!database.inTransaction && !database.prepare(query.sql).reader) this.owed = true;
        return result;
      },
      streamQuery: <R>(query: CompiledQuery, chunkSize?: number) => connection.streamQuery<R>(query, chunkSize),
      inner: connection,
    } as DatabaseConnection & { inner: DatabaseConnection };
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.inner.beginTransaction(innerOf(connection), settings);
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await this.inner.commitTransaction(innerOf(connection));
    this.owed = true;
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.rollbackTransaction(innerOf(connection));
  }

  async savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await this.inner.savepoint?.(innerOf(connection), name, compile);
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await this.inner.rollbackToSavepoint?.(innerOf(connection), name, compile);
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await this.inner.releaseSavepoint?.(innerOf(connection), name, compile);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const owed = this.owed;
    this.owed = false;
    await this.inner.releaseConnection(innerOf(connection));
    // After the release: the next holder runs while this one waits for the disk.
    if (owed) await this.wal.afterCommit();
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

function innerOf(connection: DatabaseConnection): DatabaseConnection {
  return (connection as DatabaseConnection & { inner?: DatabaseConnection }).inner ?? connection;
}
