// Benchmark (issue 8): a signal sent to POST /api/signals or to a webhook, until its decision is
// committed (SQLite, synchronous=FULL) and answered. Kairox runs in this process (worker included,
// temporary data directory), the simulated gateways in one child process and the senders in another
// (load.ts: open-loop, half over POST /api/signals, half to webhooks, over real HTTP on loopback);
// 100 connections, all ready before measuring. Afterwards every answered signal is looked up in the
// database with its decision. Before each of Kairox's phases the same senders drive the floor
// (floor-server.ts: HTTP plus one durable SQLite commit, nothing else) at the same rate, so each
// percentile is also given as what Kairox adds to it.
// Usage: npm run bench:intake -- [--connections 100] [--gateways 4] [--low-rate 20] [--low-seconds 30]
//                                 [--high-rate 200] [--high-seconds 15] [--deny-every 10]
// Describe what else runs on the machine in BENCH_LOAD.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { loadConfig } from '../../server/src/common/config.ts';
import { createKairox } from '../../server/src/main.ts';
import { message } from '../support/ipc.ts';
import { benchApi } from '../support/kairox-api.ts';
import { intArg, machine } from '../support/args.ts';
import { ibReads, sqliteCommit } from './breakdown.ts';
import type { Batch, LoadCommand, Sample, Target } from './load.ts';
import { countBy, latencyStats, type LatencyStats } from './stats.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const CONNECTIONS = intArg('connections', 100);
const GATEWAYS = intArg('gateways', 4);
const PHASES = [
  { rate: intArg('low-rate', 20), seconds: intArg('low-seconds', 30) },
  { rate: intArg('high-rate', 200), seconds: intArg('high-seconds', 15) },
];
const DENY_EVERY = intArg('deny-every', 10);
const ACCOUNT = 'DU1234567';
/** Approved on every connection; signals cycle through them. */
const SYMBOLS = [
  { symbol: 'AAPL', conId: 265598 }, { symbol: 'MSFT', conId: 272093 }, { symbol: 'NVDA', conId: 4815747 }, { symbol: 'IBM', conId: 8314 },
];
/** Generous enough that every signal but the deliberately oversized ones is prepared. */
const POLICY = {
  maxOrderQuantity: 1000, maxOrderNotional: 10_000_000, maxPositionQuantity: 1_000_000, maxPositionNotional: 100_000_000,
  maxGrossExposure: 1_000_000_000, maxOpenPositions: 1000, maxOrdersPerMinute: 1_000_000, maxOrdersPerDay: 1_000_000, maxDailyLoss: 1_000_000,
};
const DENIED_QTY = 5000;
const REQUEST_TIMEOUT_MS = 10_000;
const RUN_LIMIT_MS = 240_000;
const SEQUENTIAL_PER_DOOR = 20;

// Bounded: a run that hangs (a gateway that never answers) ends with a message, not forever.
setTimeout(() => {
  console.error(`bench:intake did not finish within ${RUN_LIMIT_MS / 1000} s; stopping`);
  process.exit(2);
}, RUN_LIMIT_MS).unref();


const loadBefore = os.loadavg();
const child = fork(path.join(here, 'gateways.ts'), [String(GATEWAYS), String(Math.ceil(CONNECTIONS / GATEWAYS)), ACCOUNT], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
const ports = await message<number[]>(child, 'ports');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kairox-bench-intake-'));
const floorServer = fork(path.join(here, 'floor-server.ts'), [path.join(dir, 'floor')], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
const floorBase = `http://127.0.0.1:${await message<number>(floorServer, 'port')}`;
const kairox = await createKairox(loadConfig({
  KAIROX_DATA_DIR: dir, KAIROX_LOG_LEVEL: 'silent',
  // Each webhook gets a few deliveries a second here; the per-sender allowance is not what is measured.
  KAIROX_WEBHOOK_RATE_PER_MINUTE: '10000',
} as NodeJS.ProcessEnv), { worker: true });
const base = await kairox.app.listen({ host: '127.0.0.1', port: 0 });
await kairox.worker?.start();

// Set-up through the API (in-process inject): owner, API token, connections, instruments, policy, webhooks.
const { authorization, call: api } = await benchApi(kairox);

const connectionIds: string[] = [];
for (let i = 0; i < CONNECTIONS; i++) {
  const port = ports[i % GATEWAYS] ?? 0;
  const clientId = 100 + Math.floor(i / GATEWAYS);
  const created = await api<{ connection: { id: string } }>('POST', '/api/connections', { hostPort: `127.0.0.1:${port}`, clientId, accountId: ACCOUNT });
  connectionIds.push(created.connection.id);
}
const readyStarted = performance.now();
for (;;) {
  const { connections } = await api<{ connections: Array<{ status: { state?: string } | null }> }>('GET', '/api/connections');
  const ready = connections.filter((c) => c.status?.state === 'ready').length;
  if (ready === CONNECTIONS) break;
  if (performance.now() - readyStarted > 60_000) throw new Error(`only ${ready} of ${CONNECTIONS} connections ready after 60 s`);
  await new Promise((r) => setTimeout(r, 100));
}
const allReadyMs = Math.round(performance.now() - readyStarted);

async function inBatches<T, R>(items: readonly T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  return out;
}
const targets: Target[] = await inBatches(connectionIds, 10, async (connectionId) => {
  for (const s of SYMBOLS) await api('POST', '/api/instruments', { connectionId, conId: s.conId });
  await api('PUT', `/api/connections/${connectionId}/risk`, POLICY);
  const hook = await api<{ webhook: { id: string }; secret: string }>('POST', '/api/webhooks', { connectionId, name: 'bench' });
  return { connectionId, hookUrl: `${base}/hooks/${hook.webhook.id}/${hook.secret}` };
});

const senders = fork(path.join(here, 'load.ts'), [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
await message(senders, 'listening');
let senderCpuMs = 0;
async function load(command: LoadCommand): Promise<Sample[]> {
  const answer = message<Batch>(senders, 'done');
  senders.send(command);
  const batch = await answer;
  senderCpuMs += batch.senderCpuMs;
  return batch.samples;
}
const kairoxSettings = { base, authorization, targets, symbols: SYMBOLS.map((s) => s.symbol), denyEvery: DENY_EVERY, deniedQty: DENIED_QTY, requestTimeoutMs: REQUEST_TIMEOUT_MS };
const floorSettings = { ...kairoxSettings, base: floorBase, targets: targets.map((t, i) => ({ connectionId: t.connectionId, hookUrl: `${floorBase}/hooks/floor-${i}/secret` })) };
await load({ configure: floorSettings });
await load({ warm: { count: targets.length * 2, concurrency: 8, firstN: 9_000_000 } });
await load({ configure: kairoxSettings });

// Warm-up (not measured): each connection, door and symbol once, so first-use costs stay out.
const warm = await load({ warm: { count: targets.length * 2 * SYMBOLS.length, concurrency: 8, firstN: 1_000_000 } });
const warmFailures = warm.filter((s) => s.status !== 202);
if (warmFailures.length > 0) throw new Error(`warm-up: ${warmFailures.length} signals not answered 202, e.g. ${JSON.stringify(warmFailures[0])}`);

/** What the ready sessions cost with no signals (heartbeats, the engine's ticks reaching them). */
async function idleCpu(ms: number): Promise<number> {
  const before = process.cpuUsage();
  await new Promise((r) => setTimeout(r, ms));
  const used = process.cpuUsage(before);
  return Math.round(((used.user + used.system) / 1000 / ms) * 100);
}

// Unloaded floors: one signal at a time through each door, then intake's IB reads and a bare commit.
const sequential = await load({ sequential: { count: 2 * SEQUENTIAL_PER_DOOR, firstN: 2_000_000 } });
const probeSession = kairox.worker?.session(targets[0]?.connectionId ?? '');
if (!probeSession) throw new Error('no running session to time the IB reads on');
const breakdown = {
  note: 'sequential, before the load: one request at a time, so no queueing is included',
  endToEndMs: {
    api: latencyStats(sequential.filter((s) => s.door === 'api').map((s) => s.latencyMs)),
    webhook: latencyStats(sequential.filter((s) => s.door === 'webhook').map((s) => s.latencyMs)),
  },
  ibReadsMs: await ibReads(probeSession, ACCOUNT, SYMBOLS[0]?.conId ?? 265598, SEQUENTIAL_PER_DOOR),
  sqliteCommitFullMs: sqliteCommit(dir, 50),
  idleCpuPercentOfOneCore: await idleCpu(3000),
};

interface PhaseResult {
  rate: number; seconds: number; sent: number; wallSeconds: number;
  latencyMs: { all: LatencyStats; api: LatencyStats; webhook: LatencyStats };
  sendLagMs: LatencyStats; serverMs: LatencyStats; decideMs: LatencyStats; storeMs: LatencyStats; statuses: Record<string, number>; decisions: Record<string, number>; errors: Record<string, number>;
  eventLoopDelayMs: { p50: number; p99: number; max: number }; cpuPercentOfOneCore: number; sendersCpuPercentOfOneCore: number; simulatorsCpuPercentOfOneCore: number;
  floor: FloorResult; kairoxAddsMs: { p50: number; p99: number; p999: number };
}
interface FloorResult { latencyMs: LatencyStats; sendLagMs: LatencyStats; serverCpuPercentOfOneCore: number; sendersCpuPercentOfOneCore: number }
async function childCpuMs(of: typeof child): Promise<number> {
  const answer = message<number>(of, 'cpuMs');
  of.send({ cmd: 'cpu' });
  return answer;
}
/**
 * Copies Kairox's write-ahead log into its database file now, so that neither the floor nor the
 * next phase pays for the previous phase's writes: both share one ext4 journal, and a checkpoint's
 * write-back delays another process's fsync by tens of ms.
 */
async function settleKairoxDisk(): Promise<void> {
  await sql`pragma wal_checkpoint(TRUNCATE)`.execute(kairox.db.kysely);
}
/** The same rate and length against the floor server, just before Kairox's phase. */
async function floorPhase(rate: number, seconds: number): Promise<FloorResult> {
  await settleKairoxDisk();
  await load({ configure: floorSettings });
  const began = performance.now();
  const sendersBefore = senderCpuMs;
  const serverBefore = await childCpuMs(floorServer);
  const samples = await load({ phase: { rate, seconds, firstN: 9_100_000 } });
  const wallMs = performance.now() - began;
  const serverUsed = (await childCpuMs(floorServer)) - serverBefore;
  await load({ configure: kairoxSettings });
  const failed = samples.filter((s) => s.status !== 202);
  if (failed.length > 0) throw new Error(`floor: ${failed.length} requests not answered 202, e.g. ${JSON.stringify(failed[0])}`);
  return {
    latencyMs: latencyStats(samples.map((s) => s.latencyMs)), sendLagMs: latencyStats(samples.map((s) => s.sendLagMs)),
    serverCpuPercentOfOneCore: Math.round((serverUsed / wallMs) * 100), sendersCpuPercentOfOneCore: Math.round(((senderCpuMs - sendersBefore) / wallMs) * 100),
  };
}
const phases: PhaseResult[] = [];
/** The simulated gateways' CPU time so far: they share the machine's two cores with Kairox and the senders. */
const simulatorsCpuMs = (): Promise<number> => childCpuMs(child);
const answered: Sample[] = [];
let nextN = 0;
for (const { rate, seconds } of PHASES) {
  const floor = await floorPhase(rate, seconds);
  await settleKairoxDisk();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const cpu = process.cpuUsage();
  const began = performance.now();
  const sendersBefore = senderCpuMs;
  const simulatorsBefore = await simulatorsCpuMs();
  const samples = await load({ phase: { rate, seconds, firstN: nextN } });
  const wallMs = performance.now() - began;
  const used = process.cpuUsage(cpu);
  const simulatorsUsed = (await simulatorsCpuMs()) - simulatorsBefore;
  loop.disable();
  nextN += samples.length;
  answered.push(...samples);
  const ms = (ns: number): number => Math.round((ns / 1e6) * 100) / 100;
  phases.push({
    rate, seconds, sent: samples.length, wallSeconds: Math.round(wallMs / 10) / 100,
    latencyMs: {
      all: latencyStats(samples.map((s) => s.latencyMs)),
      api: latencyStats(samples.filter((s) => s.door === 'api').map((s) => s.latencyMs)),
      webhook: latencyStats(samples.filter((s) => s.door === 'webhook').map((s) => s.latencyMs)),
    },
    sendLagMs: latencyStats(samples.map((s) => s.sendLagMs)),
    // Kairox's own time for each answer (its Server-Timing header): the rest is the network, the senders and queueing before Kairox read the request.
    serverMs: latencyStats(samples.flatMap((s) => (s.serverMs === undefined ? [] : [s.serverMs]))),
    // Within it: deciding (reads, IB, the risk gate) and storing (the transaction and its durable commit).
    decideMs: latencyStats(samples.flatMap((s) => (s.decideMs === undefined ? [] : [s.decideMs]))),
    storeMs: latencyStats(samples.flatMap((s) => (s.storeMs === undefined ? [] : [s.storeMs]))),
    statuses: countBy(samples.map((s) => `${s.door} ${s.status}`)),
    decisions: countBy(samples.flatMap((s) => (s.decision ? [s.decision] : []))),
    errors: countBy(samples.flatMap((s) => (s.error ? [s.error] : []))),
    eventLoopDelayMs: { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max) },
    cpuPercentOfOneCore: Math.round(((used.user + used.system) / 1000 / wallMs) * 100),
    sendersCpuPercentOfOneCore: Math.round(((senderCpuMs - sendersBefore) / wallMs) * 100),
    simulatorsCpuPercentOfOneCore: Math.round((simulatorsUsed / wallMs) * 100),
    floor,
    kairoxAddsMs: { p50: 0, p99: 0, p999: 0 },
  });
  const phase = phases.at(-1) as PhaseResult;
  const adds = (q: 'p50' | 'p99' | 'p999'): number => Math.round((phase.latencyMs.all[q] - floor.latencyMs[q]) * 100) / 100;
  phase.kairoxAddsMs = { p50: adds('p50'), p99: adds('p99'), p999: adds('p999') };
}

// Durability check: every answered signal is in the database with the decision it was answered with.
const db = kairox.db.kysely;
const synchronous = (await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(db)).rows[0]?.synchronous;
const withId = answered.filter((s) => s.signalId !== undefined);
const stored = new Map<string, { status: string; code: string | undefined }>();
for (let i = 0; i < withId.length; i += 500) {
  const ids = withId.slice(i, i + 500).map((s) => s.signalId as string);
  const rows = (await sql<{ id: string; status: string; decision: string }>`select id, status, decision from signals where id in (${sql.join(ids)})`.execute(db)).rows;
  for (const r of rows) stored.set(r.id, { status: r.status, code: (JSON.parse(r.decision) as { code?: string }).code });
}
const mismatched = withId.filter((s) => {
  const row = stored.get(s.signalId as string);
  return row === undefined || (row.code ? `${row.status}:${row.code}` : row.status) !== s.decision;
});
const totalRows = Number((await sql<{ n: number }>`select count(*) as n from signals`.execute(db)).rows[0]?.n ?? 0);
const verification = {
  answered202: answered.filter((s) => s.status === 202).length,
  answeredWithSignalId: withId.length,
  foundInDatabase: withId.filter((s) => stored.has(s.signalId as string)).length,
  sameDecisionInDatabase: withId.length - mismatched.length,
  signalRowsInDatabase: totalRows,
  warmUpAndSequentialSignals: warm.length + sequential.length,
  sqliteSynchronous: synchronous === 2 ? 'FULL' : String(synchronous),
};

await kairox.close();
senders.kill();
floorServer.send({ cmd: 'close' });
await message(floorServer, 'closed');
child.send({ cmd: 'close' });
await message(child, 'closed');
fs.rmSync(dir, { recursive: true, force: true });

const result = {
  benchmark: 'intake',
  date: new Date().toISOString(),
  machine: machine(),
  load: process.env['BENCH_LOAD'] ?? 'not stated (set BENCH_LOAD to describe it)',
  loadAverage: { before: loadBefore.map((l) => +l.toFixed(2)), after: os.loadavg().map((l) => +l.toFixed(2)) },
  parameters: {
    connections: CONNECTIONS, gateways: GATEWAYS, symbols: SYMBOLS.map((s) => s.symbol), phases: PHASES, denyEvery: DENY_EVERY,
    doors: 'alternating: POST /api/signals (API token) and POST /hooks/:webhookId/:secret, fetch over loopback HTTP',
    database: 'SQLite in a temporary directory',
    floor: 'bench/intake/floor-server.ts in its own process: node:http, JSON.parse, one SQLite insert committed with synchronous=FULL, a 202; driven by the same senders at the same rate just before each Kairox phase',
    latency: 'from the scheduled send time until the answer body is read (open loop)',
    allReadyMs,
  },
  breakdown,
  phases,
  verification,
};
const file = path.join(here, '..', 'results', `intake-${result.date.slice(0, 19).replace(/[-:]/g, '')}.json`);
fs.mkdirSync(path.dirname(file), { recursive: true });
fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);

const row = (cells: Array<string | number>): string => cells.map((c, i) => String(c).padStart(i === 0 ? 14 : 9)).join(' ');
console.log(row(['rate / door', 'count', 'p50 ms', 'p99 ms', 'p99.9 ms', 'max ms']));
for (const p of phases) {
  for (const door of ['all', 'api', 'webhook'] as const) {
    const s = p.latencyMs[door];
    console.log(row([`${p.rate}/s ${door}`, s.count, s.p50, s.p99, s.p999, s.max]));
  }
  console.log(`  statuses ${JSON.stringify(p.statuses)} decisions ${JSON.stringify(p.decisions)} errors ${JSON.stringify(p.errors)}`);
  console.log(`  Kairox's own time p50 ${p.serverMs.p50} / p99 ${p.serverMs.p99} / p99.9 ${p.serverMs.p999} ms (deciding p50 ${p.decideMs.p50} / p99 ${p.decideMs.p99}, storing p50 ${p.storeMs.p50} / p99 ${p.storeMs.p99})`);
  console.log(row([`${p.rate}/s floor`, p.floor.latencyMs.count, p.floor.latencyMs.p50, p.floor.latencyMs.p99, p.floor.latencyMs.p999, p.floor.latencyMs.max]));
  console.log(`  Kairox adds to the floor: p50 ${p.kairoxAddsMs.p50} / p99 ${p.kairoxAddsMs.p99} / p99.9 ${p.kairoxAddsMs.p999} ms (floor server CPU ${p.floor.serverCpuPercentOfOneCore} %, senders ${p.floor.sendersCpuPercentOfOneCore} %)`);
  console.log(`  send lag p99 ${p.sendLagMs.p99} ms, event-loop delay p99 ${p.eventLoopDelayMs.p99} ms, Kairox CPU ${p.cpuPercentOfOneCore} % of a core (senders ${p.sendersCpuPercentOfOneCore} %, simulators ${p.simulatorsCpuPercentOfOneCore} %)`);
}
console.log(`unloaded: api p50 ${breakdown.endToEndMs.api.p50} ms, webhook p50 ${breakdown.endToEndMs.webhook.p50} ms; ` +
  `IB reads p50 ${Object.entries(breakdown.ibReadsMs).map(([k, v]) => `${k} ${v.p50}`).join(', ')} ms; SQLite FULL commit p50 ${breakdown.sqliteCommitFullMs.p50} ms; idle CPU ${breakdown.idleCpuPercentOfOneCore} % of a core`);
console.log(`verification ${JSON.stringify(verification)}`);
console.log(`written to ${path.relative(process.cwd(), file)}`);
process.exit(mismatched.length === 0 ? 0 : 1);
