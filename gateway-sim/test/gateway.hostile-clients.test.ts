// Hostile or broken clients are closed one by one with a log line while a well-behaved
// client keeps trading; malformed or unknown requests get an error reply, never a crash.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { encodeClientHello, encodeFrame } from '../src/protocol/index.ts';
import type { Gateway } from '../src/server/index.ts';
import { RawClient, wire } from './support/raw-client.ts';
import { testGateway } from './support/gateway.ts';

let gw: Gateway;
let good: RawClient;
const logLines: { level: number; msg: string }[] = [];

beforeEach(async () => {
  logLines.length = 0;
  const logger = pino({ level: 'info' }, { write: (line: string) => logLines.push(JSON.parse(line) as { level: number; msg: string }) });
  gw = await testGateway({ logger, incompleteTimeoutMs: 300 });
  good = await RawClient.ready(gw.port, 1);
});
afterEach(async () => {
  good.close();
  await gw.close();
});

/** The good client still gets answers. */
async function goodClientStillServed(): Promise<void> {
  good.sendWire('49|1|');
  await good.waitFor((m) => m[0] === '49');
}

const lengthPrefix = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0, 0);
  return b;
};
const afterHello = (bytes: Buffer): Buffer => Buffer.concat([encodeClientHello(157, 178), encodeFrame(['71', '2', '9', '']), bytes]);

describe('closing hostile connections', () => {
  const cases: [string, Buffer, RegExp][] = [
    ['garbage instead of API\\0', Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'), /did not start with API/],
    ['random bytes', Buffer.from([0x13, 0x37, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x01]), /did not start with API/],
    ['a 2 GiB length prefix', afterHello(lengthPrefix(0x80000000)), /frame length 2147483648 exceeds/],
    ['a 4 GiB − 1 length prefix', afterHello(lengthPrefix(0xffffffff)), /exceeds/],
    ['a zero-length frame', afterHello(lengthPrefix(0)), /zero-length frame/],
    ['invalid UTF-8', afterHello(Buffer.concat([lengthPrefix(4), Buffer.from([0x34, 0x39, 0xff, 0x00])])), /not valid UTF-8/],
    ['a frame without its final NUL', afterHello(Buffer.concat([lengthPrefix(4), Buffer.from('49\u00001')])), /not NUL-terminated/],
    ['a hello length beyond reason', Buffer.concat([Buffer.from('API\0'), lengthPrefix(0x7fffffff)]), /hello length/],
  ];
  it.each(cases)('%s', async (_name, bytes, logPattern) => {
    const bad = await RawClient.connect(gw.port);
    bad.write(bytes);
    await bad.waitClosed();
    await goodClientStillServed();
    expect(logLines.filter((l) => logPattern.test(l.msg))).toHaveLength(1);
  });

  it('a half-sent frame left open is closed after the incomplete-frame timeout', async () => {
    const bad = await RawClient.connect(gw.port);
    bad.write(afterHello(Buffer.concat([lengthPrefix(100), Buffer.from('49\u0000')])));
    await bad.waitClosed(2000);
    await goodClientStillServed();
    expect(logLines.some((l) => /frame stayed incomplete/.test(l.msg))).toBe(true);
  });

  it('a client that never finishes the handshake is closed', async () => {
    const bad = await RawClient.connect(gw.port);
    bad.write(Buffer.from('API\0'));
    await bad.waitClosed(2000);
    expect(logLines.some((l) => /no complete API handshake/.test(l.msg))).toBe(true);
  });
});

describe('bad requests get an error reply and the connection lives on', () => {
  it('an unsupported request is answered with 321 on the request id it carries, or −1 without one', async () => {
    good.sendWire('78|4001|AAPL||STK|265598|');
    const err = await good.waitFor((m) => m[0] === '4');
    expect(err.slice(0, 4)).toEqual(['4', '2', '4001', '321']);
    expect(err[4]).toMatch(/does not support request message id 78/);
    await goodClientStillServed();
    good.sendWire('80|');
    const noId = await good.waitFor((m) => m[0] === '4' && m[3] === '321' && /message id 80/.test(m[4] ?? ''));
    expect(noId[2]).toBe('-1');
    await goodClientStillServed();
  });

  it('a truncated placeOrder is answered with 321 carrying the order id', async () => {
    good.sendWire('3|42|0|AAPL|STK||0.0|||SMART||USD|||||BUY|100|');
    const err = await good.waitFor((m) => m[0] === '4');
    expect(err.slice(0, 4)).toEqual(['4', '2', '42', '321']);
    await goodClientStillServed();
  });

  it('a request that fails to decode before its id is read is still answered on that id', async () => {
    good.sendWire('9|x|4001|0|AAPL|STK||0.0|||SMART||USD|||0||||');
    const err = await good.waitFor((m) => m[0] === '4');
    expect(err.slice(0, 4)).toEqual(['4', '2', '4001', '321']);
    expect(err[4]).toMatch(/^Error validating request\.-'bA' : cause - Could not decode message 9: /);
    await goodClientStillServed();
  });

  it('a non-numeric message id is answered with 321', async () => {
    good.sendWire('hello|world|');
    expect((await good.waitFor((m) => m[0] === '4'))[3]).toBe('321');
    await goodClientStillServed();
  });

  it('reqCurrentTimeInMillis below version 197 is refused politely', async () => {
    good.sendWire('105|');
    const err = await good.waitFor((m) => m[0] === '4');
    expect(wire(err)).toMatch(/^4\|2\|-1\|321\|Error validating request/);
  });

  it('a NUL-free echo: hostile text in an order reference cannot inject fields', async () => {
    // orderRef "x\u00e9" arrives as UTF-8 and is echoed as \u-escaped ASCII.
    good.sendWire('3|1|0|AAPL|STK||0.0|||SMART||USD|||||BUY|1|LMT|1.0||GTC||||0|r\u00e9f|1|0|0|0|0|0|0|0||0|||||||0||-1|0|||0|||0|0||0||||||0|||||0|||||||||||0|||0|0|||0||0|0|0|0|||||||0|||||||||0|0|0|0|||0|||');
    const open = await good.waitFor((m) => m[0] === '5');
    expect(open).toHaveLength(135);
    expect(open[23]).toBe('r\\u00e9f');
  });
});

describe('a failure inside the simulator', () => {
  it('answers that request with 321 and keeps the client connected', async () => {
    const original = gw.engine.positions.bind(gw.engine);
    (gw.engine as { positions: typeof original }).positions = () => {
      throw new Error('boom');
    };
    try {
      good.sendWire('61|1|');
      const err = await good.waitFor((m) => m[0] === '4');
      expect(err.slice(2, 4)).toEqual(['-1', '321']);
      expect(err[4]).toMatch(/internal simulator error while serving reqPositions/);
      await goodClientStillServed();
      expect(logLines.some((l) => l.level === 50 && /request failed inside the simulator/.test(l.msg))).toBe(true);
    } finally {
      (gw.engine as { positions: typeof original }).positions = original;
    }
  });
});
