// Child process of the throughput benchmark: the simulated gateway alone, so that the load
// generator's event loop and the simulator's do not share a core. IPC with the parent:
//   child → { port } once listening; parent → { cmd: 'stats' } → child → { stats }; { cmd: 'close' }.
import { parseClockSpec, startGateway } from '@kairox/gateway-sim';

const pacing = process.argv[2] === 'ib'
  ? {} // TWS's own limit: 50 messages/s per connection (+PACEAPI clients are queued, not refused)
  : { maxPerSecond: 1_000_000_000, burst: 1_000_000_000 };

// A Tuesday at 10:00 New York time, running at real speed: regular trading hours whatever the wall clock says.
const clock = parseClockSpec('accelerated:1@2026-11-24T15:00:00Z');
const gateway = await startGateway({ port: 0, accounts: ['DU1234567'], seed: 1, clock, pacing, maxClients: 64 });
process.send?.({ port: gateway.port });

const cpuStart = process.cpuUsage();
process.on('message', (message: { cmd: string }) => {
  if (message.cmd === 'stats') {
    const cpu = process.cpuUsage(cpuStart);
    process.send?.({ stats: { cpuUserMs: cpu.user / 1000, cpuSystemMs: cpu.system / 1000, rssMb: process.memoryUsage().rss / 1048576 } });
  } else if (message.cmd === 'close') {
    void gateway.close().then(() => process.exit(0));
  }
});
