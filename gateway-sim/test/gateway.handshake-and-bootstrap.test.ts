// A client says hello, gets the negotiated version and the connection time, starts the API
// and receives exactly the bootstrap a real Gateway sends (tws-protocol.md §2.3–§2.7).
import { afterEach, describe, expect, it } from 'vitest';
import { encodeClientHello, encodeFrame } from '../src/protocol/index.ts';
import type { Gateway } from '../src/server/index.ts';
import { RawClient, wire } from './support/raw-client.ts';
import { testGateway } from './support/gateway.ts';

let gw: Gateway | undefined;
afterEach(async () => {
  await gw?.close();
  gw = undefined;
});

const BOOTSTRAP_MESSAGES = [
  '15|1|DU1234567|',
  '9|1|1|',
  '4|2|-1|2104|Market data farm connection is OK:usfarm||',
  '4|2|-1|2106|HMDS data farm connection is OK:ushmds||',
  '4|2|-1|2158|Sec-def data farm connection is OK:secdefnj||',
];
const BOOTSTRAP = BOOTSTRAP_MESSAGES.join('');

/** The frames of a `a|b|…|` string sequence as one byte buffer (length prefixes included). */
function framesOf(messages: string[]): Buffer {
  return Buffer.concat(messages.map((m) => encodeFrame(m.split('|').slice(0, -1))));
}

describe('handshake', () => {
  it.each([
    [[157, 178], 178], [[100, 193], 178], [[100, 225], 178], [[100, 176], 176], [[100, 177], 177],
  ] as const)('client range %j negotiates %i', async (range, expected) => {
    gw = await testGateway();
    const c = await RawClient.connect(gw.port);
    c.write(encodeClientHello(range[0], range[1]));
    const hello = await c.next();
    expect(hello).toHaveLength(2);
    expect(hello[0]).toBe(String(expected));
    expect(hello[1]).toMatch(/^20261123 10:00:00 EST$/);
    c.close();
  });

  it('refuses a client whose maximum is below 176 and closes without a reply', async () => {
    gw = await testGateway();
    const c = await RawClient.connect(gw.port);
    c.write(encodeClientHello(100, 173));
    await c.waitClosed();
    expect(c.received).toEqual([]);
  });
});

describe('bootstrap after START_API', () => {
  it('is byte for byte managedAccounts, nextValidId, then farm notices 2104/2106/2158', async () => {
    gw = await testGateway();
    const c = await RawClient.connect(gw.port);
    c.write(encodeClientHello(157, 178));
    await c.next();
    const helloBytes = Buffer.concat(c.bytes).length;
    c.send(['71', '2', '7', '']);
    await c.waitFor((m) => m[3] === '2158');
    const after = Buffer.concat(c.bytes).subarray(helloBytes);
    expect(after.toString('latin1')).toBe(framesOf(BOOTSTRAP_MESSAGES).toString('latin1'));
    expect(c.received.slice(1).map(wire).join('')).toBe(BOOTSTRAP);
    c.close();
  });

  it('works when the hello arrives byte by byte and START_API is coalesced with it', async () => {
    gw = await testGateway();
    const c = await RawClient.connect(gw.port);
    const bytes = Buffer.concat([encodeClientHello(100, 176, '+PACEAPI'), encodeFrame(['71', '2', '3', ''])]);
    for (const b of bytes.subarray(0, 10)) c.write(Buffer.from([b]));
    c.write(bytes.subarray(10));
    const all = await c.until((m) => m[3] === '2158');
    expect(all.map(wire)[0]).toMatch(/^176\|/);
    expect(all.slice(1).map(wire).join('')).toBe(BOOTSTRAP);
    expect(gw.clients()).toEqual([{ clientId: 3, version: 176, state: 'ready', paceApi: true, queuedRequests: 0 }]);
    c.close();
  });

  it('hands out nextValidId per client id, persisting across sessions', async () => {
    gw = await testGateway();
    const a = await RawClient.ready(gw.port, 1);
    expect(a.received.find((m) => m[0] === '9')).toEqual(['9', '1', '1']);
    a.sendWire('3|1|0|AAPL|STK||0.0|||SMART||USD|||||BUY|10|LMT|1.0||GTC||||0||1|0|0|0|0|0|0|0||0|||||||0||-1|0|||0|||0|0||0||||||0|||||0|||||||||||0|||0|0|||0||0|0|0|0|||||||0|||||||||0|0|0|0|||0|||');
    await a.waitFor((m) => m[0] === '3');
    a.sendWire('8|1|-1|');
    expect(await a.waitFor((m) => m[0] === '9')).toEqual(['9', '1', '2']);
    a.close();
    await a.waitClosed();
    // Each nextValidId is fresh and above every id the client used or was given (1, then 2).
    const b = await RawClient.ready(gw.port, 1);
    expect(b.received.find((m) => m[0] === '9')?.[2]).toBe('3');
    const other = await RawClient.ready(gw.port, 2);
    expect(other.received.find((m) => m[0] === '9')?.[2]).toBe('1');
    b.close();
    other.close();
  });

  it('announces the simulation to clients in live mode', async () => {
    gw = await testGateway({ mode: 'live', engine: undefined });
    const c = await RawClient.ready(gw.port, 1);
    const notice = await c.waitFor((m) => m[0] === '4' && m[3] === '2100');
    expect(notice[4]).toMatch(/SIMULATED IB Gateway/);
    expect(c.received[1]?.[2]).toMatch(/^U/);
    c.close();
  });
});
