// Child process of the intake benchmark: the simulated gateways, trading around the clock so the
// run does not depend on the hour. Kairox and the load generator stay alone in the parent.
// IPC: child → { ports };  parent → { cmd: 'cpu' } → { cpuMs } (its CPU time so far);  parent → { cmd: 'close' };  child → { closed }.
import { startGateway, type Gateway } from '@kairox/gateway-sim';

const count = Number(process.argv[2] ?? 4);
const clientsPerGateway = Number(process.argv[3] ?? 25);
const account = process.argv[4] ?? 'DU1234567';

const gateways: Gateway[] = [];
for (let i = 0; i < count; i++) {
  gateways.push(await startGateway({ port: 0, accounts: [account], seed: i + 1, hours: 'always', maxClients: clientsPerGateway + 4 }));
}
process.send?.({ ports: gateways.map((g) => g.port) });

process.on('message', (message: { cmd: string }) => {
  if (message.cmd === 'cpu') {
    const used = process.cpuUsage();
    process.send?.({ cpuMs: (used.user + used.system) / 1000 });
    return;
  }
  if (message.cmd !== 'close') return;
  void Promise.all(gateways.map((g) => g.close())).then(() => {
    process.send?.({ closed: true });
    process.exit(0);
  });
});
