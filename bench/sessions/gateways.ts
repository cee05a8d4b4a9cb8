// Child process of the sessions benchmark: runs the simulated gateways, so the parent's memory
// and event loop measure Kairox's sessions alone. Talks to the parent over IPC:
//   parent → { cmd: 'restart', seconds } | { cmd: 'close' };  child → { ports } | { restarted } | { closed }.
import { startGateway, type Gateway } from '@kairox/gateway-sim';

const count = Number(process.argv[2] ?? 4);
const perGateway = Number(process.argv[3] ?? 250);

const gateways: Gateway[] = [];
for (let i = 0; i < count; i++) {
  gateways.push(await startGateway({ port: 0, accounts: ['DU1234567'], seed: i + 1, maxClients: perGateway + 8, incompleteTimeoutMs: 30_000 }));
}
process.send?.({ ports: gateways.map((g) => g.port) });

process.on('message', (message: { cmd: string; seconds?: number }) => {
  void (async () => {
    if (message.cmd === 'restart') {
      await Promise.all(gateways.map((g) => g.restart(message.seconds ?? 1)));
      process.send?.({ restarted: Date.now() });
    } else if (message.cmd === 'close') {
      await Promise.all(gateways.map((g) => g.close()));
      process.send?.({ closed: true });
      process.exit(0);
    }
  })();
});
