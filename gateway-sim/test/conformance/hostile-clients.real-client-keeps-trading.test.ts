// While hostile sockets misbehave next to it — random bytes, a 2 GiB length prefix, a frame
// left half-sent, a hello that never completes, a megabyte of garbage after a valid hello — a
// real @stoqey/ib client keeps trading at each version: every order fills, the position adds
// up, it sees no error, and each hostile socket is closed by the gateway on its own.
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeClientHello, encodeFrame } from '../../src/protocol/index.ts';
import { AAPL, AAPL_CON_ID, VERSIONS, order, startSim } from './support/ib-session.ts';
import type { Sim } from './support/ib-session.ts';

/** A raw socket that records when the gateway closes it. */
async function hostile(port: number): Promise<{ socket: Socket; closed: Promise<void> }> {
  const socket = connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.on('error', () => undefined);
  socket.on('data', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return { socket, closed };
}

/** Deterministic pseudo-random bytes (xorshift32). */
function noise(length: number, seed: number): Buffer {
  const b = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 0xff;
  }
  return b;
}

const u32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0, 0);
  return b;
};
/** A valid hello and START_API for client `id`, then whatever follows. */
const afterStart = (id: number, rest: Buffer): Buffer => Buffer.concat([encodeClientHello(100, 178), encodeFrame(['71', '2', String(id), '']), rest]);

let sim: Sim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe.each(VERSIONS)('hostile neighbours at server version %i', (version) => {
  it('a real client fills every order while five hostile sockets are each closed alone', async () => {
    sim = await startSim(version, { incompleteTimeoutMs: 300 });
    const s = await sim.connect(1);
    const port = sim.gw.port;
    sim.gw.setPrice(AAPL_CON_ID, 230);

    const attacks = await Promise.all([
      hostile(port).then((h) => (h.socket.write(noise(4096, 7)), h)),
      hostile(port).then((h) => (h.socket.write(afterStart(91, u32(0x80000000))), h)),
      hostile(port).then((h) => (h.socket.write(afterStart(92, Buffer.concat([u32(200), Buffer.from('3\u000042\u0000')]))), h)),
      hostile(port).then((h) => (h.socket.write(Buffer.from('API\u0000\u0000\u0000')), h)),
      hostile(port).then((h) => (h.socket.write(afterStart(93, noise(1 << 20, 11))), h)),
    ]);

    // Meanwhile: ten market orders and a resting limit order that is modified and cancelled.
    const first = s.firstOrderId;
    const m = s.mark();
    for (let i = 0; i < 10; i++) {
      s.api.placeOrder(first + i, AAPL, order({ action: i % 3 === 2 ? 'SELL' : 'BUY', orderType: 'MKT', totalQuantity: 10 + i }));
    }
    const lmt = first + 10;
    s.api.placeOrder(lmt, AAPL, order({ action: 'BUY', orderType: 'LMT', lmtPrice: 200, totalQuantity: 5, tif: 'GTC' }));
    await s.orderStatus(lmt, 'Submitted', m);
    s.api.placeOrder(lmt, AAPL, order({ action: 'BUY', orderType: 'LMT', lmtPrice: 201, totalQuantity: 5, tif: 'GTC' }));
    s.api.cancelOrder(lmt);
    await s.orderStatus(lmt, 'Cancelled', m);

    await Promise.all(attacks.map((a) => a.closed));
    for (let i = 0; i < 10; i++) await s.orderStatus(first + i, 'Filled', m);

    const expected = Array.from({ length: 10 }, (_, i) => (i % 3 === 2 ? -1 : 1) * (10 + i)).reduce((a, b) => a + b, 0);
    const mp = s.mark();
    s.api.reqPositions();
    await s.waitFor('positionEnd', () => true, mp);
    expect(s.all('position', mp).map((p) => [p[1].conId, p[2]])).toEqual([[AAPL_CON_ID, expected]]);
    expect(s.all('execDetails', m)).toHaveLength(10);
    expect(s.errors(m).map((e) => e.code)).toEqual([202]);
    // In the end the gateway serves the good client alone.
    expect(sim.gw.clients().map((c) => [c.clientId, c.state])).toEqual([[1, 'ready']]);
    expect(s.api.isConnected).toBe(true);
  });
});
