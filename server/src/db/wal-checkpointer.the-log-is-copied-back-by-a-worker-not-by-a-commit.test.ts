// The write-ahead log is copied back into the database file by the checkpointer's worker thread,
// not by the commit that crosses SQLite's default threshold on the event loop (bench/intake: such a
// commit stalled every signal behind it for up to tens of ms). Closing the database stops the worker.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { openDatabase, type Db } from './index.ts';
import { BACKSTOP_AUTOCHECKPOINT_PAGES } from './wal-checkpointer.ts';

const PAGE = 4096;
const dirs: string[] = [];
const opened: Db[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((d) => d.close()));
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function waitFor(condition: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

it('copies a log past SQLite\'s default threshold into the database file while the main connection never checkpoints', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kairox-wal-'));
  dirs.push(dir);
  const file = path.join(dir, 'kairox.db');
  const db = await openDatabase({ databaseUrl: undefined, sqlitePath: file, dbConnectTimeoutMs: 5_000 });
  opened.push(db);
  const threshold = (await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db.kysely)).rows[0]?.wal_autocheckpoint;
  expect(threshold).toBe(BACKSTOP_AUTOCHECKPOINT_PAGES);

  await sql`create table filler (id integer primary key, body text not null)`.execute(db.kysely);
  const sizeBefore = fs.statSync(file).size;
  // ~1,500 pages: past SQLite's default of 1,000 pages, far below the main connection's backstop.
  const body = 'x'.repeat(PAGE);
  for (let i = 0; i < 1500; i++) await sql`insert into filler (body) values (${body})`.execute(db.kysely);

  // Only the worker can have grown the database file by the log's pages.
  await waitFor(() => fs.statSync(file).size - sizeBefore >= 1500 * PAGE, 'the worker to copy the log into the database file');
  const rows = (await sql<{ n: number }>`select count(*) as n from filler`.execute(db.kysely)).rows[0]?.n;
  expect(rows).toBe(1500);

  await db.close();
  // The last connection closed: SQLite checkpointed and removed the log, so the worker's connection is gone too.
  expect(fs.existsSync(`${file}-wal`)).toBe(false);
  const reopened = await openDatabase({ databaseUrl: undefined, sqlitePath: file, dbConnectTimeoutMs: 5_000 });
  opened.push(reopened);
  expect((await sql<{ n: number }>`select count(*) as n from filler`.execute(reopened.kysely)).rows[0]?.n).toBe(1500);
});
