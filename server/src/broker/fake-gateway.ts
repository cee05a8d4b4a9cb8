// A hand-driven TWS endpoint for tests of behaviour the simulator will not produce on purpose:
// silence after accept, a handshake without bootstrap, a malformed message. Loopback, port 0.
import { createServer, type Server, type Socket } from 'node:net';

export function frame(fields: (string | number)[]): Buffer {
  const payload = Buffer.from(fields.map((f) => `${f}\0`).join(''), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(payload.length);
  return Buffer.concat([len, payload]);
}

export interface FakeGateway { port: number; sockets: Socket[]; close(): Promise<void> }

/** `onHello` runs once the client's `API\0` hello and its START_API have arrived (or just the hello when `answerHello` is false). */
export async function fakeGateway(behaviour: { answerHello: boolean; afterStartApi?: (socket: Socket) => void }): Promise<FakeGateway> {
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => undefined);
    let buf = Buffer.alloc(0);
    let stage: 'hello' | 'startApi' | 'open' = 'hello';
    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      if (stage === 'hello' && buf.length >= 8) {
        const len = buf.readUInt32BE(4);
        if (buf.length < 8 + len) return;
        buf = buf.subarray(8 + len);
        stage = 'startApi';
        if (behaviour.answerHello) socket.write(frame([178, '20260101 09:30:00 EST']));
      }
      if (stage === 'startApi' && buf.length >= 4) {
        const len = buf.readUInt32BE(0);
        if (buf.length < 4 + len) return;
        buf = buf.subarray(4 + len);
        stage = 'open';
        behaviour.afterStartApi?.(socket);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    port,
    sockets,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
