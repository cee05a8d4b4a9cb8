// A loopback proxy that lowers the top of a client's `v<min>..<max>` hello, so an unmodified
// client that would negotiate 178 lands on 176 or 177 instead. @stoqey/ib always offers
// v100..193 and has no option for it; the simulator answers min(clientMax, 178). Everything
// after the hello is passed through untouched, so the client really runs at that version.
import { connect, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';

const HELLO_PREFIX = Buffer.from('API\0');

export interface VersionCapProxy {
  readonly port: number;
  close(): Promise<void>;
}

/** The hello with its version range capped at `maxVersion`, or undefined while incomplete. */
export function capHello(bytes: Buffer, maxVersion: number): { hello: Buffer; rest: Buffer } | undefined {
  if (bytes.length < 8) return undefined;
  if (!bytes.subarray(0, 4).equals(HELLO_PREFIX)) throw new Error('client did not start with API\\0');
  const len = bytes.readUInt32BE(4);
  if (bytes.length < 8 + len) return undefined;
  const text = bytes.subarray(8, 8 + len).toString('latin1');
  const m = /^v(\d+)(?:\.\.(\d+))?(.*)$/s.exec(text);
  if (!m) throw new Error(`unexpected hello ${JSON.stringify(text)}`);
  const min = Number(m[1]);
  const max = Math.min(Number(m[2] ?? m[1]), maxVersion);
  const capped = Buffer.from(`v${min}..${max}${m[3] ?? ''}`, 'latin1');
  const prefix = Buffer.alloc(8);
  HELLO_PREFIX.copy(prefix);
  prefix.writeUInt32BE(capped.length, 4);
  return { hello: Buffer.concat([prefix, capped]), rest: bytes.subarray(8 + len) };
}

export async function startVersionCapProxy(target: { host: string; port: number }, maxVersion: number): Promise<VersionCapProxy> {
  const sockets = new Set<Socket>();
  const track = (s: Socket): void => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  };
  const server: Server = createServer((client) => {
    track(client);
    const upstream = connect({ host: target.host, port: target.port });
    track(upstream);
    const end = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
    let pending: Buffer | undefined = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      if (pending === undefined) {
        upstream.write(chunk);
        return;
      }
      pending = Buffer.concat([pending, chunk]);
      const done = capHello(pending, maxVersion);
      if (done === undefined) return;
      pending = undefined;
      upstream.write(Buffer.concat([done.hello, done.rest]));
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  if (typeof addr !== 'object' || addr === null) throw new Error('proxy has no address');
  return {
    port: addr.port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
