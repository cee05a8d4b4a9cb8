// Scenario: an alert sender (or a benchmark) reads Kairox's own time from the signal answers'
// Server-Timing header; sign-in and the other routes never carry it (a precise server time would
// only help someone timing password guesses).
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Kairox } from '../../src/main.ts';
import { describeEachEngine } from '../support/engines.ts';
import { setUp, startKairox, type SignedInClient } from '../support/kairox.ts';

describeEachEngine('Server-Timing on the signal doors only', (engine) => {
  let kairox: Kairox;
  let owner: SignedInClient;

  beforeAll(async () => {
    kairox = await startKairox(engine);
    owner = await setUp(kairox);
  });
  afterAll(async () => {
    await kairox?.close();
  });

  it('times POST /api/signals and a webhook delivery, and nothing else', async () => {
    const signal = await owner.request({ method: 'POST', url: '/api/signals', payload: { connectionId: 'con_00000000000000000000000000', instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 1 } } });
    expect(signal.headers['server-timing']).toMatch(/^app;dur=\d+(\.\d+)?$/);
    const hook = await kairox.app.inject({ method: 'POST', url: '/hooks/whk_00000000000000000000000000/not-a-secret', payload: { ticker: 'AAPL', action: 'buy' } });
    expect(hook.headers['server-timing']).toMatch(/^app;dur=/);

    const login = await kairox.app.inject({ method: 'POST', url: '/api/session', payload: { email: 'nobody@example.test', password: 'wrong password here' } });
    expect(login.headers['server-timing']).toBeUndefined();
    expect((await owner.request({ url: '/api/signals' })).headers['server-timing']).toBeUndefined();
    expect((await owner.request({ url: '/api/audit' })).headers['server-timing']).toBeUndefined();
  });

  it('splits a recorded signal\'s time into deciding it and storing it, each within the whole', async () => {
    const created = await owner.request({ method: 'POST', url: '/api/connections', payload: { hostPort: '127.0.0.1:4002', clientId: 9 } });
    expect(created.statusCode, created.body).toBe(201);
    const connectionId = (created.json() as { connection: { id: string } }).connection.id;
    const signal = await owner.request({ method: 'POST', url: '/api/signals', payload: { connectionId, instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 1 } } });
    expect(signal.statusCode, signal.body).toBe(202);
    const header = String(signal.headers['server-timing']);
    const dur = (name: string) => Number(new RegExp(`(?:^|, )${name};dur=(\\d+(?:\\.\\d+)?)`).exec(header)?.[1]);
    expect(header).toMatch(/^app;dur=[\d.]+, decide;dur=[\d.]+, store;dur=[\d.]+$/);
    expect(dur('decide') + dur('store')).toBeLessThanOrEqual(dur('app') + 0.02);
  });
});
