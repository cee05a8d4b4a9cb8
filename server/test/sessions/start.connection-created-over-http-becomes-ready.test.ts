// Scenario: `kairox start` runs the worker in-process. An owner fills in the Connect Brokers &
// Exchanges form over HTTP; the worker is told at once, connects to the (simulated) gateway, and
// the connection's status reads ready with the login's paper account. Disabling it stops the session.
import { afterEach, expect, it, vi } from 'vitest';
import { startGateway, type Gateway } from '@kairox/gateway-sim';
import type { Kairox } from '../../src/main.ts';
import { describeEachEngine } from '../support/engines.ts';
import { setUp, startKairox } from '../support/kairox.ts';

interface ConnectionBody { connection: { id: string; status: { state?: string; accounts?: string[]; mode?: string } | null } }

describeEachEngine('kairox start with its broker worker', (engine) => {
  let kairox: Kairox | undefined;
  let gateway: Gateway | undefined;
  afterEach(async () => {
    await kairox?.close();
    await gateway?.close();
    kairox = undefined;
    gateway = undefined;
  });

  it('brings a connection created over HTTP to ready, and stops it when disabled', async () => {
    gateway = await startGateway({ port: 0, accounts: ['DU1234567'] });
    kairox = await startKairox(engine, {}, { worker: true });
    await kairox.worker?.start();
    const owner = await setUp(kairox);

    const created = await owner.request({
      method: 'POST', url: '/api/connections',
      payload: { connectionType: 'Financial', platform: 'Interactive Brokers', hostPort: `127.0.0.1:${gateway.port}`, clientId: 31, accountId: 'DU1234567' },
    });
    expect(created.statusCode).toBe(201);
    const { id } = (created.json() as ConnectionBody).connection;

    const read = async () => (await owner.request({ method: 'GET', url: `/api/connections/${id}` })).json() as ConnectionBody;
    await vi.waitFor(async () => expect((await read()).connection.status).toMatchObject({ state: 'ready', accounts: ['DU1234567'], mode: 'paper' }), { timeout: 10_000, interval: 100 });
    expect(gateway.clients().map((c) => c.clientId)).toContain(31);

    const disabled = await owner.request({ method: 'PATCH', url: `/api/connections/${id}`, payload: { enabled: false } });
    expect(disabled.statusCode).toBe(200);
    await vi.waitFor(() => expect(gateway?.clients().map((c) => c.clientId)).not.toContain(31), { timeout: 10_000, interval: 100 });
  });
});
