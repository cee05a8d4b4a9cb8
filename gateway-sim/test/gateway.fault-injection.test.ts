// Fault injection through the admin HTTP API on loopback: drop, pause/resume, restart with
// refused connections, connectivity notices, competing session, arbitrary errors, order
// rejection, prices and the clock, read-only mode.
import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Gateway } from '../src/server/index.ts';
import { RawClient, wire } from './support/raw-client.ts';
import { testGateway } from './support/gateway.ts';

let gw: Gateway;
let c: RawClient;
beforeEach(async () => {
  gw = await testGateway({ adminPort: 0 });
  c = await RawClient.ready(gw.port, 1);
});
afterEach(async () => {
  c.close();
  await gw.close();
});

async function admin(path: string, body?: unknown, method = 'POST'): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`http://127.0.0.1:${gw.adminPort}${path}`, {
    method, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ port, host: '127.0.0.1' });
    s.once('connect', () => { s.destroy(); resolve(false); });
    s.once('error', () => resolve(true));
  });
}

describe('admin HTTP API', () => {
  it('reports status and validates input', async () => {
    const status = await admin('/status', undefined, 'GET');
    expect(status.json).toMatchObject({ paused: false, readOnly: false, clients: [{ clientId: 1, state: 'ready' }] });
    expect((await admin('/connectivity', { code: 1234 })).status).toBe(400);
    expect((await admin('/set-price', { conId: 'x', price: 1 })).status).toBe(400);
    expect((await admin('/nope', {})).status).toBe(404);
    expect((await admin('/pause', undefined, 'GET')).status).toBe(405);
  });

  it('drop-connections closes every client; they can reconnect', async () => {
    expect((await admin('/drop-connections')).json).toEqual({ dropped: 1 });
    await c.waitClosed();
    c = await RawClient.ready(gw.port, 1);
  });

  it('pause keeps sockets open without answering; resume delivers the answers', async () => {
    await admin('/pause');
    c.sendWire('49|1|');
    await new Promise((r) => setTimeout(r, 150));
    expect(c.received.some((m) => m[0] === '49')).toBe(false);
    expect(c.closed).toBe(false);
    await admin('/resume');
    await c.waitFor((m) => m[0] === '49');
  });

  it('restart drops clients, refuses connections for N seconds, then serves with state kept', async () => {
    c.sendWire('3|1|0|AAPL|STK||0.0|||SMART||USD|||||BUY|10|LMT|1.0||GTC||||0||1|0|0|0|0|0|0|0||0|||||||0||-1|0|||0|||0|0||0||||||0|||||0|||||||||||0|||0|0|||0||0|0|0|0|||||||0|||||||||0|0|0|0|||0|||');
    await c.waitFor((m) => m[0] === '3' && m[2] === 'Submitted');
    expect((await admin('/restart', { seconds: 0.5 })).json).toMatchObject({ restarting: true });
    await c.waitClosed();
    expect(await refused(gw.port)).toBe(true);
    await new Promise((r) => setTimeout(r, 700));
    c = await RawClient.ready(gw.port, 1);
    c.sendWire('5|1|');
    const open = (await c.until((m) => m[0] === '53')).filter((m) => m[0] === '5');
    expect(open.map((m) => m[1])).toEqual(['1']);
  });

  it('connectivity notices and the competing session reach every client', async () => {
    const c2 = await RawClient.ready(gw.port, 2);
    await admin('/connectivity', { code: 1100 });
    await admin('/connectivity', { code: 1102 });
    await admin('/competing-session');
    for (const client of [c, c2]) {
      expect(wire(await client.waitFor((m) => m[3] === '1100'))).toBe('4|2|-1|1100|Connectivity between IB and Trader Workstation has been lost.||');
      expect(wire(await client.waitFor((m) => m[3] === '1102'))).toBe('4|2|-1|1102|Connectivity between IB and Trader Workstation has been restored - data maintained.||');
      expect(wire(await client.waitFor((m) => m[3] === '10197'))).toBe('4|2|-1|10197|No market data during competing live session||');
    }
    c2.close();
  });

  it('send-error delivers an arbitrary error to one client', async () => {
    expect((await admin('/send-error', { clientId: 1, id: 77, code: 2110, message: 'Connectivity between Trader Workstation and server is broken. It will be restored automatically.' })).json).toEqual({ sent: 1 });
    expect((await c.waitFor((m) => m[0] === '4' && m[3] === '2110')).slice(2, 4)).toEqual(['77', '2110']);
    expect((await admin('/send-error', { clientId: 9, code: 2110, message: 'x' })).json).toEqual({ sent: 0 });
  });

  it('reject-next-order makes the engine refuse the next order with the given code and text', async () => {
    await admin('/reject-next-order', { code: 201, message: 'Order rejected - reason:No Trading Permission' });
    c.sendWire('3|1|0|AAPL|STK||0.0|||SMART||USD|||||BUY|10|MKT|||||||0||1|0|0|0|0|0|0|0||0|||||||0||-1|0|||0|||0|0||0||||||0|||||0|||||||||||0|||0|0|||0||0|0|0|0|||||||0|||||||||0|0|0|0|||0|||');
    const err = await c.waitFor((m) => m[0] === '4' && m[2] === '1');
    expect(err.slice(3, 5)).toEqual(['201', 'Order rejected - reason:No Trading Permission']);
  });

  it('read-only mode is switched over HTTP', async () => {
    expect((await admin('/read-only', { on: true })).json).toEqual({ readOnly: true });
    c.sendWire('58|1|');
    expect((await c.waitFor((m) => m[0] === '4')).slice(3, 4)).toEqual(['321']);
    expect((await admin('/read-only', { on: 'yes' })).status).toBe(400);
  });

  it('set-price and advance-clock reach the engine', async () => {
    const before = gw.clock.now();
    expect((await admin('/advance-clock', { ms: 60_000 })).status).toBe(200);
    expect(gw.clock.now()).toBe(before + 60_000);
    expect((await admin('/set-price', { conId: 265598, price: 250 })).status).toBe(200);
    expect(gw.engine.quote(265598)?.last).toBeCloseTo(250, 1);
    expect((await admin('/delay-fills', { ms: 1000 })).status).toBe(200);
  });
});
