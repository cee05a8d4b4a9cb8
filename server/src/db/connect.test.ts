import net from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../common/config.ts';
import { DatabaseConnectError, describeUrl, openDatabase } from './index.ts';

const sockets: net.Socket[] = [];
const servers: net.Server[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A TCP server that accepts connections and never answers: what a firewalled or hung database looks like. */
async function blackhole(): Promise<number> {
  const server = net.createServer((socket) => sockets.push(socket));
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as net.AddressInfo).port;
}

/** A port nothing listens on (bound then released). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

async function failure(promise: Promise<unknown>): Promise<DatabaseConnectError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(DatabaseConnectError);
  return error as DatabaseConnectError;
}

describe('opening an unreachable PostgreSQL', () => {
  it('fails at once with one clear line when the port refuses connections, without the password', async () => {
    const port = await closedPort();
    const started = Date.now();
    const error = await failure(openDatabase({ databaseUrl: `postgres://kx:s3cret-pw@127.0.0.1:${port}/kairox`, sqlitePath: '', dbConnectTimeoutMs: 10_000 }));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(error.message).toBe(`Cannot connect to PostgreSQL at 127.0.0.1:${port}/kairox: connection refused; is PostgreSQL running and listening on that address?`);
    expect(error.code).toBe('DB_UNAVAILABLE');
  });

  it('gives up after the connect timeout when the server never answers', async () => {
    const port = await blackhole();
    const started = Date.now();
    const error = await failure(openDatabase({ databaseUrl: `postgres://kx:s3cret-pw@127.0.0.1:${port}/kairox`, sqlitePath: '', dbConnectTimeoutMs: 500 }));
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(450);
    expect(elapsed).toBeLessThan(5_000);
    expect(error.message).toMatch(/^Cannot connect to PostgreSQL at 127\.0\.0\.1:\d+\/kairox: no answer within 500 ms/);
    expect(error.message).not.toMatch(/s3cret|\n/);
  });
});

describe('describeUrl', () => {
  it('names host, port and database but never credentials', () => {
    expect(describeUrl('postgresql://me:pw@db.internal:6543/prod?sslmode=require')).toBe('db.internal:6543/prod');
    expect(describeUrl('postgres://db.internal')).toBe('db.internal:5432');
  });
});

describe('SQLite', () => {
  it('opens with WAL, synchronous=FULL and foreign keys on', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kairox-sqlite-'));
    const d = await openDatabase(loadConfig({ KAIROX_DATA_DIR: dir, KAIROX_LOG_LEVEL: 'silent' }));
    try {
      const pragma = async (name: string) => Object.values((await sql.raw(`pragma ${name}`).execute(d.kysely)).rows[0] as object)[0];
      expect(await pragma('journal_mode')).toBe('wal');
      expect(await pragma('synchronous')).toBe(2);
      expect(await pragma('foreign_keys')).toBe(1);
    } finally {
      await d.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
