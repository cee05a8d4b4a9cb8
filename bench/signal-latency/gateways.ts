// Child process of the signal-latency benchmark: the simulated gateways (trading around the clock,
// so every MKT order is accepted whatever the hour), with a listener on each engine's placeOrder.
// The gateway calls placeOrder synchronously as soon as it has decoded the frame from the socket,
// so the listener's reading of epochNow() is the frame's arrival at the simulator, on this process's
// monotonic clock (the parent maps it onto its own time line, bench/support/clock.ts). The engine's
// own order log (receivedAtMs) has only whole milliseconds of the simulated clock, too coarse here;
// it is still what counts orders and duplicates, independently of the listener.
// IPC: child → { ports }; parent → { cmd: 'drain' } → { drained: { arrivals, cpuMs } } (arrivals since the
// last drain; this process's CPU since it started);
// parent → { cmd: 'log' } → { log: LoggedOrder[] }; parent → { cmd: 'close' } → { closed }; clock pings.
import { startGateway, type Gateway } from '@kairox/gateway-sim';
import { answerClockPings, epochNow } from '../support/clock.ts';

export interface Arrival { orderRef: string; clientId: number; orderId: number; atMs: number }
export interface LoggedOrder { orderRef: string; status: string; error?: string }

const count = Number(process.argv[2] ?? 4);
const clientsPerGateway = Number(process.argv[3] ?? 50);
const account = process.argv[4] ?? 'DU1234567';

let arrivals: Arrival[] = [];
const gateways: Gateway[] = [];
for (let i = 0; i < count; i++) {
  const gateway = await startGateway({ port: 0, accounts: [account], seed: i + 1, hours: 'always', maxClients: clientsPerGateway + 4 });
  // Own property over the prototype's method: the gateway's dispatch calls this same engine object.
  const engine = gateway.engine;
  const place = engine.placeOrder.bind(engine);
  engine.placeOrder = (clientId, orderId, contract, input) => {
    arrivals.push({ orderRef: input.orderRef ?? '', clientId, orderId, atMs: epochNow() });
    return place(clientId, orderId, contract, input);
  };
  gateways.push(gateway);
}
answerClockPings();
// The parent gone (crashed, killed), nothing is left running behind it.
process.on('disconnect', () => process.exit(0));
process.send?.({ ports: gateways.map((g) => g.port) });

process.on('message', (message: { cmd?: string }) => {
  if (message.cmd === 'drain') {
    const cpu = process.cpuUsage();
    process.send?.({ drained: { arrivals, cpuMs: Math.round((cpu.user + cpu.system) / 1000) } });
    arrivals = [];
  } else if (message.cmd === 'log') {
    const log: LoggedOrder[] = gateways.flatMap((g) => g.orders().map((o) => ({ orderRef: o.orderRef, status: o.status, ...(o.error && { error: `${o.error.code} ${o.error.message}` }) })));
    process.send?.({ log });
  } else if (message.cmd === 'close') {
    void Promise.all(gateways.map((g) => g.close())).then(() => {
      process.send?.({ closed: true });
      process.exit(0);
    });
  }
});
