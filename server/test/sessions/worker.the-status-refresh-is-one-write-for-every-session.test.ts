// Scenario: the worker re-publishes every running session's status periodically (so API processes
// see a fresh heartbeat). With many connections that must be one write, not one per connection:
// each write is a commit, and on SQLite a commit blocks the event loop for its fsync (100
// connections cost ~100 ms every refresh, which showed in bench/intake's p99).
import { pino } from 'pino';
import { afterEach, expect, it, vi } from 'vitest';
import { startGateway, type Gateway } from '@kairox/gateway-sim';
import { connectionSource } from '../../src/connections/index.ts';
import type { Kairox } from '../../src/main.ts';
import { SessionWorker, type ConnectionSource } from '../../src/sessions/index.ts';
import { describeEachEngine } from '../support/engines.ts';
import { setUp, startKairox } from '../support/kairox.ts';

describeEachEngine('the worker\'s status refresh', (engine) => {
  let kairox: Kairox | undefined;
  let gw: Gateway | undefined;
  let worker: SessionWorker | undefined;
  afterEach(async () => {
    await worker?.stop();
    await kairox?.close();
    await gw?.close();
  });

  it('publishes every running session\'s status in one write, and the rows show it', async () => {
    gw = await startGateway({ port: 0, accounts: ['DU1234567'], hours: 'always' });
    kairox = await startKairox(engine);
    const owner = await setUp(kairox);
    const ids: string[] = [];
    for (const clientId of [31, 32, 33]) {
      const created = await owner.request({ method: 'POST', url: '/api/connections', payload: { hostPort: `127.0.0.1:${gw.port}`, clientId } });
      expect(created.statusCode, created.body).toBe(201);
      ids.push((created.json() as { connection: { id: string } }).connection.id);
    }
    const real = connectionSource(kairox.db);
    const batches: number[] = [];
    let singles = 0;
    const source: ConnectionSource = {
      ...real,
      publishStatus: async (...args) => {
        singles += 1;
        await real.publishStatus(...args);
      },
      publishStatuses: async (entries) => {
        if (entries.every((e) => e.status.state === 'ready')) batches.push(entries.length);
        await real.publishStatuses(entries);
      },
    };
    worker = new SessionWorker({ source, logger: pino({ level: 'silent' }), pollMs: 60_000, statusRefreshMs: 100 });
    await worker.start();
    await vi.waitFor(() => expect(batches.length).toBeGreaterThanOrEqual(2), { timeout: 10_000, interval: 25 });
    expect(batches.every((n) => n === 3)).toBe(true);
    // Single writes are the sessions' own transitions (connecting, syncing, ready), not the refresh.
    const singlesAfterReady = singles;
    const refreshed = batches.length;
    await vi.waitFor(() => expect(batches.length).toBeGreaterThanOrEqual(refreshed + 2), { timeout: 10_000, interval: 25 });
    expect(singles).toBe(singlesAfterReady);
    for (const id of ids) {
      const view = (await owner.request({ url: `/api/connections/${id}` })).json() as { connection: { status: { state?: string } | null } };
      expect(view.connection.status?.state).toBe('ready');
    }
  });
});
