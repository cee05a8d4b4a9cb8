// Scenario: after set-up, the operator runs `kairox user add` again for a colleague. Without
// --workspace it refuses (no silent second owner and workspace) and says how to add a member;
// with --workspace and --role the colleague joins the owner's workspace with that role; a
// separate workspace is created only when asked for with --new-workspace, and then says so.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { loadConfig } from './common/config.ts';
import { openDatabase } from './db/index.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin/kairox.js');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kairox-user-cli-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function kairox(args: string[], input: string) {
  const r = spawnSync(process.execPath, [BIN, ...args, '--data-dir', dataDir], {
    cwd: ROOT, env: { ...process.env, KAIROX_LOG_LEVEL: 'warn' }, encoding: 'utf8', timeout: 30_000, input,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function memberships() {
  const db = await openDatabase(loadConfig({ KAIROX_LOG_LEVEL: 'silent', KAIROX_DATA_DIR: dataDir } as NodeJS.ProcessEnv));
  try {
    return await db.kysely.selectFrom('memberships as m').innerJoin('users as u', 'u.id', 'm.user_id').innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
      .select(['u.email', 'w.name as workspace', 'm.role']).orderBy('m.created_at').orderBy('u.email').execute();
  } finally {
    await db.close();
  }
}

it('refuses a silent second owner, adds a member with a role, and makes a new workspace only on request', async () => {
  const first = kairox(['user', 'add', '--email', 'ada@example.test'], 'correct horse battery staple\n');
  expect(first.code, first.stderr).toBe(0);
  expect(first.stdout).toMatch(/^created user ada@example\.test, owner of the new workspace "ada's workspace" \(ws_\w+\)\n/);

  const refused = kairox(['user', 'add', '--email', 'tom@example.test'], 'tom has a long password\n');
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain('second, separate workspace');
  expect(refused.stderr).toContain('kairox user add --email tom@example.test --workspace <id or name> --role viewer|trader|owner');
  expect(refused.stderr).toContain('"ada\'s workspace" (ws_');
  expect(refused.stderr).toContain('owner ada@example.test');
  expect(refused.stderr).toContain('--new-workspace');
  expect(await memberships()).toEqual([{ email: 'ada@example.test', workspace: "ada's workspace", role: 'owner' }]);

  const joined = kairox(['user', 'add', '--email', 'tom@example.test', '--workspace', "ada's workspace", '--role', 'trader'], 'tom has a long password\n');
  expect(joined.code, joined.stderr).toBe(0);
  expect(joined.stdout).toMatch(/^added new user tom@example\.test to workspace "ada's workspace" \(ws_\w+\) as trader\n$/);

  const unknown = kairox(['user', 'add', '--email', 'vic@example.test', '--workspace', 'Nope'], 'vic has a long password\n');
  expect(unknown.code).toBe(1);
  expect(unknown.stderr).toContain(`No workspace has the id or name "Nope"; the workspaces are: "ada's workspace" (ws_`);

  const separate = kairox(['user', 'add', '--email', 'bob@example.test', '--new-workspace', '--workspace-name', 'Bob desk'], 'bob has a long password\n');
  expect(separate.code, separate.stderr).toBe(0);
  expect(separate.stdout).toContain('created user bob@example.test, owner of the new workspace "Bob desk"');

  expect(await memberships()).toEqual([
    { email: 'ada@example.test', workspace: "ada's workspace", role: 'owner' },
    { email: 'tom@example.test', workspace: "ada's workspace", role: 'trader' },
    { email: 'bob@example.test', workspace: 'Bob desk', role: 'owner' },
  ]);
});
