// Byte-level framing of the TWS socket protocol (text era, server version < 201):
// the client hello `API\0` + uint32 length + `v<min>..<max>[ options]`, then
// uint32 big-endian length + NUL-terminated fields in both directions.

/** Official clients refuse longer frames (Python error 507); so do we. */
export const MAX_FRAME_LENGTH = 0xffffff;
/** A version string longer than this is not a client hello. */
export const MAX_HELLO_LENGTH = 1024;

const API_PREFIX = Buffer.from('API\0', 'latin1');
const HELLO_RE = /^v(\d{1,6})(?:\.\.(\d{1,6}))?(?: (.*))?$/s;

/** Input that breaks the protocol; the connection that sent it is closed. */
export class ProtocolViolation extends Error {
  override readonly name = 'ProtocolViolation';
}

export interface ClientHello {
  minVersion: number;
  maxVersion: number;
  /** Connect options after the space, e.g. `+PACEAPI`. */
  options: string[];
  paceApi: boolean;
}

export type InboundItem = { kind: 'hello'; hello: ClientHello } | { kind: 'frame'; payload: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Parses the text after the length prefix of the client hello. */
export function parseHelloText(text: string): ClientHello {
  const m = HELLO_RE.exec(text);
  if (!m) throw new ProtocolViolation(`malformed client hello ${JSON.stringify(text.slice(0, 40))}`);
  const minVersion = Number(m[1]);
  const maxVersion = m[2] === undefined ? minVersion : Number(m[2]);
  if (maxVersion < minVersion) throw new ProtocolViolation(`client hello range is inverted: ${text}`);
  const options = (m[3] ?? '').split(' ').filter((o) => o !== '');
  return { minVersion, maxVersion, options, paceApi: options.includes('+PACEAPI') };
}

/**
 * Incremental parser for one inbound byte stream. Feed it whatever TCP delivers with
 * `push`, then drain `next()` until it returns undefined. Chunks are only joined once a
 * whole item is present, so a 16 MiB frame arriving in small reads costs linear time.
 */
export class InboundParser {
  private chunks: Buffer[] = [];
  private total = 0;
  private helloDone = false;

  constructor(options: { expectHello?: boolean } = {}) {
    this.helloDone = options.expectHello === false;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.total += chunk.length;
  }

  /** Bytes received but not yet returned as an item (a partial hello or frame). */
  get bufferedBytes(): number {
    return this.total;
  }

  get awaitingHello(): boolean {
    return !this.helloDone;
  }

  /** Next complete item, or undefined when more bytes are needed. Throws ProtocolViolation. */
  next(): InboundItem | undefined {
    return this.helloDone ? this.nextFrame() : this.nextHello();
  }

  private head(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.total)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  private consume(n: number): Buffer {
    const buf = this.head();
    const out = buf.subarray(0, n);
    const rest = buf.subarray(n);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.total -= n;
    return out;
  }

  private nextHello(): InboundItem | undefined {
    // Check the prefix as soon as its first bytes arrive: garbage is refused at once.
    const first = this.total >= 4 ? this.head() : Buffer.concat(this.chunks, this.total);
    const seen = Math.min(4, first.length);
    if (!first.subarray(0, seen).equals(API_PREFIX.subarray(0, seen))) {
      throw new ProtocolViolation('connection did not start with API\\0 (not a TWS API v100+ client)');
    }
    if (this.total < 8) return undefined;
    const len = this.head().readUInt32BE(4);
    if (len === 0 || len > MAX_HELLO_LENGTH) throw new ProtocolViolation(`client hello length ${len} is out of range`);
    if (this.total < 8 + len) return undefined;
    const bytes = this.consume(8 + len).subarray(8);
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      throw new ProtocolViolation('client hello is not valid UTF-8');
    }
    this.helloDone = true;
    return { kind: 'hello', hello: parseHelloText(text) };
  }

  private nextFrame(): InboundItem | undefined {
    if (this.total < 4) return undefined;
    const len = this.head().readUInt32BE(0);
    if (len > MAX_FRAME_LENGTH) throw new ProtocolViolation(`frame length ${len} exceeds ${MAX_FRAME_LENGTH}`);
    if (len === 0) throw new ProtocolViolation('zero-length frame');
    if (this.total < 4 + len) return undefined;
    const payload = this.consume(4 + len).subarray(4);
    if (payload[payload.length - 1] !== 0) throw new ProtocolViolation('frame payload is not NUL-terminated');
    let text: string;
    try {
      text = utf8.decode(payload);
    } catch {
      throw new ProtocolViolation('frame payload is not valid UTF-8');
    }
    return { kind: 'frame', payload: text };
  }
}

/** Frames fields as `uint32 BE length` + `field\0`…; refuses a NUL inside a field (it would inject fields). */
export function encodeFrame(fields: readonly string[]): Buffer {
  let text = '';
  for (const f of fields) {
    if (f.includes('\0')) throw new TypeError('a field value contains NUL');
    text += `${f}\0`;
  }
  const payload = Buffer.from(text, 'utf8');
  if (payload.length > MAX_FRAME_LENGTH) throw new RangeError(`frame of ${payload.length} bytes exceeds the protocol limit`);
  const out = Buffer.allocUnsafe(4 + payload.length);
  out.writeUInt32BE(payload.length, 0);
  payload.copy(out, 4);
  return out;
}

/** The client hello bytes (`API\0` + length + version string), for clients and tests. */
export function encodeClientHello(minVersion: number, maxVersion: number, options = ''): Buffer {
  const text = `v${minVersion}..${maxVersion}${options ? ` ${options}` : ''}`;
  const body = Buffer.from(text, 'ascii');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length, 0);
  return Buffer.concat([API_PREFIX, len, body]);
}
