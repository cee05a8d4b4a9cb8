// Scenario: the SQLite database holds password and token hashes. After start-up (open and
// migrate) its directory is 0700 and the database, WAL and shared-memory files are 0600, under the
// common umask 022; loose modes left by an older Kairox are tightened; a directory shared with
// other files is left alone and reported.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from './index.ts';

const roots: string[] = [];
const open: Db[] = [];
let umask: number;
beforeAll(() => {
  umask = process.umask(0o022); // the usual default, under which files come out 0644 and directories 0755
});
afterAll(() => {
  process.umask(umask);
});
afterEach(async () => {
  for (const db of open.splice(0)) await db.close();
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

function tempRoot(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kairox-modes-'));
  roots.push(root);
  return root;
}

const modeOf = (p: string) => (fs.statSync(p).mode & 0o777).toString(8);

/** Opens and migrates the database, as start-up does; the WAL and -shm exist while it is open. */
async function startUp(dataDir: string): Promise<{ file: string; warnings: string[] }> {
  const file = path.join(dataDir, 'kairox.db');
  const warnings: string[] = [];
  const db = await openDatabase({ databaseUrl: undefined, sqlitePath: file, dbConnectTimeoutMs: 5_000 }, undefined, (w) => warnings.push(w));
  open.push(db);
  await migrateToLatest(db);
  return { file, warnings };
}

function expectPrivateDatabaseFiles(file: string): void {
  for (const each of [file, `${file}-wal`, `${file}-shm`]) {
    expect(fs.existsSync(each), each).toBe(true);
    expect(modeOf(each), each).toBe('600');
  }
}

describe.skipIf(process.platform === 'win32')('SQLite files are private to the owner', () => {
  it('creates the data directory 0700 and the database, WAL and shared-memory files 0600', async () => {
    const dataDir = path.join(tempRoot(), 'data');
    const { file, warnings } = await startUp(dataDir);
    expect(modeOf(dataDir)).toBe('700');
    expectPrivateDatabaseFiles(file);
    expect(warnings).toEqual([]);
  });

  it('tightens a data directory and database file left open to others', async () => {
    const dataDir = path.join(tempRoot(), 'data');
    fs.mkdirSync(dataDir, { mode: 0o755 });
    fs.writeFileSync(path.join(dataDir, 'kairox.db'), '', { mode: 0o644 });
    fs.chmodSync(dataDir, 0o755);
    const { file, warnings } = await startUp(dataDir);
    expect(modeOf(dataDir)).toBe('700');
    expectPrivateDatabaseFiles(file);
    expect(warnings).toEqual([]);
  });

  it('leaves a directory that holds other files alone, says so, and still makes its own files private', async () => {
    const dataDir = tempRoot();
    fs.chmodSync(dataDir, 0o755);
    fs.writeFileSync(path.join(dataDir, 'notes.txt'), 'not ours', { mode: 0o644 });
    const { file, warnings } = await startUp(dataDir);
    expect(modeOf(dataDir)).toBe('755');
    expect(modeOf(path.join(dataDir, 'notes.txt'))).toBe('644');
    expectPrivateDatabaseFiles(file);
    expect(warnings).toEqual([expect.stringContaining(`chmod 700 ${dataDir}`)]);
  });
});
