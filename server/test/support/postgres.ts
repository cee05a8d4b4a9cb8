// A throwaway PostgreSQL server for tests: initdb in a temp dir, pg_ctl start on a free loopback
// port with fsync off, one database per call to createDatabase(), everything deleted on stop().
// As root, initdb refuses to run, so the binaries run as the `postgres` user via runuser.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './ports.ts';

const run = promisify(execFile);

export interface PostgresServer {
  readonly port: number;
  /** URL of the maintenance database `postgres`. */
  readonly adminUrl: string;
  /** Creates a fresh, empty database and returns its URL. */
  createDatabase(name?: string): Promise<string>;
  stop(): Promise<void>;
}

/** Directory holding initdb and pg_ctl, or undefined when PostgreSQL is not installed. */
export function findPostgresBin(): string | undefined {
  // An explicit directory wins and is the only place looked at (CI images with unusual layouts).
  const explicit = process.env.KAIROX_PG_BIN;
  if (explicit) return fs.existsSync(path.join(explicit, 'initdb')) && fs.existsSync(path.join(explicit, 'pg_ctl')) ? explicit : undefined;
  const fromPath = (process.env.PATH ?? '').split(path.delimiter).find((dir) => dir && fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'pg_ctl')));
  if (fromPath) return fromPath;
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  const versions = fs.readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const bin = path.join(root, v, 'bin');
    if (fs.existsSync(path.join(bin, 'initdb')) && fs.existsSync(path.join(bin, 'pg_ctl'))) return bin;
  }
  return undefined;
}

/**
 * How the PostgreSQL half of a two-engine suite should behave: run, or skip with a loud reason.
 * In CI (CI=true) and under `npm test` (KAIROX_TEST_STRICT=1) there is no skipping: a missing PostgreSQL fails the suite.
 */
export function postgresAvailability(): { run: true } | { run: false; reason: string } {
  // `npm test` sets KAIROX_TEST_STRICT=1: the README's test command never goes green with PostgreSQL skipped.
  const strict = process.env.CI === 'true' || process.env.KAIROX_TEST_STRICT === '1';
  if (process.env.KAIROX_TEST_PG === 'off' && !strict) return { run: false, reason: 'KAIROX_TEST_PG=off' };
  if (findPostgresBin() || strict) return { run: true };
  return { run: false, reason: 'PostgreSQL binaries (initdb, pg_ctl) not found in KAIROX_PG_BIN, on PATH or in /usr/lib/postgresql/*/bin; install the postgresql package to run the PostgreSQL half' };
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

async function runAsOwner(bin: string, args: string[]): Promise<void> {
  const [file, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  try {
    await run(file, argv, { timeout: 60_000, env: { ...process.env, LC_ALL: 'C' } });
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`${path.basename(bin)} failed: ${(e.stderr || e.message).trim()}`);
  }
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = findPostgresBin();
  if (!bin) throw new Error('PostgreSQL is not installed: initdb and pg_ctl were not found (apt-get install postgresql)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kairox-pg-'));
  const data = path.join(dir, 'data');
  if (isRoot()) {
    fs.chmodSync(dir, 0o700);
    await run('chown', ['postgres:postgres', dir]);
  }
  let started = false;
  const cleanup = async () => {
    if (started) await runAsOwner(path.join(bin, 'pg_ctl'), ['stop', '-D', data, '-m', 'immediate', '-w']).catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await runAsOwner(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
    let port = 0;
    // The port is free when chosen but another process may take it first; try a few.
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      try {
        await runAsOwner(path.join(bin, 'pg_ctl'), [
          'start', '-w', '-t', '30', '-D', data, '-l', path.join(dir, 'server.log'),
          '-o', `-F -p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c max_connections=200 -c full_page_writes=off -c synchronous_commit=off`,
        ]);
        started = true;
        break;
      } catch (error) {
        if (attempt >= 3) {
          const log = fs.existsSync(path.join(dir, 'server.log')) ? fs.readFileSync(path.join(dir, 'server.log'), 'utf8').slice(-2000) : '';
          throw new Error(`${(error as Error).message}\n${log}`);
        }
      }
    }
    const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
    let counter = 0;
    return {
      port,
      adminUrl,
      async createDatabase(name = `kx_test_${process.pid}_${++counter}`) {
        const client = new pg.Client({ connectionString: adminUrl });
        await client.connect();
        try {
          await client.query(`create database "${name.replace(/"/g, '')}"`);
        } finally {
          await client.end();
        }
        return `postgres://postgres@127.0.0.1:${port}/${name}`;
      },
      stop: cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
