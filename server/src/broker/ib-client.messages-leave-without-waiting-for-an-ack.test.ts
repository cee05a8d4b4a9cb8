// Scenario: a read sent right after a request that gets no answer (a cancel) waited ~40 ms for the
// gateway's delayed ACK, because the library's socket kept Nagle's algorithm on (found by
// bench/intake). Every socket a Kairox IB client opens has no-delay set.
import net from 'node:net';
import { afterEach, expect, it, vi } from 'vitest';
import { createIbClient, retireIbClient, type IBApi } from './ib-client.ts';

let server: net.Server | undefined;
let api: IBApi | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  if (api) retireIbClient(api);
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

it('sets no-delay on the socket it opens to the gateway', async () => {
  const noDelay = vi.spyOn(net.Socket.prototype, 'setNoDelay');
  const accepted = new Promise<void>((resolve) => {
    server = net.createServer((socket) => {
      socket.on('error', () => undefined);
      resolve();
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server?.address() as net.AddressInfo;
  api = createIbClient({ host: '127.0.0.1', port, clientId: 1, onInternalError: () => undefined });
  api.connect();
  await accepted;
  // Only the client side calls it: Node's server sockets keep their default.
  expect(noDelay).toHaveBeenCalledWith(true);
});
