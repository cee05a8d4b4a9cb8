// Each known trap of @stoqey/ib 1.6.10 (design.md), and the test that shows it is neutralised.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Gateway } from '@kairox/gateway-sim';
import { NotReadyError } from './errors.ts';
import { createIbClient, type IBApi } from './ib-client.ts';
import type { IbSession } from './ib-session.ts';
import { toIbOrder } from './ib-mapping.ts';
import { fakeGateway, frame, type FakeGateway } from './fake-gateway.ts';
import { sessionFor, simulator, until } from './test-support.ts';

let gw: Gateway | undefined;
let fake: FakeGateway | undefined;
let session: IbSession | undefined;
afterEach(async () => {
  session?.stop();
  await gw?.close();
  await fake?.close();
  gw = undefined;
  fake = undefined;
  session = undefined;
});

const order = { contract: { conId: 265598, exchange: 'SMART' }, action: 'BUY' as const, quantity: 1, orderType: 'MKT' as const, orderRef: 'kx-stale' };

describe('@stoqey/ib traps, neutralised', () => {
  it('calls while disconnected are refused, not buffered: nothing reaches the gateway after the reconnect', async () => {
    gw = await simulator();
    const h = sessionFor(gw, { backoff: { initialMs: 300, maxMs: 300, jitter: 0 } });
    session = h.session;
    session.start();
    await session.whenReady(10_000);
    gw.dropAllConnections();
    await until(() => session?.currentState !== 'ready');
    await expect(session.placeOrder(order)).rejects.toBeInstanceOf(NotReadyError);
    await expect(session.globalCancel()).rejects.toBeInstanceOf(NotReadyError);
    await session.whenReady(10_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(gw.engine.openOrders()).toHaveLength(0);
    expect(gw.engine.completedOrders()).toHaveLength(0);
  });

  it('has a connect timeout of its own: a gateway that accepts and never answers is dropped', async () => {
    fake = await fakeGateway({ answerHello: false });
    const h = sessionFor({ host: '127.0.0.1', port: fake.port }, { connectTimeoutMs: 400, reconnect: false });
    session = h.session;
    session.start();
    await expect(session.whenReady(5_000)).rejects.toThrow(/connect timeout/);
    expect(session.status().lastError?.message).toMatch(/within 0.4 s \(connect timeout\)/);
  });

  it('"connected" is not ready: after the handshake but without nextValidId every call is refused', async () => {
    fake = await fakeGateway({ answerHello: true });
    const h = sessionFor({ host: '127.0.0.1', port: fake.port }, { connectTimeoutMs: 5_000 });
    session = h.session;
    session.start();
    await until(() => session?.currentState === 'syncing');
    await expect(session.placeOrder(order)).rejects.toBeInstanceOf(NotReadyError);
    await expect(session.currentTime()).rejects.toBeInstanceOf(NotReadyError);
  });

  it('always sends transmit (the library would send an empty field for undefined)', () => {
    expect(toIbOrder(order, 'DU1')).toMatchObject({ transmit: true, orderRef: 'kx-stale', account: 'DU1' });
    expect(toIbOrder({ ...order, transmit: false }, 'DU1').transmit).toBe(false);
  });

  it('a retired client\'s late close event does not flip the new connection', async () => {
    gw = await simulator();
    const clients: IBApi[] = [];
    const h = sessionFor(gw, {
      backoff: { initialMs: 50, maxMs: 50, jitter: 0 },
      createClient: (o) => {
        const api = createIbClient(o);
        clients.push(api);
        return api;
      },
    });
    session = h.session;
    session.start();
    await session.whenReady(10_000);
    gw.dropAllConnections();
    await until(() => clients.length === 2 && session?.currentState === 'ready');
    const old = clients[0] as unknown as NodeJS.EventEmitter;
    old.emit('disconnected');
    old.emit('info', 'Connectivity between IB and Trader Workstation has been lost.', 1100);
    old.emit('error', new Error('late'), 502, -1);
    expect(session.currentState).toBe('ready');
  });

  it('an exception inside the library\'s socket data handler drops the connection instead of the process', async () => {
    fake = await fakeGateway({
      answerHello: true,
      // An error message whose advancedOrderReject is not JSON: the library's JSON.parse throws from its data handler.
      afterStartApi: (s) => s.write(frame([4, 2, 5, 201, 'Order rejected', '{not json'])),
    });
    const h = sessionFor({ host: '127.0.0.1', port: fake.port }, { reconnect: false });
    session = h.session;
    session.start();
    await until(() => session?.currentState === 'disconnected');
    expect(session.status().lastError?.message).toMatch(/could not process/);
  });

  it('a .env file in the working directory cannot inject settings', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kairox-dotenv-'));
    writeFileSync(path.join(dir, '.env'), 'KAIROX_DOTENV_PROBE=injected\nIB_PORT=1\nMAX_REQ_PER_SECOND=1\n');
    const cwd = process.cwd();
    gw = await simulator();
    const configuration = createRequire(import.meta.url)('@stoqey/ib/dist/common/configuration.js') as { get(): Record<string, unknown> };
    try {
      process.chdir(dir);
      const h = sessionFor(gw);
      session = h.session;
      session.start();
      await session.whenReady(10_000);
      // Whatever path of the library reads its configuration later, from this directory:
      const settings = configuration.get();
      expect(process.env.KAIROX_DOTENV_PROBE).toBeUndefined();
      expect(settings.max_req_per_second).not.toBe(1);
      expect(settings.ib_port).not.toBe(1);
    } finally {
      process.chdir(cwd);
      rmSync(dir, { recursive: true });
    }
  });

  it('(control) the unguarded library does load .env from the working directory — re-check when upgrading', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kairox-dotenv-'));
    writeFileSync(path.join(dir, '.env'), 'KAIROX_DOTENV_PROBE=injected\n');
    const configPath = createRequire(import.meta.url).resolve('@stoqey/ib/dist/common/configuration.js');
    try {
      const out = execFileSync(process.execPath, ['-e', `require(${JSON.stringify(configPath)}).get(); process.stdout.write(String(process.env.KAIROX_DOTENV_PROBE))`], { cwd: dir, env: { PATH: process.env.PATH ?? '' } });
      expect(String(out)).toBe('injected');
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
