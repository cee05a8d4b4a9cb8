// Durable commits without blocking the event loop. With synchronous=FULL SQLite fsyncs its
// write-ahead log inside COMMIT, on the thread that runs it: Kairox's only thread, so every signal,
// HTTP request and IB message waited for the disk (bench/intake: a slow fsync froze the process for
// tens to hundreds of ms). SQLite runs with synchronous=NORMAL instead, where COMMIT only writes the
// log's frames, and this fsyncs the log on libuv's thread pool; whoever committed is answered only
// after an fsync that began after the commit (and the driver makes readers wait the same way:
// db/connect.ts). What is acknowledged is as durable as under FULL
// (the frames of a commit are on disk before anyone hears of it), and commits made while an fsync
// runs share the next one. SQLite still fsyncs by itself where NORMAL keeps it (checkpoints, a
// log begun anew), so the database file itself stays consistent either way.
// A failed fsync is final: what it should have made durable may be gone from the page cache, so
// retrying could report success for lost writes. Every commit from then on is refused until restart.
import fs from 'node:fs/promises';
import { KairoxError } from '../common/errors.ts';

/** The log's file as this needs it: fsync it, and close it at the end. */
export interface FlushableFile {
  sync(): Promise<void>;
  close(): Promise<void>;
}

export type OpenLog = (path: string) => Promise<FlushableFile>;

const openForFsync: OpenLog = (path) => fs.open(path, 'r');

/** Commits could not be made durable: the disk or file system failed an fsync. */
export class StorageFlushError extends KairoxError {
  constructor(logPath: string, cause: unknown) {
    super('SERVICE_UNAVAILABLE', 503,
      `The database's write-ahead log (${logPath}) could not be flushed to disk (${cause instanceof Error ? cause.message : String(cause)}). `
      + 'What was committed since the last flush may not survive a power loss, so Kairox reports nothing as stored any more: check the disk, then restart Kairox.');
    this.name = 'StorageFlushError';
  }
}

interface Waiter {
  upTo: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

export class WalFlusher {
  /** Statements that changed the database so far, and how many of them the last fsync covered. */
  private writes = 0;
  private flushed = 0;
  private waiters: Waiter[] = [];
  private running: Promise<void> | undefined;
  private file: Promise<FlushableFile> | undefined;
  private failure: StorageFlushError | undefined;

  constructor(private readonly logPath: string, private readonly open: OpenLog = openForFsync) {}

  /** Called after each statement that changed the database (its frames are in the log, maybe not on disk). */
  wrote(): void {
    this.writes++;
  }

  /** Resolves once every write made so far is on disk; rejects for good once an fsync failed. */
  durable(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.flushed >= this.writes) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ upTo: this.writes, resolve, reject });
      this.start();
    });
  }

  /** Waits for the fsync under way and closes the log's file. */
  async close(): Promise<void> {
    await this.running;
    const file = this.file;
    this.file = undefined;
    if (file) await (await file.catch(() => undefined))?.close();
  }

  private start(): void {
    this.running ??= this.flushLoop().finally(() => {
      this.running = undefined;
    });
  }

  /** One fsync at a time; each covers every write made before it began. */
  private async flushLoop(): Promise<void> {
    while (this.waiters.length > 0 && !this.failure) {
      const upTo = this.writes;
      try {
        this.file ??= this.open(this.logPath);
        await (await this.file).sync();
      } catch (error) {
        if (isMissing(error)) {
          // No log yet (a statement SQLite counts as a write, e.g. a pragma, wrote no frame): nothing to flush.
          this.file = undefined;
          this.flushed = upTo;
          this.settle(upTo);
          continue;
        }
        this.failure = new StorageFlushError(this.logPath, error);
        for (const w of this.waiters.splice(0)) w.reject(this.failure);
        return;
      }
      this.flushed = upTo;
      this.settle(upTo);
    }
  }

  private settle(upTo: number): void {
    const still: Waiter[] = [];
    for (const w of this.waiters) {
      if (w.upTo <= upTo) w.resolve();
      else still.push(w);
    }
    this.waiters = still;
  }
}

const isMissing = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === 'ENOENT';
