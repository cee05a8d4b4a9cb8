// The composition root as the CLI uses it: start-up, migrations, user add, unreachable database.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { describeEachEngine } from '../test/support/engines.ts';
import { freePort } from '../test/support/ports.ts';
import { loadConfig } from './common/config.ts';
import { MIGRATIONS } from './db/index.ts';
import { addUser, createKairox, DatabaseConnectError, MigrationError, runMigrations, type Kairox } from './main.ts';

let kairox: Kairox | undefined;
afterEach(async () => {
  await kairox?.close();
  kairox = undefined;
});

describeEachEngine('start-up and operator commands', (engine) => {
  it('migrates on first start only; kairox migrate is idempotent', async () => {
    const config = await engine.config();
    expect(await runMigrations(config)).toEqual(MIGRATIONS.map((m) => m.name));
    expect(await runMigrations(config)).toEqual([]);
    kairox = await createKairox(config);
    await kairox.close();
    kairox = await createKairox(config);
    expect((await kairox.app.inject({ url: '/healthz' })).statusCode).toBe(200);
  });

  it('refuses to start on a database migrated by a newer Kairox', async () => {
    const config = await engine.config();
    kairox = await createKairox(config);
    await sql`insert into kairox_migrations (name, timestamp) values ('29990101T0000_newer', '2999')`.execute(kairox.db.kysely);
    await kairox.close();
    kairox = undefined;
    await expect(createKairox(config)).rejects.toThrow(MigrationError);
  });

  it('user add creates an owner with a workspace, refuses duplicates, and closes first-run set-up', async () => {
    const config = await engine.config();
    const created = await addUser(config, { email: 'Op@Example.test', password: 'operator password 1', name: 'Op' });
    expect(created).toMatchObject({ email: 'op@example.test', workspaceName: "Op's workspace" });
    await expect(addUser(config, { email: 'op@example.test', password: 'operator password 2', newWorkspace: true })).rejects.toMatchObject({ code: 'EMAIL_TAKEN' });
    await expect(addUser(config, { email: 'x@example.test', password: 'short', newWorkspace: true })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: 'password must be at least 12 characters' });

    kairox = await createKairox(config);
    const setup = await kairox.app.inject({ method: 'POST', url: '/api/setup', payload: { email: 'late@example.test', password: 'a long password here' } });
    expect(setup.statusCode).toBe(409);
    const login = await kairox.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'op@example.test', password: 'operator password 1' } });
    expect(login.json()).toMatchObject({ workspace: { id: created.workspaceId, role: 'owner' } });
    const audit = await kairox.app.inject({ url: '/api/audit', headers: { cookie: login.cookies.map((c) => `${c.name}=${c.value}`).join('; ') } });
    expect((audit.json() as { events: { action: string; actor: { type: string } }[] }).events.at(-1)).toMatchObject({ action: 'user.created', actor: { type: 'cli' } });
  });
});

describe('start-up', () => {
  it('listens on the configured address and serves /healthz', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kairox-listen-'));
    onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
    const config = loadConfig({ KAIROX_LOG_LEVEL: 'silent', KAIROX_DATA_DIR: dir, KAIROX_HTTP_PORT: String(await freePort()) });
    kairox = await createKairox(config);
    const url = await kairox.listen();
    expect(url).toBe(`http://127.0.0.1:${config.http.port}`);
    const response = await fetch(`${url}/healthz`);
    expect(await response.json()).toMatchObject({ status: 'ok', db: 'sqlite' });
  });

  it('fails within 10 s with one clear line when DATABASE_URL does not answer (default timeout)', async () => {
    const hung = net.createServer((socket) => socket.on('error', () => {}));
    await new Promise<void>((r) => hung.listen(0, '127.0.0.1', r));
    const port = (hung.address() as net.AddressInfo).port;
    try {
      const config = loadConfig({ KAIROX_LOG_LEVEL: 'silent', DATABASE_URL: `postgres://kairox:hunter2-secret@127.0.0.1:${port}/kairox` });
      const started = Date.now();
      const error = await createKairox(config).then(() => undefined, (e: unknown) => e);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(error).toBeInstanceOf(DatabaseConnectError);
      const message = (error as Error).message;
      expect(message).toMatch(/^Cannot connect to PostgreSQL at 127\.0\.0\.1:\d+\/kairox: no answer within 8000 ms/);
      expect(message).not.toContain('hunter2');
      expect(message).not.toContain('\n');
    } finally {
      hung.close();
    }
  }, 15_000);
});
