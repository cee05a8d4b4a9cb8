// Scenario: SQLite runs with synchronous=NORMAL and Kairox syncs the WAL itself after each commit
// (durable-commits.ts). A write's promise must not resolve before that sync — the guarantee of
// synchronous=FULL — yet the connection must be free for other queries while the disk works, and
// commits made while one sync runs share the next. A sync that fails fails the writes that waited.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { cachePreparedStatements } from './connect.ts';
import { DurableSqliteDialect, WalSync, walFileSync } from './durable-commits.ts';

/** A sync the test releases (or fails) by hand. */
function heldSyncs() {
  const pending: Array<{ release: () => void; fail: (e: Error) => void }> = [];
  const sync = () => new Promise<void>((resolve, reject) => pending.push({ release: resolve, fail: reject }));
  return { pending, sync };
}

/** Whether a promise has settled, checked after every queued job has run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => { done = true; }, () => { done = true; });
  await new Promise((r) => setImmediate(r));
  return done;
}

let dir: string;
let database: SQLite.Database;
let held: ReturnType<typeof heldSyncs>;
let wal: WalSync;
let db: Kysely<{ t: { x: number } }>;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kairox-durable-'));
  database = new SQLite(path.join(dir, 'db.sqlite'));
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  cachePreparedStatements(database);
  database.exec('create table t (x integer)');
  held = heldSyncs();
  wal = new WalSync(held.sync);
  db = new Kysely({ dialect: new DurableSqliteDialect({ database, wal }) });
});
afterEach(async () => {
  held.pending.forEach((p) => p.release());
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('resolves a write and a transaction only after a sync, while reads and other work run meanwhile', async () => {
  const insert = db.insertInto('t').values({ x: 1 }).execute();
  expect(await settled(insert)).toBe(false);
  expect(held.pending).toHaveLength(1);
  // The connection is free: a read answers (and sees the committed row) while the sync is held.
  expect(await db.selectFrom('t').select('x').execute()).toEqual([{ x: 1 }]);
  held.pending[0]?.release();
  await insert;

  const trx = db.transaction().execute(async (t) => {
    await t.insertInto('t').values({ x: 2 }).execute();
    await t.insertInto('t').values({ x: 3 }).execute();
  });
  expect(await settled(trx)).toBe(false);
  expect(held.pending).toHaveLength(2);
  held.pending[1]?.release();
  await trx;
  expect(wal.stats).toEqual({ commits: 2, syncs: 2 });
});

it('answers commits made while a sync runs with one later sync, never with the one already running', async () => {
  const first = db.insertInto('t').values({ x: 1 }).execute();
  await settled(first);
  const more = [2, 3, 4].map((x) => db.insertInto('t').values({ x }).execute());
  expect(await settled(Promise.all(more))).toBe(false);
  // Only the first sync runs; the three later commits wait for the next one, which starts after it.
  expect(held.pending).toHaveLength(1);
  held.pending[0]?.release();
  await first;
  expect(await settled(Promise.all(more))).toBe(false);
  expect(held.pending).toHaveLength(2);
  held.pending[1]?.release();
  await Promise.all(more);
  expect(wal.stats).toEqual({ commits: 4, syncs: 2 });
});

it('fails the writes that waited for a sync that failed, and needs no sync for reads or a rollback', async () => {
  const insert = db.insertInto('t').values({ x: 1 }).execute();
  await settled(insert);
  held.pending[0]?.fail(new Error('EIO'));
  await expect(insert).rejects.toThrow('EIO');

  await db.selectFrom('t').selectAll().execute();
  await expect(db.transaction().execute(async (t) => {
    await t.insertInto('t').values({ x: 9 }).execute();
    throw new Error('changed my mind');
  })).rejects.toThrow('changed my mind');
  expect(held.pending).toHaveLength(1);
  expect(await sql<{ n: number }>`select count(*) as n from t where x = 9`.execute(db)).toMatchObject({ rows: [{ n: 0 }] });
});

it('syncs the real WAL file of the database', async () => {
  const file = path.join(dir, 'db.sqlite');
  const real = walFileSync(file);
  database.prepare('insert into t (x) values (1)').run();
  await real.sync();
  await real.close();
  await expect(walFileSync(path.join(dir, 'absent.sqlite')).sync()).rejects.toThrow(/absent\.sqlite-wal could not be synced/);
});
