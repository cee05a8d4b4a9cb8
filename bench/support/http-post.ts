// Shared by the benchmarks: a JSON POST over kept-alive loopback sockets, written and read by hand.
// node:http's client costs ~0.6 ms of CPU a request (11-17 % of a core at 200/s, bench/intake),
// and the senders share the machine's two cores with what is measured; this costs a fraction of
// that. It speaks only what Kairox answers: HTTP/1.1 with Content-Length, one request at a time
// on each socket (no pipelining).
import net from 'node:net';

export interface PostAnswer { status: number; headers: Record<string, string>; body: unknown }

interface Pending { resolve: (answer: PostAnswer) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }

/** One kept-alive socket: a request goes out only when the previous answer is read. */
class Connection {
  readonly socket: net.Socket;
  private buffer: Buffer = Buffer.alloc(0);
  private pending: Pending | undefined;
  private closed = false;

  constructor(host: string, port: number, private readonly onIdle: (c: Connection) => void) {
    this.socket = net.connect({ host, port, noDelay: true });
    this.socket.on('data', (chunk: Buffer) => this.read(chunk));
    this.socket.on('error', (error) => this.fail(error));
    this.socket.on('close', () => this.fail(new Error('the server closed the connection')));
  }

  get usable(): boolean {
    return !this.closed;
  }

  send(request: string, timeoutMs: number, resolve: Pending['resolve'], reject: Pending['reject']): void {
    const timer = setTimeout(() => this.fail(Object.assign(new Error('timed out'), { name: 'TimeoutError' })), timeoutMs);
    this.pending = { resolve, reject, timer };
    this.socket.write(request);
  }

  private read(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const end = this.buffer.indexOf('\r\n\r\n');
    if (end < 0) return;
    const head = this.buffer.subarray(0, end).toString('latin1').split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of head.slice(1)) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const length = Number(headers['content-length'] ?? Number.NaN);
    if (!Number.isFinite(length)) return this.fail(new Error(`an answer without Content-Length: ${head[0] ?? ''}`));
    if (this.buffer.length < end + 4 + length) return;
    const body = this.buffer.subarray(end + 4, end + 4 + length).toString('utf8');
    this.buffer = this.buffer.subarray(end + 4 + length);
    const pending = this.pending;
    this.pending = undefined;
    if (!pending) return;
    clearTimeout(pending.timer);
    try {
      pending.resolve({ status: Number(head[0]?.split(' ')[1] ?? 0), headers, body: JSON.parse(body) as unknown });
    } catch (error) {
      pending.reject(error as Error);
    }
    if (headers['connection']?.toLowerCase() === 'close') this.fail(new Error('the server closed the connection'));
    else this.onIdle(this);
  }

  private fail(error: Error): void {
    if (!this.closed) {
      this.closed = true;
      this.socket.destroy();
    }
    const pending = this.pending;
    this.pending = undefined;
    if (pending) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
  }
}

/** Idle sockets by host:port; a request takes one or opens a new one. */
const idle = new Map<string, Connection[]>();

export function postJson(url: string, payload: unknown, headers: Record<string, string>, timeoutMs: number): Promise<PostAnswer> {
  const target = new URL(url);
  const key = target.host;
  const body = JSON.stringify(payload);
  const extra = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
  const request = `POST ${target.pathname}${target.search} HTTP/1.1\r\nhost: ${key}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`;
  return new Promise((resolve, reject) => {
    const pool = idle.get(key) ?? [];
    idle.set(key, pool);
    let connection = pool.pop();
    while (connection && !connection.usable) connection = pool.pop();
    connection ??= new Connection(target.hostname, Number(target.port), (c) => pool.push(c));
    connection.send(request, timeoutMs, resolve, reject);
  });
}
