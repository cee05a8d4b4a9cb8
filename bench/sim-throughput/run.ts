// Benchmark: orders acknowledged and filled per second by the simulated IB Gateway.
// Raw TWS-protocol clients (no client library, so no client-side rate limiter is measured) send
// market orders for 1 share of AAPL, alternating BUY and SELL so the account never runs out of
// buying power, each client keeping up to --window orders in flight. The gateway runs in a child
// process. Every run is bounded in orders and in time.
//
//   npx tsx bench/sim-throughput/run.ts [--orders 20000] [--clients 50] [--window 100]
//
// Scenarios: one client with +PACEAPI, and --clients concurrent clients, both with the 50 msg/s
// per-connection pacing lifted (to measure the simulator, not IB's limit), then the same
// concurrent clients under IB's real pacing (50 msg/s each, +PACEAPI queueing) for reference.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { protocol } from '@kairox/gateway-sim';
import { intArg, machine } from '../support/args.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

const ORDERS = intArg('orders', 20_000);
const CLIENTS = intArg('clients', 50);
const WINDOW = intArg('window', 100);
const TIME_LIMIT_MS = intArg('seconds', 60) * 1000;
const PACED_SECONDS = intArg('paced-seconds', 5);

// The official Python client's MKT order at server version 178 (tws-protocol.md §4.4), as fields.
const MKT_TEMPLATE = '3|12|0|AAPL|STK||0.0|||SMART||USD|||||BUY|100|MKT|||||||0||1|0|0|0|0|0|0|0||0|||||||0||-1|0|||0|||0|0||0||||||0|||||0|||||||||||0|||0|0|||0||0|0|0|0||1.7976931348623157e+308|1.7976931348623157e+308|1.7976931348623157e+308|1.7976931348623157e+308|1.7976931348623157e+308|0||||1.7976931348623157e+308|||||0|0|0||2147483647|2147483647|0||'.split('|');
const F = { orderId: 1, conId: 2, action: 16, quantity: 17, outsideRth: 33 } as const;

function placeOrderFrame(orderId: number, action: 'BUY' | 'SELL'): Buffer {
  const fields = [...MKT_TEMPLATE];
  fields[F.orderId] = String(orderId);
  fields[F.conId] = '265598';
  fields[F.action] = action;
  fields[F.quantity] = '1';
  fields[F.outsideRth] = '1';
  return protocol.encodeFrame(fields);
}

/** Splits the server's length-prefixed frames into field arrays. */
function frameSplitter(onFrame: (fields: string[]) => void): (chunk: Buffer) => void {
  let buf: Buffer = Buffer.alloc(0);
  return (chunk) => {
    buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
    let offset = 0;
    while (buf.length - offset >= 4) {
      const len = buf.readUInt32BE(offset);
      if (buf.length - offset < 4 + len) break;
      const fields = buf.toString('utf8', offset + 4, offset + 4 + len).split('\0');
      fields.pop();
      onFrame(fields);
      offset += 4 + len;
    }
    buf = buf.subarray(offset);
  };
}

interface ClientResult { acked: number; filled: number; ackLatencyMs: number[]; fillLatencyMs: number[] }

/** One raw client: handshake, wait for nextValidId, then keep `window` orders in flight until `orders` are filled. */
function runClient(port: number, clientId: number, orders: number, window: number, deadline: number): Promise<ClientResult> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    const result: ClientResult = { acked: 0, filled: 0, ackLatencyMs: [], fillLatencyMs: [] };
    const sentAt = new Map<number, number>();
    const acked = new Set<number>();
    let nextId = 0;
    let sent = 0;
    let inFlight = 0;
    let ready = false;
    const finish = () => {
      socket.destroy();
      clearTimeout(timer);
      resolve(result);
    };
    const timer = setTimeout(finish, Math.max(0, deadline - Date.now()));
    const pump = () => {
      const frames: Buffer[] = [];
      while (inFlight < window && sent < orders) {
        const id = nextId++;
        frames.push(placeOrderFrame(id, sent % 2 === 0 ? 'BUY' : 'SELL'));
        sentAt.set(id, performance.now());
        sent++;
        inFlight++;
      }
      if (frames.length > 0) socket.write(Buffer.concat(frames));
    };
    socket.on('data', frameSplitter((f) => {
      if (f.length === 2 && !ready) {
        // Server hello (version, time): start the API session.
        socket.write(protocol.encodeFrame(['71', '2', String(clientId), '']));
        return;
      }
      const msgId = f[0];
      if (msgId === '9' && !ready) {
        nextId = Number(f[2]);
        ready = true;
        pump();
      } else if (msgId === '3') {
        const id = Number(f[1]);
        const t0 = sentAt.get(id);
        if (t0 === undefined) return;
        if (!acked.has(id)) {
          acked.add(id);
          result.acked++;
          result.ackLatencyMs.push(performance.now() - t0);
        }
        if (f[2] === 'Filled') {
          result.filled++;
          result.fillLatencyMs.push(performance.now() - t0);
          sentAt.delete(id);
          acked.delete(id);
          inFlight--;
          if (result.filled >= orders) finish();
          else pump();
        }
      } else if (msgId === '4' && Number(f[3]) < 2100 && Number(f[2]) >= 0) {
        reject(new Error(`client ${clientId}: error ${f[3]} ${f[4]} for id ${f[2]}`));
        finish();
      }
    }));
    socket.on('error', reject);
    socket.write(protocol.encodeClientHello(100, 178, '+PACEAPI'));
  });
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

function startGatewayProcess(pacing: 'lifted' | 'ib'): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(path.join(here, 'gateway-process.ts'), [pacing], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('message', (m: { port: number }) => resolve({ child, port: m.port }));
  });
}

function ask<T>(child: ChildProcess, cmd: string, key: string): Promise<T> {
  return new Promise((resolve) => {
    const on = (m: Record<string, unknown>) => {
      if (key in m) {
        child.off('message', on);
        resolve(m[key] as T);
      }
    };
    child.on('message', on);
    child.send({ cmd });
  });
}

async function scenario(name: string, pacing: 'lifted' | 'ib', clients: number, ordersPerClient: number, limitMs: number) {
  const { child, port } = await startGatewayProcess(pacing);
  const started = performance.now();
  const deadline = Date.now() + limitMs;
  const results = await Promise.all(Array.from({ length: clients }, (_, i) => runClient(port, 100 + i, ordersPerClient, WINDOW, deadline)));
  const seconds = (performance.now() - started) / 1000;
  const gatewayStats = await ask<{ cpuUserMs: number; cpuSystemMs: number; rssMb: number }>(child, 'stats', 'stats');
  child.send({ cmd: 'close' });
  const acked = results.reduce((n, r) => n + r.acked, 0);
  const filled = results.reduce((n, r) => n + r.filled, 0);
  const ack = results.flatMap((r) => r.ackLatencyMs);
  const fill = results.flatMap((r) => r.fillLatencyMs);
  const row = {
    scenario: name, pacing: pacing === 'ib' ? '50 msg/s per connection (+PACEAPI queues)' : 'lifted', clients, window: WINDOW,
    ordersRequested: clients * ordersPerClient, acked, filled, seconds: round(seconds, 2),
    ackedPerSecond: Math.round(acked / seconds), filledPerSecond: Math.round(filled / seconds),
    ackLatencyMs: { p50: round(percentile(ack, 50)), p99: round(percentile(ack, 99)) },
    fillLatencyMs: { p50: round(percentile(fill, 50)), p99: round(percentile(fill, 99)) },
    gatewayCpuSeconds: round((gatewayStats.cpuUserMs + gatewayStats.cpuSystemMs) / 1000, 2), gatewayRssMb: round(gatewayStats.rssMb),
  };
  console.log(`${name}: ${row.filledPerSecond} orders/s filled, ${row.ackedPerSecond}/s acknowledged (${filled}/${row.ordersRequested} in ${row.seconds} s); ack p50 ${row.ackLatencyMs.p50} ms p99 ${row.ackLatencyMs.p99} ms; fill p50 ${row.fillLatencyMs.p50} ms p99 ${row.fillLatencyMs.p99} ms; gateway CPU ${row.gatewayCpuSeconds} s, RSS ${row.gatewayRssMb} MB`);
  return row;
}

const host = machine();
console.log(`machine: ${host.cpuModel}, ${host.cpus} cores, ${host.memGiB} GiB, Node ${host.node}`);

const rows = [
  await scenario('one client, +PACEAPI, pacing lifted', 'lifted', 1, ORDERS, TIME_LIMIT_MS),
  await scenario(`${CLIENTS} concurrent clients, pacing lifted`, 'lifted', CLIENTS, Math.ceil(ORDERS / CLIENTS), TIME_LIMIT_MS),
  await scenario(`${CLIENTS} concurrent clients, IB pacing (50 msg/s each)`, 'ib', CLIENTS, 50 * PACED_SECONDS, (PACED_SECONDS + 10) * 1000),
];

const outDir = path.resolve(here, '../results');
mkdirSync(outDir, { recursive: true });
const report = { benchmark: 'sim-throughput', at: new Date().toISOString(), machine: host, load: { orders: ORDERS, clients: CLIENTS, window: WINDOW, order: 'MKT 1 AAPL, alternating BUY/SELL, outsideRth' }, results: rows };
writeFileSync(path.join(outDir, 'sim-throughput.json'), `${JSON.stringify(report, null, 2)}\n`);
const md = [
  '# sim-throughput',
  '',
  `${report.at} — ${host.cpuModel}, ${host.cpus} cores, ${host.memGiB} GiB, Node ${host.node}. Gateway in its own process; raw TWS-protocol clients in another.`,
  `Load: ${report.load.order}; up to ${WINDOW} orders in flight per client.`,
  '',
  '| scenario | pacing | filled/s | acked/s | ack p50 / p99 ms | fill p50 / p99 ms | gateway CPU s |',
  '|---|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.scenario} | ${r.pacing} | ${r.filledPerSecond} | ${r.ackedPerSecond} | ${r.ackLatencyMs.p50} / ${r.ackLatencyMs.p99} | ${r.fillLatencyMs.p50} / ${r.fillLatencyMs.p99} | ${r.gatewayCpuSeconds} |`),
  '',
].join('\n');
writeFileSync(path.join(outDir, 'sim-throughput.md'), md);
console.log(`written: bench/results/sim-throughput.json, bench/results/sim-throughput.md`);
