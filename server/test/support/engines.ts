// Runs one suite against every storage engine: SQLite always, PostgreSQL through the throwaway
// server of ./postgres.ts (one server per test file, a fresh database per config()).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { loadConfig, type Config, type Env } from '../../src/common/config.ts';
import { postgresAvailability, startPostgres, type PostgresServer } from './postgres.ts';

export type EngineName = 'sqlite' | 'postgres';

export interface EngineHarness {
  readonly name: EngineName;
  /** A Config pointing at a fresh, empty database of this engine (logging silenced). */
  config(env?: Partial<Env>): Promise<Config>;
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kairox-test-'));
}

export function describeEachEngine(title: string, body: (engine: EngineHarness) => void): void {
  describe(`${title} [sqlite]`, () => {
    const dirs: string[] = [];
    afterAll(() => {
      for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    });
    body({
      name: 'sqlite',
      config: async (env = {}) => {
        const dir = tempDir();
        dirs.push(dir);
        return loadConfig({ KAIROX_LOG_LEVEL: 'silent', ...env, KAIROX_DATA_DIR: dir } as NodeJS.ProcessEnv);
      },
    });
  });

  describePostgresEngine(title, body);
}

/** The PostgreSQL half alone, for a scenario only PostgreSQL has (concurrent transactions: SQLite has one connection). */
export function describePostgresEngine(title: string, body: (engine: EngineHarness) => void): void {
  const availability = postgresAvailability();
  if (!availability.run) {
    console.warn(`\n*** SKIPPING the PostgreSQL half of "${title}": ${availability.reason} ***\n`);
    describe.skip(`${title} [postgres]`, () => body({ name: 'postgres', config: () => Promise.reject(new Error('skipped')) }));
    return;
  }
  describe(`${title} [postgres]`, () => {
    let server: PostgresServer | undefined;
    const dirs: string[] = [];
    beforeAll(async () => {
      // In CI this throws when PostgreSQL cannot start, failing the suite instead of skipping it.
      server = await startPostgres();
    });
    afterAll(async () => {
      await server?.stop();
      for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    });
    body({
      name: 'postgres',
      config: async (env = {}) => {
        if (!server) throw new Error('PostgreSQL test server is not running');
        const dir = tempDir();
        dirs.push(dir);
        const url = await server.createDatabase();
        return loadConfig({ KAIROX_LOG_LEVEL: 'silent', ...env, KAIROX_DATA_DIR: dir, DATABASE_URL: url } as NodeJS.ProcessEnv);
      },
    });
  });
}

/**
 * For scenarios whose Kairox runs as a child process: `databaseEnv()` is what the child's
 * environment needs for a fresh database — nothing for SQLite (its data dir holds it), a new
 * database on the suite's throwaway PostgreSQL server otherwise.
 */
export function describeEachEngineForAChild(title: string, body: (databaseEnv: () => Promise<Record<string, string>>) => void): void {
  describe(`${title} [sqlite]`, () => body(() => Promise.resolve({})));
  const availability = postgresAvailability();
  if (!availability.run) {
    console.warn(`\n*** SKIPPING the PostgreSQL half of "${title}": ${availability.reason} ***\n`);
    return;
  }
  describe(`${title} [postgres]`, () => {
    let server: PostgresServer | undefined;
    beforeAll(async () => {
      server = await startPostgres();
    });
    afterAll(() => server?.stop());
    body(async () => {
      if (!server) throw new Error('PostgreSQL test server is not running');
      return { DATABASE_URL: await server.createDatabase() };
    });
  });
}
