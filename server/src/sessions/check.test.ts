import { createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Gateway } from '@kairox/gateway-sim';
import { startGateway } from '@kairox/gateway-sim';
import { pino } from 'pino';
import { IbSession } from '../broker/index.ts';
import { CHECK_EXIT, runCheck } from './check.ts';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) } };
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

let gw: Gateway | undefined;
afterEach(async () => {
  await gw?.close();
  gw = undefined;
});

describe('kairox check', () => {
  it('against a running simulator prints the server version, DU accounts and paper, and exits 0', async () => {
    gw = await startGateway({ port: 0, accounts: ['DU1234567'] });
    const t = io();
    const code = await runCheck([`127.0.0.1:${gw.port}`, '--client-id', '7'], t.io);
    const text = t.out.join('');
    expect(code).toBe(0);
    expect(text).toContain('Server version: 178');
    expect(text).toContain('Accounts: DU1234567');
    expect(text).toContain('Mode: paper');
    expect(text).toMatch(/Data farms: .*OK/);
    expect(text).toContain('API: read-write');
    expect(text).toMatch(/Ready\.\n$/);
  });

  it('against a closed port says "Is TWS or IB Gateway running" and exits non-zero', async () => {
    const port = await closedPort();
    const t = io();
    const code = await runCheck([`127.0.0.1:${port}`, '--client-id', '7', '--timeout', '3'], t.io);
    expect(code).toBe(CHECK_EXIT.nothingListening);
    expect(t.out.join('')).toContain('Is TWS or IB Gateway running, with Enable ActiveX and Socket Clients ticked? Paper TWS listens on 7497, live on 7496; IB Gateway on 4002 and 4001.');
  });

  it('tells a gateway that closes the socket at once (trusted IPs, accept prompt) from one that never answers', async () => {
    const closing = createServer((socket) => socket.destroy());
    const held: Socket[] = [];
    const silent = createServer((socket) => held.push(socket));
    const listen = (server: ReturnType<typeof createServer>) => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : 0);
    }));
    const [closingPort, silentPort] = [await listen(closing), await listen(silent)];
    try {
      const c = io();
      expect(await runCheck([`127.0.0.1:${closingPort}`, '--client-id', '7', '--timeout', '3'], c.io)).toBe(CHECK_EXIT.closedByGateway);
      expect(c.out.join('')).toMatch(/closed the connection right away.*Trusted IPs/s);
      const t = io();
      expect(await runCheck([`127.0.0.1:${silentPort}`, '--client-id', '7', '--timeout', '0.5'], t.io)).toBe(CHECK_EXIT.timeout);
      expect(t.out.join('')).toContain('within 0.5 s (connect timeout)');
    } finally {
      closing.close();
      for (const socket of held) socket.destroy();
      silent.close();
    }
  });

  it('reports an account the login does not offer, naming the ones it does', async () => {
    gw = await startGateway({ port: 0, accounts: ['DU1234567', 'DU7654321'] });
    const t = io();
    const code = await runCheck([`127.0.0.1:${gw.port}`, '--client-id=8', '--account', 'DU9999999', '--json'], t.io);
    expect(code).toBe(CHECK_EXIT.unknownAccount);
    const json = JSON.parse(t.out.join('')) as { account: unknown; failure: { message: string } };
    expect(json.account).toEqual({ id: 'DU9999999', exists: false });
    expect(json.failure.message).toContain('DU1234567, DU7654321');
  });

  it('reports 326 when the client id is taken, and read-only mode', async () => {
    gw = await startGateway({ port: 0, accounts: ['DU1234567'] });
    const holder = new IbSession({ host: '127.0.0.1', port: gw.port, clientId: 9, logger: pino({ level: 'silent' }) });
    holder.start();
    await holder.whenReady(10_000);
    try {
      const t = io();
      expect(await runCheck([`127.0.0.1:${gw.port}`, '--client-id', '9'], t.io)).toBe(CHECK_EXIT.clientIdInUse);
      expect(t.out.join('')).toContain('Client ID 9 is already in use (IB error 326)');
    } finally {
      holder.stop();
    }
    gw.setReadOnly(true);
    const ro = io();
    expect(await runCheck([`127.0.0.1:${gw.port}`, '--client-id', '10'], ro.io)).toBe(CHECK_EXIT.readOnly);
    expect(ro.out.join('')).toContain('Read-Only');
    gw.setReadOnly(false);
    expect(await runCheck([`127.0.0.1:${gw.port}`, '--client-id', '10'], io().io)).toBe(CHECK_EXIT.ready);
  });

  it.each([
    [['localhost', '--client-id', '7'], 'HOST:PORT: IB Gateway Host:Port needs a port'],
    [['127.0.0.1:7497', '--client-id', '1.5'], '--client-id: IB Client ID must be a whole number'],
    [['127.0.0.1:7497', '--client-id', '7', '--timeout', 'soon'], '--timeout must be a number of seconds'],
    [['127.0.0.1:7497', '--client-id'], '--client-id needs a value'],
    [['127.0.0.1:7497', '--client-id', '7', '--frobnicate'], 'Unknown option "--frobnicate"'],
    [['169.254.169.254:4002', '--client-id', '7'], ''],
  ])('refuses bad arguments %j with exit 2 and what the argument expects', async (argv, message) => {
    const t = io();
    const code = await runCheck(argv, t.io);
    if (message === '') {
      expect(code).toBe(CHECK_EXIT.addressRefused);
      expect(t.out.join('')).toContain('link-local');
      return;
    }
    expect(code).toBe(CHECK_EXIT.usage);
    expect(t.err.join('')).toContain(message);
    expect(t.err.join('')).toContain('Usage: kairox check');
  });

  it('refuses a secret in any argument without printing it back', async () => {
    const secret = 'sk_live_51HxYzAbCdEfGhIjKlMn';
    for (const argv of [[secret, '--client-id', '7'], ['127.0.0.1:7497', '--client-id', secret], ['127.0.0.1:7497', '--client-id', '7', '--account', secret], ['127.0.0.1:7497', `--${secret}`]]) {
      const t = io();
      expect(await runCheck(argv, t.io)).toBe(CHECK_EXIT.usage);
      const all = t.out.join('') + t.err.join('');
      expect(all).not.toContain(secret);
      expect(all).not.toContain('HxYz');
    }
  });
});
