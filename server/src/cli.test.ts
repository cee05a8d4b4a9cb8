import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin/kairox.js');

function kairox(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 20_000,
    input: '',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('kairox command', () => {
  it('lists every subcommand in --help and exits 0', () => {
    const r = kairox(['--help']);
    expect(r.code).toBe(0);
    for (const cmd of ['start', 'sim', 'check', 'migrate', 'user', 'token', 'audit', 'api', 'worker']) {
      expect(r.stdout).toMatch(new RegExp(`^\\s+${cmd}\\b`, 'm'));
    }
  });

  it.each(['start', 'api', 'worker', 'check', 'migrate', 'user', 'token', 'audit'])('%s --help exits 0 and describes the command', (cmd) => {
    const r = kairox([cmd, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: kairox ${cmd}`);
  });

  it('refuses an unknown subcommand with a usage error', () => {
    const r = kairox(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
  });

  it('stops start-up with one line naming an invalid variable', () => {
    const r = kairox(['migrate'], { KAIROX_HTTP_PORT: 'eighty' });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('Invalid KAIROX_HTTP_PORT (got "eighty")');
  });

  it('check refuses bad arguments with exit 2 and never echoes a misplaced secret', () => {
    const bad = kairox(['check', 'localhost', '--client-id', '1.5']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('127.0.0.1:7497');
    const secret = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';
    const leaked = kairox(['check', '127.0.0.1:4002', '--client-id', secret]);
    expect(leaked.code).toBe(2);
    expect(leaked.stdout + leaked.stderr).not.toContain(secret);
  });

  it('check says how to fix a gateway that is not listening and exits non-zero', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as net.AddressInfo;
    await new Promise((r) => server.close(r));
    const r = kairox(['check', `127.0.0.1:${port}`, '--client-id', '7', '--timeout', '3']);
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toContain('Is TWS or IB Gateway running');
  });

  it('refuses a malformed gateway allow list with one line naming the variable', () => {
    const r = kairox(['worker'], { KAIROX_GATEWAY_ALLOW_LIST: '127.0.0.1, 10.0.0.0/99' });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('Invalid KAIROX_GATEWAY_ALLOW_LIST: allow list entry "10.0.0.0/99"');
  });

  it('worker runs until SIGTERM and then exits 0', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kairox-cli-'));
    const child = spawn(process.execPath, [BIN, 'worker', '--data-dir', dataDir], { cwd: ROOT, env: { ...process.env, KAIROX_LOG_LEVEL: 'info' } });
    try {
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      await vi.waitFor(() => expect(out).toContain('broker worker running'), { timeout: 15_000, interval: 100 });
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
