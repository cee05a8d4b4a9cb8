import { describe, expect, it } from 'vitest';
import { InboundParser, MAX_FRAME_LENGTH, ProtocolViolation, encodeClientHello, encodeFrame, parseHelloText } from './framing.ts';

const drain = (p: InboundParser): unknown[] => {
  const out: unknown[] = [];
  for (let item = p.next(); item; item = p.next()) out.push(item);
  return out;
};

const lengthPrefix = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n, 0);
  return b;
};

describe('client hello', () => {
  it('parses ranges, single versions and connect options', () => {
    expect(parseHelloText('v100..176')).toEqual({ minVersion: 100, maxVersion: 176, options: [], paceApi: false });
    expect(parseHelloText('v200')).toMatchObject({ minVersion: 200, maxVersion: 200 });
    expect(parseHelloText('v100..193 +PACEAPI')).toMatchObject({ options: ['+PACEAPI'], paceApi: true });
    expect(() => parseHelloText('hello')).toThrow(ProtocolViolation);
  });

  it('matches the documented hello bytes', () => {
    expect(encodeClientHello(100, 176).toString('hex')).toBe('41504900' + '00000009' + Buffer.from('v100..176').toString('hex'));
  });

  it('reassembles a hello split byte by byte and coalesced with START_API', () => {
    const bytes = Buffer.concat([encodeClientHello(157, 178), encodeFrame(['71', '2', '7', ''])]);
    const p = new InboundParser();
    const items: unknown[] = [];
    for (const byte of bytes) {
      p.push(Buffer.from([byte]));
      items.push(...drain(p));
    }
    expect(items).toEqual([
      { kind: 'hello', hello: { minVersion: 157, maxVersion: 178, options: [], paceApi: false } },
      { kind: 'frame', payload: '71\u00002\u00007\u0000\u0000' },
    ]);
    expect(p.bufferedBytes).toBe(0);
  });

  it('refuses garbage at the first differing byte', () => {
    const p = new InboundParser();
    p.push(Buffer.from('GET / HTTP/1.1\r\n'));
    expect(() => p.next()).toThrow(/API/);
    const q = new InboundParser();
    q.push(Buffer.from('AP'));
    expect(q.next()).toBeUndefined();
    q.push(Buffer.from('X'));
    expect(() => q.next()).toThrow(ProtocolViolation);
  });
});

describe('frames', () => {
  const ready = (): InboundParser => new InboundParser({ expectHello: false });

  it('splits several frames from one chunk and waits for a partial one', () => {
    const p = ready();
    const a = encodeFrame(['49', '1']);
    const b = encodeFrame(['8', '1', '-1']);
    p.push(Buffer.concat([a, b.subarray(0, 5)]));
    expect(drain(p)).toEqual([{ kind: 'frame', payload: '49\u00001\u0000' }]);
    p.push(b.subarray(5));
    expect(drain(p)).toEqual([{ kind: 'frame', payload: '8\u00001\u0000-1\u0000' }]);
  });

  it('treats oversize, zero-length, unterminated and non-UTF-8 frames as violations', () => {
    const cases: Buffer[] = [
      lengthPrefix(MAX_FRAME_LENGTH + 1),
      lengthPrefix(0x80000000),
      lengthPrefix(0),
      Buffer.concat([lengthPrefix(2), Buffer.from('49')]),
      Buffer.concat([lengthPrefix(3), Buffer.from([0xc3, 0x28, 0x00])]),
    ];
    for (const bytes of cases) {
      const p = ready();
      p.push(bytes);
      expect(() => p.next()).toThrow(ProtocolViolation);
    }
  });

  it('accepts a frame of exactly the maximum length', () => {
    const p = ready();
    const body = Buffer.alloc(MAX_FRAME_LENGTH, 0x61);
    body[MAX_FRAME_LENGTH - 1] = 0;
    p.push(lengthPrefix(MAX_FRAME_LENGTH));
    for (let i = 0; i < body.length; i += 65536) p.push(body.subarray(i, i + 65536));
    const item = p.next();
    expect(item?.kind).toBe('frame');
  });

  it('encodes fields with a trailing NUL each and refuses an embedded NUL', () => {
    expect(encodeFrame(['9', '1', '5']).toString('latin1')).toBe('\u0000\u0000\u0000\u00069\u00001\u00005\u0000');
    expect(() => encodeFrame(['a\u0000b'])).toThrow(TypeError);
  });
});
