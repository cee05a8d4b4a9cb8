// The acceptance scenarios of issue 4, against the simulator's fault injection.
import { getActiveResourcesInfo } from 'node:process';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { Gateway } from '@kairox/gateway-sim';
import { createIbClient } from './ib-client.ts';
import type { IbSession } from './ib-session.ts';
import type { NoticeReport } from './reports.ts';
import { sessionFor, simulator, until } from './test-support.ts';

let gw: Gateway | undefined;
const sessions: IbSession[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) s.stop();
  await gw?.close();
  gw = undefined;
});

function started(h: ReturnType<typeof sessionFor>): ReturnType<typeof sessionFor> {
  sessions.push(h.session);
  h.session.start();
  return h;
}

describe('a session survives gateway faults', () => {
  it('gateway killed mid-session and restarted: ready again within 2 s of the gateway coming back', async () => {
    gw = await simulator();
    // Production backoff (1 s → 60 s, jitter): the outage is shorter than the second retry.
    const h = started(sessionFor(gw, { backoff: undefined }));
    await h.session.whenReady(10_000);
    const restarting = gw.restart(1.5);
    await until(() => h.session.currentState !== 'ready');
    await restarting;
    const back = Date.now();
    await h.session.whenReady(10_000);
    expect(Date.now() - back).toBeLessThan(2_000);
    expect(h.timeline.map((e) => e.to)).toContain('waiting_to_retry');
  });

  it('half-open gateway (paused, socket still open) is detected within 25 s with the default heartbeat', async () => {
    gw = await simulator();
    const h = started(sessionFor(gw, { heartbeatIntervalMs: undefined, reconnect: false }));
    await h.session.whenReady(10_000);
    const paused = Date.now();
    gw.pause();
    await until(() => h.session.currentState === 'disconnected', 25_000, 100);
    expect(Date.now() - paused).toBeLessThan(25_000);
    expect(h.session.status().lastError?.message).toMatch(/heartbeats missed/);
    gw.resume();
  }, 40_000);

  it('1100 → degraded → 1102 → ready, and 1101 re-syncs before ready', async () => {
    gw = await simulator();
    const h = started(sessionFor(gw));
    await h.session.whenReady(10_000);
    gw.connectivity(1100);
    await until(() => h.session.currentState === 'degraded');
    gw.connectivity(1102);
    await until(() => h.session.currentState === 'ready');
    gw.connectivity(1100);
    await until(() => h.session.currentState === 'degraded');
    gw.connectivity(1101);
    await until(() => h.session.currentState === 'ready' && h.timeline.filter((e) => e.to === 'syncing').length === 2);
    expect(h.timeline.map((e) => `${e.to}${e.code ? `(${e.code})` : ''}`)).toEqual([
      'connecting', 'syncing', 'ready', 'degraded(1100)', 'ready(1102)', 'degraded(1100)', 'syncing(1101)', 'ready',
    ]);
  });

  it('326 when two sessions share a client ID: the second is refused, explained, and backs off', async () => {
    gw = await simulator();
    const first = started(sessionFor(gw, { clientId: 11 }));
    await first.session.whenReady(10_000);
    const second = started(sessionFor(gw, { clientId: 11, backoff: { initialMs: 5_000 } }));
    await until(() => second.session.status().lastError?.code === 326);
    await until(() => second.session.currentState === 'waiting_to_retry');
    expect(second.session.status().lastError?.explanation).toMatch(/already connected with this client ID/);
    expect(first.session.currentState).toBe('ready');
  });

  it('a burst of 500 requests goes out paced, without error 100, and the queue depth is visible', async () => {
    gw = await simulator();
    const h = started(sessionFor(gw, { requestTimeoutMs: 25_000 }));
    await h.session.whenReady(10_000);
    const burst = Array.from({ length: 500 }, () => h.session.qualifyContract({ symbol: 'MSFT', secType: 'STK', exchange: 'SMART', currency: 'USD' }));
    expect(h.session.status().pacingQueueDepth).toBeGreaterThan(400);
    const results = await Promise.all(burst);
    expect(results.every((r) => r.kind === 'one')).toBe(true);
    const pacing = h.reports.filter((r): r is NoticeReport => r.kind === 'notice' && r.code === 100);
    expect(pacing).toHaveLength(0);
    expect(h.reports.some((r) => r.kind === 'orderError' && r.code === 100)).toBe(false);
    expect(h.session.currentState).toBe('ready');
  }, 30_000);

  it('100 gateway restarts in a row leave no growth in timers, sockets, listeners or heap', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gw = await simulator();
    const clients: WeakRef<object>[] = [];
    const h = started(sessionFor(gw, {
      backoff: { initialMs: 5, maxMs: 5, jitter: 0 },
      logger: pino({ level: 'silent' }),
      // Weak references only: a retired client that is still reachable from anywhere stays alive and is counted.
      createClient: (o) => {
        const api = createIbClient(o);
        clients.push(new WeakRef(api));
        return api;
      },
    }));
    await h.session.whenReady(10_000);
    const cycle = async (): Promise<void> => {
      const restarting = gw?.restart(0);
      await until(() => h.session.currentState !== 'ready', 5_000, 1);
      await restarting;
      await h.session.whenReady(10_000);
      // The harness's own record of reports would otherwise be the growth measured.
      h.reports.length = 0;
      h.timeline.length = 0;
    };
    for (let i = 0; i < 10; i++) await cycle();
    gc();
    const resourcesBefore = getActiveResourcesInfo().length;
    const heapBefore = process.memoryUsage().heapUsed;
    for (let i = 0; i < 100; i++) await cycle();
    await new Promise((r) => setTimeout(r, 200));
    gc();
    await new Promise((r) => setTimeout(r, 50));
    gc();
    expect(getActiveResourcesInfo().length).toBeLessThanOrEqual(resourcesBefore + 2);
    expect(clients).toHaveLength(111);
    // Every retired client is garbage: nothing (listener, timer, closure) still holds one.
    expect(clients.filter((c) => c.deref() !== undefined).length).toBeLessThanOrEqual(2);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(4 * 1024 * 1024);
    // The last sync's requests may still wait their turn in the pacer on a loaded machine: nothing may stay queued.
    await until(() => h.session.status().pacingQueueDepth === 0 && h.session.status().pendingRequests === 0, 5_000);
    expect(h.session.status()).toMatchObject({ state: 'ready', pendingRequests: 0, pacingQueueDepth: 0 });
    expect(gw.clients()).toHaveLength(1);
  }, 60_000);
});
