// Scenario: Kairox's SQLite connection runs in a worker thread, so a statement (and a commit's
// fsync) never stops the event loop; SELECTs outside a transaction read committed rows on the main
// thread without waiting for an open transaction; writers still take turns, errors keep their
// SQLite code, and a commit SQLite refuses releases the connection after its rollback.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { isUniqueViolation, openDatabase, type Db } from './index.ts';

const dirs: string[] = [];
const opened: Db[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((d) => d.close()));
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function freshDb(): Promise<Db> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kairox-sqlite-worker-'));
  dirs.push(dir);
  const db = await openDatabase({ databaseUrl: undefined, sqlitePath: path.join(dir, 'kairox.db'), dbConnectTimeoutMs: 5_000 });
  opened.push(db);
  await sql`create table t (id integer primary key, v text not null unique)`.execute(db.kysely);
  return db;
}

const count = async (db: Db): Promise<number> => Number((await db.kysely.selectFrom('t' as never).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow() as { n: number }).n);

it('keeps the event loop turning while a long statement runs in a transaction', async () => {
  const db = await freshDb();
  let ticks = 0;
  let running = true;
  const spin = (): void => {
    ticks += 1;
    if (running) setImmediate(spin);
  };
  setImmediate(spin);
  const rows = await db.kysely.transaction().execute((trx) =>
    sql<{ n: number }>`with recursive c(x) as (select 1 union all select x + 1 from c where x < 500000) select count(*) as n from c`.execute(trx));
  running = false;
  expect(rows.rows[0]?.n).toBe(500_000);
  // On the event loop's own thread the statement would have run with no turn of the loop at all.
  expect(ticks).toBeGreaterThanOrEqual(10);
});

it('reads committed rows beside an open transaction, and its rows once it commits', async () => {
  const db = await freshDb();
  await sql`insert into t (v) values ('before')`.execute(db.kysely);
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let inserted!: () => void;
  const insertedInTrx = new Promise<void>((r) => (inserted = r));
  const transaction = db.kysely.transaction().execute(async (trx) => {
    await sql`insert into t (v) values ('inside')`.execute(trx);
    inserted();
    await held;
  });
  await insertedInTrx;
  // The transaction holds the writer; this read neither waits for it nor sees its row.
  expect(await count(db)).toBe(1);
  release();
  await transaction;
  expect(await count(db)).toBe(2);
});

it('lets writers take turns: concurrent read-modify-write transactions lose no update', async () => {
  const db = await freshDb();
  await sql`create table counter (n integer not null)`.execute(db.kysely);
  await sql`insert into counter (n) values (0)`.execute(db.kysely);
  await Promise.all(Array.from({ length: 20 }, () => db.kysely.transaction().execute(async (trx) => {
    const { n } = (await sql<{ n: number }>`select n from counter`.execute(trx)).rows[0] as { n: number };
    await new Promise((r) => setImmediate(r));
    await sql`update counter set n = ${n + 1}`.execute(trx);
  })));
  expect((await sql<{ n: number }>`select n from counter`.execute(db.kysely)).rows[0]?.n).toBe(20);
});

it('reports a unique violation with SQLite\'s code and stays usable', async () => {
  const db = await freshDb();
  await sql`insert into t (v) values ('same')`.execute(db.kysely);
  const error = await sql`insert into t (v) values ('same')`.execute(db.kysely).then(() => undefined, (e: unknown) => e);
  expect(isUniqueViolation(error)).toBe(true);
  expect((error as Error).message).toMatch(/UNIQUE constraint failed: t\.v/);
  await sql`insert into t (v) values ('other')`.execute(db.kysely);
  expect(await count(db)).toBe(2);
});

it('rolls back a commit SQLite refuses and hands the connection to the next transaction', async () => {
  const db = await freshDb();
  await sql`create table parent (id integer primary key)`.execute(db.kysely);
  await sql`create table child (parent_id integer not null references parent (id))`.execute(db.kysely);
  // Deferred: the missing parent is only found at COMMIT, which SQLite refuses with the transaction left open.
  const refused = await db.kysely.transaction().execute(async (trx) => {
    await sql`pragma defer_foreign_keys = on`.execute(trx);
    await sql`insert into child (parent_id) values (42)`.execute(trx);
  }).then(() => undefined, (e: unknown) => e);
  expect((refused as Error).message).toMatch(/FOREIGN KEY constraint failed/);
  await db.kysely.transaction().execute(async (trx) => {
    await sql`insert into parent (id) values (1)`.execute(trx);
    await sql`insert into child (parent_id) values (1)`.execute(trx);
  });
  expect((await sql<{ n: number }>`select count(*) as n from child`.execute(db.kysely)).rows[0]?.n).toBe(1);
});
