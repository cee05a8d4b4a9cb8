// Scenario: a script runs `kairox migrate` and reads its standard output. The answer is the only
// thing there; log records (migrations applied, ...) go to standard error.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = path.join(ROOT, 'bin/kairox.js');
let dataDir: string | undefined;
afterEach(() => {
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

it('kairox migrate prints its answer on stdout and its log records on stderr', () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kairox-migrate-'));
  const r = spawnSync(process.execPath, [BIN, 'migrate', '--data-dir', dataDir], { cwd: ROOT, encoding: 'utf8', timeout: 20_000, env: { ...process.env, KAIROX_LOG_LEVEL: 'info' } });
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout.trim().split('\n')).toEqual([expect.stringMatching(/^applied \d+ migration\(s\) on sqlite: 20261123T1900_initial, /)]);
  expect(JSON.parse(r.stderr.trim().split('\n')[0] ?? '')).toMatchObject({ component: 'db', msg: 'migrations applied' });
});
