// Scenario: an owner presses "test" on a connection Kairox is already running. A second login
// with the same client id would be refused (326), so the answer comes from the running session
// (`kairox start`), or from the status the worker last published when the worker runs in
// another process (`kairox api` + `kairox worker`). Only a connection nobody runs is tested with
// a connection of its own.
import { pino } from 'pino';
import { afterEach, expect, it, vi } from 'vitest';
import { startGateway, type Gateway } from '@kairox/gateway-sim';
import { connectionSource } from '../../src/connections/index.ts';
import type { Kairox } from '../../src/main.ts';
import { SessionWorker } from '../../src/sessions/index.ts';
import { describeEachEngine } from '../support/engines.ts';
import { setUp, startKairox, type SignedInClient } from '../support/kairox.ts';

interface TestBody { result: Record<string, unknown> & { source: string; notices: string[] } }

const WAIT = { timeout: 10_000, interval: 50 };

describeEachEngine('testing a connection that is running', (engine) => {
  let kairox: Kairox | undefined;
  let gateway: Gateway | undefined;
  let worker: SessionWorker | undefined;
  afterEach(async () => {
    await worker?.stop();
    await kairox?.close();
    await gateway?.close();
    kairox = undefined;
    gateway = undefined;
    worker = undefined;
  });

  async function connection(owner: SignedInClient, payload: Record<string, unknown>): Promise<string> {
    const created = await owner.request({ method: 'POST', url: '/api/connections', payload: { hostPort: `127.0.0.1:${gateway?.port}`, clientId: 31, ...payload } });
    expect(created.statusCode).toBe(201);
    return (created.json() as { connection: { id: string } }).connection.id;
  }

  const statusOf = async (owner: SignedInClient, id: string) =>
    ((await owner.request({ url: `/api/connections/${id}` })).json() as { connection: { status: { state: string } | null } }).connection.status;

  it('kairox start: answers from its own session, with a fresh round trip, and makes no second login', async () => {
    gateway = await startGateway({ port: 0, accounts: ['DU1234567'] });
    kairox = await startKairox(engine, {}, { worker: true });
    await kairox.worker?.start();
    const owner = await setUp(kairox);
    const id = await connection(owner, { accountId: 'DU1234567' });
    await vi.waitFor(() => expect(kairox?.worker?.session(id)?.currentState).toBe('ready'), WAIT);

    const tested = await owner.request({ method: 'POST', url: `/api/connections/${id}/test` });
    expect(tested.statusCode).toBe(200);
    const { result } = tested.json() as TestBody;
    expect(result).toMatchObject({
      source: 'running_session', ok: true, state: 'ready', serverVersion: 178, accounts: ['DU1234567'], mode: 'paper',
      account: { id: 'DU1234567', exists: true }, lastHeartbeatAt: expect.any(Number), roundTripMs: expect.any(Number), canTrade: true,
    });
    expect(result.failure).toBeUndefined();
    expect(result.notices.join(' ')).toContain('no second login was made');
    expect(gateway.clients().map((c) => c.clientId)).toEqual([31]);
  });

  it('kairox api with the worker elsewhere: answers from the status that worker last published, and says so', async () => {
    gateway = await startGateway({ port: 0, accounts: ['DU1234567'] });
    kairox = await startKairox(engine);
    const owner = await setUp(kairox);
    const id = await connection(owner, {});
    worker = new SessionWorker({ source: connectionSource(kairox.db), logger: pino({ level: 'silent' }), pollMs: 60_000 });
    await worker.start();
    await vi.waitFor(async () => expect((await statusOf(owner, id))?.state).toBe('ready'), WAIT);

    const { result } = (await owner.request({ method: 'POST', url: `/api/connections/${id}/test` })).json() as TestBody;
    expect(result).toMatchObject({ source: 'published_status', ok: true, state: 'ready', serverVersion: 178, accounts: ['DU1234567'], mode: 'paper', statusAt: expect.any(Number) });
    expect(result.notices.join(' ')).toMatch(/status the broker worker last published \d+ s ago.*no second login was made/);
    expect(gateway.clients().map((c) => c.clientId)).toEqual([31]);
  });

  it('a connection nobody runs (disabled) is tested with a one-shot connection of its own', async () => {
    gateway = await startGateway({ port: 0, accounts: ['DU1234567'] });
    kairox = await startKairox(engine, {}, { worker: true });
    await kairox.worker?.start();
    const owner = await setUp(kairox);
    const id = await connection(owner, { enabled: false });

    const { result } = (await owner.request({ method: 'POST', url: `/api/connections/${id}/test` })).json() as TestBody;
    expect(result).toMatchObject({ source: 'one_shot_check', ok: true, serverVersion: 178, accounts: ['DU1234567'] });
    await vi.waitFor(() => expect(gateway?.clients()).toEqual([]), WAIT);
  });
});
