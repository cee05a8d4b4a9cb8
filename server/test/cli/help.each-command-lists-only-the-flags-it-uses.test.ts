// Scenario: a newcomer reads each command's --help. `kairox sim --help` names itself `kairox sim`,
// and commands that serve no HTTP (worker, migrate, user add, audit verify) do not offer HTTP flags.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = path.join(ROOT, 'bin/kairox.js');

function help(args: string[]): string {
  const r = spawnSync(process.execPath, [BIN, ...args, '--help'], { cwd: ROOT, encoding: 'utf8', timeout: 20_000, input: '' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

describe('kairox help texts', () => {
  it('kairox sim --help names the command the user typed', () => {
    const text = help(['sim']);
    expect(text).toContain('Usage: kairox sim [options]');
    expect(text).not.toContain('gateway-sim');
  });

  it.each([[['worker']], [['migrate']], [['user', 'add']], [['audit', 'verify']]])('%j --help offers --data-dir and no HTTP flags', (command) => {
    const text = help(command);
    expect(text).toContain('--data-dir');
    expect(text).not.toMatch(/--host|--port/);
  });

  it('audit verify --help offers only --workspace beside --data-dir, and says what its exit codes mean', () => {
    const text = help(['audit', 'verify']);
    expect(text.match(/^\s+--[\w-]+/gm)?.map((flag) => flag.trim())).toEqual(['--data-dir', '--workspace']);
    expect(text.replace(/\s+/g, ' ')).toContain('exit 0 when every chain verifies, 1 when one is broken');
  });

  it.each(['start', 'api'])('%s --help offers the HTTP flags', (command) => {
    expect(help([command])).toMatch(/--host <host>[\s\S]*--port <port>/);
  });
});
