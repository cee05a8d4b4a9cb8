// SQLite commits are made durable off the event loop (db/wal-flush.ts): a commit's caller, and any
// reader, hears back only after an fsync of the log that began after the commit, while the event
// loop keeps running; commits made during one fsync share the next; a failed fsync refuses
// everything from then on with a message that says what to do.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from './index.ts';
import type { FlushableFile } from './wal-flush.ts';

interface HeldSync {
  /** Rows of `t` another connection saw committed when this fsync began. */
  rowsCommittedAtStart: number;
  release(): void;
  fail(error: Error): void;
}

/** The log's file, with each fsync held until the test lets it go (or fails it). */
class GatedLog {
  holding = false;
  readonly syncs: HeldSync[] = [];
  private waiting: Array<(sync: HeldSync) => void> = [];

  constructor(private readonly dbFile: string) {}

  open = async (logPath: string): Promise<FlushableFile> => {
    const real = await fs.promises.open(logPath, 'r');
    return {
      sync: async () => {
        if (!this.holding) return real.sync();
        const observer = new SQLite(this.dbFile, { readonly: true });
        const rowsCommittedAtStart = (observer.prepare('select count(*) as n from t').get() as { n: number }).n;
        observer.close();
        await new Promise<void>((resolve, reject) => {
          const held: HeldSync = { rowsCommittedAtStart, release: () => void real.sync().then(resolve, reject), fail: reject };
          this.syncs.push(held);
          for (const w of this.waiting.splice(0)) w(held);
        });
      },
      close: () => real.close(),
    };
  };

  /** The `n`th fsync (from 1), once it has begun. */
  async began(n: number): Promise<HeldSync> {
    while (this.syncs.length < n) await new Promise<HeldSync>((resolve) => this.waiting.push(resolve));
    return this.syncs[n - 1]!;
  }
}

const dirs: string[] = [];
const dbs: Db[] = [];
afterEach(async () => {
  for (const d of dbs.splice(0)) await d.close().catch(() => {});
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function gatedDatabase(): Promise<{ db: Db; log: GatedLog }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kairox-wal-flush-'));
  dirs.push(dir);
  const file = path.join(dir, 'test.db');
  const log = new GatedLog(file);
  const db = await openDatabase({ databaseUrl: undefined, sqlitePath: file, dbConnectTimeoutMs: 5_000, openWalForFlush: log.open });
  dbs.push(db);
  await sql`create table t (id integer primary key, note text)`.execute(db.kysely);
  log.holding = true;
  return { db, log };
}

const insert = (db: Db, note: string) => db.kysely.transaction().execute(async (trx) => {
  await sql`insert into t (note) values (${note})`.execute(trx);
});

/** Settles to 'pending' if `promise` has not settled once the event loop has gone round a few times. */
async function stateOf(promise: Promise<unknown>): Promise<'resolved' | 'rejected' | 'pending'> {
  let state: 'resolved' | 'rejected' | 'pending' = 'pending';
  promise.then(() => { state = 'resolved'; }, () => { state = 'rejected'; });
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  return state;
}

describe('SQLite commits made durable off the event loop', () => {
  it('reports a commit only after an fsync that began once it was committed, and timers run meanwhile', async () => {
    const { db, log } = await gatedDatabase();
    const committed = insert(db, 'one');
    const sync = await log.began(1);
    expect(sync.rowsCommittedAtStart).toBe(1);
    // The event loop is free while the disk works: a timer fires, the commit is still unreported.
    await new Promise((r) => setTimeout(r, 0));
    expect(await stateOf(committed)).toBe('pending');
    sync.release();
    await committed;
  });

  it('makes readers wait for what is not yet on disk, and lets commits made during one fsync share the next', async () => {
    const { db, log } = await gatedDatabase();
    const first = insert(db, 'first');
    const sync1 = await log.began(1);
    // While the first fsync runs, two more commits and a read go through the database...
    const second = insert(db, 'second');
    const third = insert(db, 'third');
    const read = sql<{ n: number }>`select count(*) as n from t`.execute(db.kysely);
    // ...but none of them is answered: the read saw rows a power loss could still take away.
    expect(await stateOf(second)).toBe('pending');
    expect(await stateOf(third)).toBe('pending');
    expect(await stateOf(read)).toBe('pending');
    sync1.release();
    await first;
    const sync2 = await log.began(2);
    expect(sync2.rowsCommittedAtStart).toBe(3);
    expect(await stateOf(read)).toBe('pending');
    sync2.release();
    await Promise.all([second, third]);
    expect((await read).rows[0]?.n).toBe(3);
    expect(log.syncs).toHaveLength(2);
    // Nothing pending: a read is answered without another fsync.
    expect((await sql<{ n: number }>`select count(*) as n from t`.execute(db.kysely)).rows[0]?.n).toBe(3);
    expect(log.syncs).toHaveLength(2);
  });

  it('refuses the commit, and everything after it, once an fsync failed, saying what to do', async () => {
    const { db, log } = await gatedDatabase();
    const committed = insert(db, 'lost?');
    (await log.began(1)).fail(Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' }));
    const error = await committed.then(() => undefined, (e: unknown) => e);
    expect(error).toMatchObject({ name: 'StorageFlushError', code: 'SERVICE_UNAVAILABLE', status: 503 });
    expect((error as Error).message).toMatch(/^The database's write-ahead log \(.*test\.db-wal\) could not be flushed to disk \(EIO: i\/o error, fsync\)\. .*check the disk, then restart Kairox\.$/);
    await expect(insert(db, 'after')).rejects.toMatchObject({ name: 'StorageFlushError' });
    await expect(sql`select count(*) from t`.execute(db.kysely)).rejects.toMatchObject({ name: 'StorageFlushError' });
    expect(log.syncs).toHaveLength(1);
  });
});
