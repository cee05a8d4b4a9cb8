// Kysely over a SQLite connection that lives in a worker thread (sqlite-connection-worker.mjs).
// better-sqlite3 is synchronous: on the main thread every statement, and every commit's fsync
// (synchronous=FULL: 0.3 ms on an idle disk here, several ms on a busy one), stopped the event
// loop that also reads HTTP requests and IB sockets, so signals queued behind each other's disk
// waits (bench/intake). Here the main thread only posts the SQL and awaits the answer.
// The writing connection is used by one caller at a time (a transaction holds it to its end). A
// SELECT outside a transaction reads on a second, read-only connection on the main thread: in
// WAL mode it sees every committed transaction at once, and it waits for no writer's fsync (the
// same isolation as PostgreSQL's pooled reads: an open transaction's writes are not seen).
import { Worker } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import {
  CompiledQuery, SelectQueryNode, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler,
  type DatabaseConnection, type Dialect, type Driver, type Kysely, type QueryResult,
} from 'kysely';
import { cachePreparedStatements } from './sqlite-statement-cache.mjs';

/** A statement SQLite refused, with better-sqlite3's code (e.g. SQLITE_CONSTRAINT_UNIQUE). */
export class SqliteStatementError extends Error {
  constructor(message: string, readonly code: string | undefined) {
    super(message);
    this.name = 'SqliteError';
  }
}

interface Answer {
  id: number;
  rows?: unknown[];
  changes?: number;
  lastInsertRowid?: number | bigint;
  error?: { message: string; code?: string };
}

interface Waiting { resolve: (answer: Answer) => void; reject: (error: Error) => void }

class WorkerConnection {
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();
  private stopped: Error | undefined;

  constructor(private readonly worker: Worker) {
    worker.on('message', (message: Answer) => {
      if (typeof message.id !== 'number') return;
      const waiting = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      // Idle, the worker must not keep the process alive; busy, it must (a CLI awaiting a query).
      if (this.waiting.size === 0) this.worker.unref();
      waiting?.resolve(message);
    });
  }

  /** The worker is gone: every query waiting and every later one fails with why. */
  stop(reason: Error): void {
    this.stopped ??= reason;
    for (const waiting of this.waiting.values()) waiting.reject(reason);
    this.waiting.clear();
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    if (this.stopped) throw this.stopped;
    const id = this.nextId++;
    const answer = await new Promise<Answer>((resolve, reject) => {
      if (this.waiting.size === 0) this.worker.ref();
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, sql: compiled.sql, parameters: compiled.parameters });
    });
    if (answer.error) throw new SqliteStatementError(answer.error.message, answer.error.code);
    if (answer.rows) return { rows: answer.rows as R[] };
    return {
      rows: [],
      ...(answer.changes !== undefined && { numAffectedRows: BigInt(answer.changes) }),
      ...(answer.lastInsertRowid !== undefined && { insertId: BigInt(answer.lastInsertRowid) }),
    };
  }
}

/** SELECTs outside a transaction, on the main thread (no round trip, no wait for the writer). */
class ReaderConnection {
  constructor(private readonly database: SQLite.Database) {}

  read<R>(compiled: CompiledQuery): QueryResult<R> {
    return { rows: this.database.prepare(compiled.sql).all(compiled.parameters as unknown[]) as R[] };
  }
}

/**
 * What Kysely holds between acquiring and releasing: a SELECT outside a transaction goes to the
 * reader; anything else takes the writer's turn for one statement, or for the whole transaction.
 */
class RoutedConnection implements DatabaseConnection {
  inTransaction = false;

  constructor(private readonly writer: WorkerConnection, private readonly reader: ReaderConnection, private readonly turns: Turns) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    if (this.inTransaction) return this.writer.executeQuery(compiled);
    if (SelectQueryNode.is(compiled.query)) return this.reader.read(compiled);
    await this.turns.take();
    try {
      return await this.writer.executeQuery(compiled);
    } finally {
      this.turns.give();
    }
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming queries are not supported on Kairox\'s SQLite connection; page with limit and a cursor instead.');
  }
}

/** First come, first served: a caller holds the one connection until it releases it. */
class Turns {
  private held = false;
  private readonly queue: Array<() => void> = [];

  async take(): Promise<void> {
    if (!this.held) {
      this.held = true;
      return;
    }
    await new Promise<void>((resolve) => this.queue.push(resolve));
  }

  give(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.held = false;
  }
}

class SqliteWorkerDriver implements Driver {
  private readonly turns = new Turns();

  constructor(private readonly writer: WorkerConnection, private readonly reader: ReaderConnection, private readonly close: () => Promise<void>) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new RoutedConnection(this.writer, this.reader, this.turns);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await this.turns.take();
    try {
      await this.writer.executeQuery(CompiledQuery.raw('begin'));
    } catch (error) {
      this.turns.give();
      throw error;
    }
    (connection as RoutedConnection).inTransaction = true;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await this.end(connection, 'commit');
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await this.end(connection, 'rollback');
  }

  private async end(connection: DatabaseConnection, how: 'commit' | 'rollback'): Promise<void> {
    const routed = connection as RoutedConnection;
    if (!routed.inTransaction) return;
    if (how === 'commit') {
      // A failed COMMIT can leave SQLite's transaction open: it and the turn stay held until the
      // rollback that follows (Kysely's transaction() always sends one).
      await this.writer.executeQuery(CompiledQuery.raw('commit'));
    } else {
      try {
        await this.writer.executeQuery(CompiledQuery.raw('rollback'));
      } catch (error) {
        // SQLite ends a transaction by itself on some errors (a full disk, an I/O error): nothing is left to roll back.
        if (!/no transaction is active/.test((error as Error).message)) throw error;
      } finally {
        routed.inTransaction = false;
        this.turns.give();
      }
      return;
    }
    routed.inTransaction = false;
    this.turns.give();
  }

  async releaseConnection(): Promise<void> {}

  async destroy(): Promise<void> {
    await this.close();
  }
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

export interface SqliteWorkerSettings {
  file: string;
  busyTimeoutMs: number;
  /** The connection's own checkpoint threshold (pages); see wal-checkpointer.ts. */
  autocheckpointPages: number;
}

/** Starts the worker and opens the database in it; rejects with SQLite's reason when it cannot. */
export async function openSqliteWorker(settings: SqliteWorkerSettings): Promise<Dialect> {
  const worker = new Worker(new URL('./sqlite-connection-worker.mjs', import.meta.url), { workerData: settings });
  const connection = new WorkerConnection(worker);
  await new Promise<void>((resolve, reject) => {
    const onMessage = (message: { ready?: boolean; openFailed?: string }) => {
      if (message.ready) resolve();
      else if (message.openFailed !== undefined) reject(new Error(message.openFailed));
      else return;
      worker.off('message', onMessage);
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
  }).catch((error: unknown) => {
    void worker.terminate();
    throw error;
  });
  let closed: Promise<void> | undefined;
  worker.on('error', (error) => connection.stop(new Error(`Kairox's SQLite connection stopped: ${error.message}`)));
  worker.on('exit', (code) => connection.stop(new Error(`Kairox's SQLite connection is closed (its worker exited with ${code}).`)));
  worker.unref();
  const closeWorker = () =>
    (closed ??= new Promise<void>((resolve) => {
      worker.once('exit', () => resolve());
      worker.on('message', (message: { closed?: boolean }) => {
        if (message.closed) void worker.terminate();
      });
      worker.ref();
      worker.postMessage('close');
    }));
  let reader: SQLite.Database;
  try {
    reader = new SQLite(settings.file, { timeout: settings.busyTimeoutMs, readonly: true });
    cachePreparedStatements(reader);
  } catch (error) {
    await closeWorker();
    throw error;
  }
  const close = async () => {
    reader.close();
    await closeWorker();
  };
  const driver = new SqliteWorkerDriver(connection, new ReaderConnection(reader), close);
  return {
    createAdapter: () => new TransactionalDdlSqliteAdapter(),
    createDriver: () => driver,
    createIntrospector: (db: Kysely<unknown>) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  };
}
