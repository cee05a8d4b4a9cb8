// Scenario: a newcomer runs `npm start` (kairox start --with-sim) and wants to see Kairox react to a
// dropped gateway. The built-in simulator's fault-injection API is on, its address is printed, and
// every line the process writes is one JSON log record (with `component` at most once) when the
// output is not a terminal.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it, vi } from 'vitest';
import { freePort } from '../support/ports.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = path.join(ROOT, 'bin/kairox.js');

let child: ChildProcessWithoutNullStreams | undefined;
let dataDir: string | undefined;
afterEach(() => {
  child?.kill('SIGKILL');
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  child = undefined;
  dataDir = undefined;
});

it('starts the simulator with its fault-injection API, prints where it is, and logs only JSON lines', async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kairox-start-'));
  const [httpPort, simPort, adminPort] = [await freePort(), await freePort(), await freePort()];
  child = spawn(process.execPath, [BIN, 'start', '--with-sim', '--data-dir', dataDir], {
    cwd: ROOT,
    env: {
      ...process.env,
      KAIROX_HTTP_PORT: String(httpPort), KAIROX_SIM_PORT: String(simPort), KAIROX_SIM_ADMIN_PORT: String(adminPort),
      KAIROX_LOG_LEVEL: 'info', KAIROX_LOG_FORMAT: 'auto',
    },
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await vi.waitFor(() => expect(out).toContain('broker worker running'), { timeout: 20_000, interval: 100 });

  expect(out).toContain(`fault injection at http://127.0.0.1:${adminPort}`);
  const drop = await fetch(`http://127.0.0.1:${adminPort}/drop-connections`, { method: 'POST' });
  expect(drop.status).toBe(200);
  expect(await drop.json()).toMatchObject({ dropped: expect.any(Number) });

  const lines = out.split('\n').filter(Boolean);
  for (const line of lines) {
    expect(() => JSON.parse(line), line).not.toThrow();
    expect(line.match(/"component":/g)?.length ?? 0, line).toBeLessThanOrEqual(1);
  }
  const exited = new Promise<number | null>((r) => child?.once('exit', (code) => r(code)));
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
});
