// A tiny raw TWS API client for integration tests: writes exact bytes, reads frames as
// field arrays, and waits for messages or for the server to close the socket.
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { InboundParser, encodeClientHello, encodeFrame } from '../../src/protocol/index.ts';

export type Msg = string[];

/** Turns the doc's `a|b|c|` notation into a field array. */
export const fields = (s: string): Msg => s.split('|').slice(0, -1);
export const wire = (m: readonly string[]): string => `${m.join('|')}|`;

export class RawClient {
  readonly received: Msg[] = [];
  /** Every byte received, for byte-exact assertions. */
  readonly bytes: Buffer[] = [];
  closed = false;
  private readonly parser = new InboundParser({ expectHello: false });
  private waiters: (() => void)[] = [];
  private cursor = 0;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.bytes.push(chunk);
      this.parser.push(chunk);
      for (let item = this.parser.next(); item; item = this.parser.next()) {
        if (item.kind === 'frame') this.received.push(fields(item.payload.replaceAll('\0', '|')));
      }
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host }, () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Connects, says hello, reads the server hello and starts the API; returns once bootstrap arrived. */
  static async ready(port: number, clientId: number, range: [number, number] = [157, 178], options = ''): Promise<RawClient> {
    const c = await RawClient.connect(port);
    c.write(encodeClientHello(range[0], range[1], options));
    await c.next();
    c.send(['71', '2', String(clientId), '']);
    await c.waitFor((m) => m[0] === '4' && m[3] === '2158');
    return c;
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  write(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  send(m: readonly string[]): void {
    this.socket.write(encodeFrame(m));
  }

  /** Sends the doc notation `9|8|…|` as one frame. */
  sendWire(s: string): void {
    this.send(fields(s));
  }

  /** The next message not yet consumed by next()/waitFor(). */
  async next(timeoutMs = 3000): Promise<Msg> {
    return this.waitFor(() => true, timeoutMs);
  }

  /** Waits for the first unconsumed message matching `pred`; earlier ones are skipped (kept in `received`). */
  async waitFor(pred: (m: Msg) => boolean, timeoutMs = 3000): Promise<Msg> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (this.cursor < this.received.length) {
        const m = this.received[this.cursor] ?? [];
        this.cursor += 1;
        if (pred(m)) return m;
      }
      if (this.closed) throw new Error(`connection closed while waiting; received: ${this.received.map(wire).join(' ; ').slice(-600)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting; received: ${this.received.map(wire).join(' ; ').slice(-600)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Collects messages until one matches `end` (inclusive). */
  async until(end: (m: Msg) => boolean, timeoutMs = 3000): Promise<Msg[]> {
    const out: Msg[] = [];
    await this.waitFor((m) => {
      out.push(m);
      return end(m);
    }, timeoutMs);
    return out;
  }

  async waitClosed(timeoutMs = 3000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('server did not close the connection');
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.socket.destroy();
  }
}
