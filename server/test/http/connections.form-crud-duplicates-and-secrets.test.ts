// Scenario: an owner connects Interactive Brokers through the API: the form's rules with its
// labels, a duplicate target refused, a pasted secret refused and never stored, echoed or logged,
// another workspace's connection a 404, and a one-shot test against the simulator.
import { Writable } from 'node:stream';
import { afterEach, expect, it } from 'vitest';
import { startGateway, type Gateway } from '@kairox/gateway-sim';
import { addUser, type Kairox } from '../../src/main.ts';
import { describeEachEngine } from '../support/engines.ts';
import { logIn, setUp, startKairox } from '../support/kairox.ts';

const SECRET = 'sk_live_51HxYzAbCdEfGhIjKlMnOpQr';

describeEachEngine('broker connections API', (engine) => {
  let kairox: Kairox | undefined;
  let gw: Gateway | undefined;
  afterEach(async () => {
    await kairox?.close();
    await gw?.close();
    kairox = undefined;
    gw = undefined;
  });

  it('creates, lists, reads, updates and deletes a connection, with the form labels in refusals', async () => {
    const logs: string[] = [];
    const logDestination = new Writable({ write(chunk, _e, done) { logs.push(String(chunk)); done(); } });
    kairox = await startKairox(engine, { KAIROX_LOG_LEVEL: 'debug' }, { logDestination });
    const a = await setUp(kairox);

    const created = await a.request({ method: 'POST', url: '/api/connections', payload: { connectionType: 'Financial', platform: 'Interactive Brokers', hostPort: '127.0.0.1:7497', clientId: '7' } });
    expect(created.statusCode).toBe(201);
    const { connection } = created.json() as { connection: { id: string } };
    expect(connection).toMatchObject({ hostPort: '127.0.0.1:7497', clientId: 7, accountId: null, enabled: true, status: null });

    const zero = await a.request({ method: 'POST', url: '/api/connections', payload: { hostPort: '[::1]:4002', clientId: 0, accountId: 'DU1234567' } });
    expect(zero.statusCode).toBe(201);
    expect(zero.json()).toMatchObject({ connection: { hostPort: '[::1]:4002', clientId: 0 }, notices: [expect.stringContaining('Client ID 0')] });

    const dup = await a.request({ method: 'POST', url: '/api/connections', payload: { hostPort: '127.0.0.1:7497', clientId: 7 } });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ error: { code: 'CONFLICT', message: expect.stringContaining('IB Client ID') } });

    for (const [payload, message] of [
      [{ hostPort: 'localhost', clientId: 1 }, 'IB Gateway Host:Port needs a port'],
      [{ hostPort: '127.0.0.1:7497', clientId: '1.5' }, 'IB Client ID must be a whole number'],
      [{ hostPort: '127.0.0.1:7497', clientId: 1, accountId: 'X1' }, 'IB Account ID must look like an IBKR account id'],
      [{ hostPort: '169.254.169.254:80', clientId: 1 }, 'IB Gateway Host:Port is not allowed: link-local'],
      [{ hostPort: 'metadata.google.internal:80', clientId: 1 }, 'IB Gateway Host:Port is not allowed: cloud metadata'],
      [{ connectionType: 'Crypto', hostPort: '127.0.0.1:7497', clientId: 1 }, 'Connection Type Crypto is not available yet'],
    ] as const) {
      const r = await a.request({ method: 'POST', url: '/api/connections', payload });
      expect(r.statusCode, JSON.stringify(payload)).toBe(400);
      expect((r.json() as { error: { message: string } }).error.message).toContain(message);
    }

    // A secret pasted into a field, or sent as a field of its own: refused, not stored, not echoed, not logged.
    for (const payload of [{ hostPort: SECRET, clientId: 1 }, { hostPort: '127.0.0.1:7000', clientId: SECRET }, { hostPort: '127.0.0.1:7001', clientId: 1, accountId: SECRET }, { hostPort: '127.0.0.1:7002', clientId: 1, password: SECRET }]) {
      const r = await a.request({ method: 'POST', url: '/api/connections', payload });
      expect(r.statusCode).toBe(400);
      expect(r.body).toMatch(/needs no (secret|password)/);
      expect(r.body).not.toContain(SECRET);
    }
    const list = ((await a.request({ url: '/api/connections' })).json() as { connections: { id: string }[] }).connections;
    expect(list).toHaveLength(2);
    expect(JSON.stringify(list)).not.toContain(SECRET);
    expect(logs.join('')).not.toContain(SECRET);
    expect(logs.join('')).not.toContain('HxYzAbCd');
    expect(logs.join('')).toContain('connection form refused');

    const patched = await a.request({ method: 'PATCH', url: `/api/connections/${connection.id}`, payload: { accountId: 'U1234567', enabled: false } });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ connection: { accountId: 'U1234567', enabled: false, revision: 2, hostPort: '127.0.0.1:7497' } });
    const clash = await a.request({ method: 'PATCH', url: `/api/connections/${connection.id}`, payload: { hostPort: '[::1]:4002', clientId: 0 } });
    expect(clash.statusCode).toBe(409);

    expect((await a.request({ url: `/api/connections/${connection.id}` })).json()).toMatchObject({ connection: { id: connection.id } });
    expect((await a.request({ url: `/api/connections/${connection.id}/timeline` })).json()).toEqual({ events: [] });
    expect((await a.request({ method: 'DELETE', url: `/api/connections/${connection.id}` })).json()).toEqual({ deleted: true });
    expect((await a.request({ url: `/api/connections/${connection.id}` })).statusCode).toBe(404);

    const audit = ((await a.request({ url: '/api/audit?limit=50' })).json() as { events: { action: string }[] }).events.map((e) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['connection.created', 'connection.updated', 'connection.deleted']));
    expect(JSON.stringify(audit)).not.toContain(SECRET);
  });

  it('another workspace cannot see or touch the connection, and the same target is fine there', async () => {
    kairox = await startKairox(engine);
    const a = await setUp(kairox);
    const { connection } = (await a.request({ method: 'POST', url: '/api/connections', payload: { hostPort: '127.0.0.1:4002', clientId: 3 } })).json() as { connection: { id: string } };
    // A second, separate workspace: on a database with users that has to be asked for.
    await addUser(kairox.config, { email: 'bob@example.test', password: 'bob has a long password', newWorkspace: true });
    const b = await logIn(kairox, 'bob@example.test', 'bob has a long password');
    for (const [method, url] of [['GET', `/api/connections/${connection.id}`], ['DELETE', `/api/connections/${connection.id}`], ['PATCH', `/api/connections/${connection.id}`], ['POST', `/api/connections/${connection.id}/test`]] as const) {
      const r = await b.request({ method, url, ...(method === 'PATCH' ? { payload: { clientId: 4 } } : {}) });
      expect(r.statusCode, `${method} ${url}`).toBe(404);
    }
    expect(((await b.request({ url: '/api/connections' })).json() as { connections: unknown[] }).connections).toEqual([]);
    expect((await b.request({ method: 'POST', url: '/api/connections', payload: { hostPort: '127.0.0.1:4002', clientId: 3 } })).statusCode).toBe(201);
  });

  it('tests a saved connection against the simulator', async () => {
    gw = await startGateway({ port: 0, accounts: ['DU1234567'] });
    kairox = await startKairox(engine);
    const a = await setUp(kairox);
    const { connection } = (await a.request({ method: 'POST', url: '/api/connections', payload: { hostPort: `127.0.0.1:${gw.port}`, clientId: 21, accountId: 'DU1234567' } })).json() as { connection: { id: string } };
    const r = await a.request({ method: 'POST', url: `/api/connections/${connection.id}/test` });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ result: { ok: true, exitCode: 0, serverVersion: 178, accounts: ['DU1234567'], mode: 'paper', account: { id: 'DU1234567', exists: true } } });
  });
});
