// Scenario: the worker runs one session per enabled connection, and follows the API: a new
// connection starts a session, disabling stops it, changing the client id restarts it, deleting
// stops it; status and timeline are readable through the API.
import { pino } from 'pino';
import { afterEach, expect, it } from 'vitest';
import { startGateway, type Gateway } from '@kairox/gateway-sim';
import { connectionSource } from '../../src/connections/index.ts';
import type { Kairox } from '../../src/main.ts';
import { SessionWorker } from '../../src/sessions/index.ts';
import { describeEachEngine } from '../support/engines.ts';
import { setUp, startKairox } from '../support/kairox.ts';

async function until(predicate: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describeEachEngine('session worker', (engine) => {
  let kairox: Kairox | undefined;
  let gw: Gateway | undefined;
  let worker: SessionWorker | undefined;
  afterEach(async () => {
    await worker?.stop();
    await kairox?.close();
    await gw?.close();
    worker = undefined;
    kairox = undefined;
    gw = undefined;
  });

  it('starts, stops and restarts sessions as connections are created, disabled, changed and deleted', async () => {
    gw = await startGateway({ port: 0, accounts: ['DU1234567'] });
    kairox = await startKairox(engine);
    const a = await setUp(kairox);
    worker = new SessionWorker({ source: connectionSource(kairox.db), logger: pino({ level: 'silent' }), pollMs: 60_000, statusRefreshMs: 60_000 });
    await worker.start();
    expect(worker.statuses()).toEqual([]);

    const { connection } = (await a.request({ method: 'POST', url: '/api/connections', payload: { hostPort: `127.0.0.1:${gw.port}`, clientId: 31 } })).json() as { connection: { id: string } };
    const w = worker;
    await w.reconcile();
    await until(() => w.session(connection.id)?.currentState === 'ready');
    await until(async () => ((await a.request({ url: `/api/connections/${connection.id}` })).json() as { connection: { status: { state?: string } | null } }).connection.status?.state === 'ready');
    const view = ((await a.request({ url: `/api/connections/${connection.id}` })).json() as { connection: { status: Record<string, unknown> } }).connection;
    expect(view.status).toMatchObject({ state: 'ready', serverVersion: 178, accounts: ['DU1234567'], mode: 'paper', pacingQueueDepth: 0, clientId: 31 });
    const timeline = ((await a.request({ url: `/api/connections/${connection.id}/timeline` })).json() as { events: { to: string }[] }).events;
    expect(timeline.map((e) => e.to).reverse()).toEqual(['connecting', 'syncing', 'ready']);
    expect(gw.clients().map((c) => c.clientId)).toEqual([31]);

    await a.request({ method: 'PATCH', url: `/api/connections/${connection.id}`, payload: { enabled: false } });
    await w.reconcile();
    expect(w.session(connection.id)).toBeUndefined();
    await until(() => gw?.clients().length === 0);

    await a.request({ method: 'PATCH', url: `/api/connections/${connection.id}`, payload: { enabled: true, clientId: 32 } });
    await w.reconcile();
    await until(() => w.session(connection.id)?.currentState === 'ready');
    await until(() => JSON.stringify(gw?.clients().map((c) => c.clientId)) === '[32]');

    await a.request({ method: 'DELETE', url: `/api/connections/${connection.id}` });
    await w.reconcile();
    expect(w.statuses()).toEqual([]);
    await until(() => gw?.clients().length === 0);
  });

  it('refuses to connect where the address policy says no, and says why in the status', async () => {
    kairox = await startKairox(engine);
    const a = await setUp(kairox);
    const { connection } = (await a.request({ method: 'POST', url: '/api/connections', payload: { hostPort: 'gw.internal.example:4002', clientId: 5 } })).json() as { connection: { id: string } };
    worker = new SessionWorker({ source: connectionSource(kairox.db), logger: pino({ level: 'silent' }), resolver: async () => ['169.254.169.254'], pollMs: 60_000 });
    await worker.start();
    await until(async () => ((await a.request({ url: `/api/connections/${connection.id}` })).json() as { connection: { status: unknown } }).connection.status !== null);
    const status = ((await a.request({ url: `/api/connections/${connection.id}` })).json() as { connection: { status: Record<string, unknown> } }).connection.status;
    expect(status).toMatchObject({ state: 'stopped', lastError: { kind: 'address_refused', message: expect.stringContaining('link-local') } });
    expect(worker.session(connection.id)).toBeUndefined();
  });
});
