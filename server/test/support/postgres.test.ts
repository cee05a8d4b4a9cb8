import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { postgresAvailability, startPostgres, type PostgresServer } from './postgres.ts';

const availability = postgresAvailability();
if (!availability.run) console.warn(`\n*** SKIPPING PostgreSQL harness test: ${availability.reason} ***\n`);

describe.skipIf(!availability.run)('throwaway PostgreSQL server', () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('serves fresh, separate databases on a loopback port', async () => {
    const [a, b] = [await server.createDatabase(), await server.createDatabase()];
    expect(a).not.toBe(b);
    const client = new pg.Client({ connectionString: a });
    await client.connect();
    const { rows } = await client.query<{ db: string; addr: string }>('select current_database() as db, inet_server_addr()::text as addr');
    await client.end();
    expect(rows[0]?.db).toBe(new URL(a).pathname.slice(1));
    expect(rows[0]?.addr).toMatch(/^127\.0\.0\.1/);
  });
});
