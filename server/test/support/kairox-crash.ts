// What a crash test does around its scenario (issue 9): a simulator, Kairox as a child process
// with a fault point armed and started again on the same data dir, a paper connection ready to
// trade, a signal whose answer may die with the process, and the wait for the crash itself.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, vi } from 'vitest';
import type { Gateway, GatewayOptions } from '@kairox/gateway-sim';
import { simulator } from '../../src/broker/test-support.ts';
import { startKairoxProcess, type Exit, type KairoxHttp, type KairoxProcess } from './kairox-process.ts';

export interface CrashTestResources {
  simulator(options: GatewayOptions): Promise<Gateway>;
  /** A fresh data dir for the child, removed after the test. */
  dataDir(prefix: string): string;
  /** Starts Kairox on `dataDir`; it is killed after the test if it still runs. */
  start(dataDir: string, env: Record<string, string>): Promise<KairoxProcess>;
}

/** Registers the clean-up (children killed, simulator closed, data dir removed) after each test of the file. */
export function useCrashTestResources(): CrashTestResources {
  let gateway: Gateway | undefined;
  const children: KairoxProcess[] = [];
  let dir: string | undefined;
  afterEach(async () => {
    for (const child of children.splice(0)) child.kill();
    await gateway?.close();
    gateway = undefined;
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });
  return {
    async simulator(options) {
      gateway = await simulator(options);
      return gateway;
    },
    dataDir(prefix) {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
      return dir;
    },
    async start(dataDir, env) {
      const child = await startKairoxProcess(dataDir, env);
      children.push(child);
      return child;
    },
  };
}

/** The child's settings that arm a fault point (`name` or `name:passage`); Kairox refuses them without the allow flag. */
export function armedAt(faultPoint: string): Record<string, string> {
  return { KAIROX_FAULT_POINTS: faultPoint, KAIROX_ALLOW_FAULT_POINTS: '1' };
}

async function expectOk(answer: Promise<{ status: number; body: string }>, status = 200): Promise<void> {
  const a = await answer;
  expect(a.status, a.body).toBe(status);
}

export interface TradingConnectionOptions { port: number; clientId: number; accountId: string; conId: number }

/** A paper connection, ready, with the instrument approved, a policy generous enough for a few shares, and execution on. */
export async function tradingConnection(api: KairoxHttp, { port, clientId, accountId, conId }: TradingConnectionOptions): Promise<string> {
  const created = await api.request('POST', '/api/connections', { hostPort: `127.0.0.1:${port}`, clientId, accountId });
  expect(created.status, created.body).toBe(201);
  const id = created.json<{ connection: { id: string } }>().connection.id;
  await vi.waitFor(async () => {
    const c = (await api.request('GET', `/api/connections/${id}`)).json<{ connection: { status: { state?: string } | null } }>();
    expect(c.connection.status?.state).toBe('ready');
  }, { timeout: 20_000, interval: 50 });
  await expectOk(api.request('POST', '/api/instruments', { connectionId: id, conId }), 201);
  await expectOk(api.request('PUT', `/api/connections/${id}/risk`, {
    maxOrderQuantity: 1000, maxOrderNotional: 1_000_000, maxPositionQuantity: 10_000, maxPositionNotional: 10_000_000,
    maxGrossExposure: 100_000_000, maxOrdersPerMinute: 1000, maxOrdersPerDay: 1000, priceCollarPercent: 50,
  }));
  await expectOk(api.request('PUT', `/api/connections/${id}/execution`, { enabled: true }));
  return id;
}

export type PostedSignal = { status: number; body: string } | { lost: string };

/** Posts a signal to a process armed to die: the answer may be lost with it when it dies right after the signal's commit. */
export async function postSignalThatMayDie(api: KairoxHttp, body: Record<string, unknown>): Promise<PostedSignal> {
  return api.request('POST', '/api/signals', body)
    .then((a) => ({ status: a.status, body: a.body }), (error: unknown) => ({ lost: String(error) }));
}

/** Resolves with the process's end, or fails saying what it did instead of crashing. */
export async function crashOf(child: KairoxProcess, posted: PostedSignal): Promise<Exit> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Kairox did not crash at its fault point; the signal's answer: ${JSON.stringify(posted)}\n${child.stderr()}`)), 30_000);
  });
  try {
    return await Promise.race([child.exited, late]);
  } finally {
    clearTimeout(timer);
  }
}
