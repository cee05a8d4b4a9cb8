// Scenario: a newcomer follows the README: creates the owner with `kairox user add`, then gets an
// API token with `kairox token create` (their password on standard input). The token is printed
// once, alone on standard output, and works as "Authorization: Bearer"; a wrong password gets
// no token.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { loadConfig } from './common/config.ts';
import { createKairox } from './main.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin/kairox.js');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kairox-token-cli-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function kairox(args: string[], input: string) {
  const r = spawnSync(process.execPath, [BIN, ...args, '--data-dir', dataDir], {
    cwd: ROOT, env: { ...process.env, KAIROX_LOG_LEVEL: 'warn' }, encoding: 'utf8', timeout: 30_000, input,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

it('prints a token once that then works as a bearer token', async () => {
  expect(kairox(['user', 'add', '--email', 'ada@example.test'], 'correct horse battery staple\n').code).toBe(0);

  const wrong = kairox(['token', 'create', '--email', 'ada@example.test'], 'not the password at all\n');
  expect(wrong.code).toBe(1);
  expect(wrong.stdout).toBe('');
  expect(wrong.stderr).toContain('E-mail or password is incorrect.');

  const created = kairox(['token', 'create', '--email', 'ada@example.test', '--name', 'trading bot'], 'correct horse battery staple\n');
  expect(created.code, created.stderr).toBe(0);
  // Alone on stdout, so that `export KAIROX_TOKEN=$(kairox token create ...)` works.
  expect(created.stdout).toMatch(/^kx_[0-9a-z]{13}_[A-Za-z0-9_-]{43}\n$/);
  const secret = created.stdout.trim();
  expect(created.stderr).toContain('created API token "trading bot"');
  expect(created.stderr).toContain('shown only once');
  expect(created.stderr).not.toContain(secret);

  const k = await createKairox(loadConfig({ KAIROX_LOG_LEVEL: 'silent', KAIROX_DATA_DIR: dataDir } as NodeJS.ProcessEnv));
  try {
    const me = await k.app.inject({ url: '/api/me', headers: { authorization: `Bearer ${secret}` } });
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json()).toMatchObject({ user: { email: 'ada@example.test' }, workspace: { role: 'owner' }, authenticatedWith: 'token' });
    const tokens = await k.app.inject({ url: '/api/tokens', headers: { authorization: `Bearer ${secret}` } });
    expect(tokens.json()).toMatchObject({ tokens: [{ name: 'trading bot', revokedAt: null }] });
  } finally {
    await k.close();
  }
});
