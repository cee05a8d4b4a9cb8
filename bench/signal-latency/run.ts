// Benchmark (issue 9 acceptance): from POST /api/signals until the placeOrder frame arrives at the
// simulator, at 20 and 200 signals/s spread over 100 connections (4 simulated gateways × 25 client
// ids, execution on, paper accounts, MKT orders, a generous policy, hours 'always'), the journal on
// SQLite with synchronous=FULL; and in the same run the floor: the same placeOrder (same contract,
// quantity) sent straight to the same simulators by @stoqey/ib at the same rates, timed the same way.
//
// Three processes, so that no two of them share an event loop: Kairox (this one, worker included,
// temporary data directory), the senders (senders.ts: HTTP signals and the floor's IB clients) and
// the gateways (gateways.ts: a listener on the engine's placeOrder reads the arrival time as the
// frame is decoded). A latency is arrival − due time, two readings of performance.timeOrigin +
// performance.now() in two different processes: both are placed on this process's time line with
// offsets measured over IPC before and after the phases (bench/support/clock.ts), and the bound on
// that error (half the best round trip) is printed and written with the figures. It applies to
// Kairox and to the floor alike, so their difference carries it at most twice.
// Per rate the floor runs first, then Kairox; each phase starts with every earlier order filled and
// ends when every order it should produce has arrived (or none did for 10 s: a saturated Kairox is
// waited for, and its backlog shows in the figures). Counts come from the simulator's own order log.
// Usage: npm run bench:signal-latency -- [--connections 100] [--gateways 4] [--low-rate 20]
//          [--low-seconds 30] [--high-rate 200] [--high-seconds 15]
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
import { TERMINAL_ORDER_STATES, type OrderIntent } from '../../server/src/domain/index.ts';
import { ticketOf } from '../../server/src/orders/index.ts';
import { countBy, latencyStats, type LatencyStats } from '../intake/stats.ts';
import { benchApi } from '../support/kairox-api.ts';
import { intArg, machine } from '../support/args.ts';
import { clockOffset } from '../support/clock.ts';
import { message } from '../support/ipc.ts';
import type { Arrival, LoggedOrder } from './gateways.ts';
import type { Batch, Command, FloorOrder, Path, Sample } from './senders.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const CONNECTIONS = intArg('connections', 100);
const GATEWAYS = intArg('gateways', 4);
const RATES = [
  { rate: intArg('low-rate', 20), seconds: intArg('low-seconds', 30) },
  { rate: intArg('high-rate', 200), seconds: intArg('high-seconds', 15) },
];
const ACCOUNT = 'DU1234567';
const SYMBOLS = [
  { symbol: 'AAPL', conId: 265598 }, { symbol: 'MSFT', conId: 272093 }, { symbol: 'NVDA', conId: 4815747 }, { symbol: 'IBM', conId: 8314 },
];
/** Generous: every signal is prepared and handed to execution. */
const POLICY = {
  maxOrderQuantity: 1000, maxOrderNotional: 10_000_000, maxPositionQuantity: 10_000_000, maxPositionNotional: 1_000_000_000,
  maxGrossExposure: 100_000_000_000, maxOpenPositions: 1000, maxOrdersPerMinute: 1_000_000, maxOrdersPerDay: 1_000_000, maxDailyLoss: 1_000_000_000,
};
const PREPARED = 'prepared';
const TARGET_ADDED_P99_MS = 5;
const REQUEST_TIMEOUT_MS = 10_000;
/** A phase ends when every order it should produce has arrived, or when none arrived for this long. */
const ARRIVAL_QUIET_MS = 10_000;
/** Before each phase, the orders of the ones before must be settled (filled) within this. */
const SETTLE_LIMIT_MS = 120_000;
const RUN_LIMIT_MS = 900_000;
const KAIROX_CLIENT_ID_BASE = 100;
const FLOOR_CLIENT_ID_BASE = 600;

// Bounded: a run that hangs (a gateway that never answers) ends with a message, not forever.
setTimeout(() => {
  console.error(`bench:signal-latency did not finish within ${RUN_LIMIT_MS / 1000} s; stopping`);
  process.exit(2);
}, RUN_LIMIT_MS).unref();

/** Progress on stderr, so a slow phase (a saturated Kairox) is seen to be moving. */
const progress = (what: string): void => {
  process.stderr.write(`[signal-latency ${new Date().toISOString().slice(11, 19)}] ${what}\n`);
};
const loadBefore = os.loadavg();
const perGateway = Math.ceil(CONNECTIONS / GATEWAYS);
// Each gateway serves its Kairox clients and as many floor clients.
const gatewaysChild = fork(path.join(here, 'gateways.ts'), [String(GATEWAYS), String(2 * perGateway), ACCOUNT], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
const ports = await message<number[]>(gatewaysChild, 'ports');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kairox-bench-signal-latency-'));
const kairox = await createKairox(loadConfig({ KAIROX_DATA_DIR: dir, KAIROX_LOG_LEVEL: 'silent' } as NodeJS.ProcessEnv), { worker: true });
const base = await kairox.app.listen({ host: '127.0.0.1', port: 0 });
await kairox.worker?.start();

// Set-up through the API (in-process inject): owner, API token, connections, instruments, policy, execution on.
const { authorization, call: api } = await benchApi(kairox);

const connectionIds: string[] = [];
const connectionPorts: number[] = [];
const floorClientIds: number[] = [];
for (let i = 0; i < CONNECTIONS; i++) {
  const port = ports[i % GATEWAYS] ?? 0;
  const created = await api<{ connection: { id: string } }>('POST', '/api/connections', { hostPort: `127.0.0.1:${port}`, clientId: KAIROX_CLIENT_ID_BASE + Math.floor(i / GATEWAYS), accountId: ACCOUNT });
  connectionIds.push(created.connection.id);
  connectionPorts.push(port);
  floorClientIds.push(FLOOR_CLIENT_ID_BASE + Math.floor(i / GATEWAYS));
}
const readyStarted = performance.now();
for (;;) {
  const { connections } = await api<{ connections: Array<{ status: { state?: string } | null }> }>('GET', '/api/connections');
  const ready = connections.filter((c) => c.status?.state === 'ready').length;
  if (ready === CONNECTIONS) break;
  if (performance.now() - readyStarted > 60_000) throw new Error(`only ${ready} of ${CONNECTIONS} connections ready after 60 s`);
  await new Promise((r) => setTimeout(r, 100));
}
progress(`${CONNECTIONS} connections ready`);
for (let i = 0; i < connectionIds.length; i += 10) {
  await Promise.all(connectionIds.slice(i, i + 10).map(async (connectionId) => {
    for (const s of SYMBOLS) await api('POST', '/api/instruments', { connectionId, conId: s.conId });
    await api('PUT', `/api/connections/${connectionId}/risk`, POLICY);
    await api('PUT', `/api/connections/${connectionId}/execution`, { enabled: true });
  }));
}

const senders = fork(path.join(here, 'senders.ts'), [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
await message(senders, 'listening');
let sendersCpuMs = 0;
let floorErrors: Record<string, number> = {};
async function send(command: Command): Promise<Sample[]> {
  const answer = Promise.race([message<Batch>(senders, 'done'), message<string>(senders, 'failed').then((e) => Promise.reject(new Error(`senders: ${e}`)))]);
  senders.send(command);
  const batch = await answer;
  sendersCpuMs += batch.cpuMs;
  floorErrors = batch.floorErrors;
  return batch.samples;
}

let gatewayCpuMs = 0;
async function drain(): Promise<Arrival[]> {
  const answer = message<{ arrivals: Arrival[]; cpuMs: number }>(gatewaysChild, 'drained');
  gatewaysChild.send({ cmd: 'drain' });
  const { arrivals, cpuMs } = await answer;
  gatewayCpuMs = cpuMs;
  return arrivals;
}
/** Collects arrivals until every `expected` orderRef has arrived, or none of them for ARRIVAL_QUIET_MS (a saturated Kairox is waited for). */
async function arrivalsOf(expected: ReadonlySet<string>): Promise<Arrival[]> {
  const out: Arrival[] = [];
  const seen = new Set<string>();
  let lastNews = performance.now();
  for (;;) {
    for (const a of await drain()) {
      out.push(a);
      if (expected.has(a.orderRef) && !seen.has(a.orderRef)) {
        seen.add(a.orderRef);
        lastNews = performance.now();
      }
    }
    if (seen.size >= expected.size || performance.now() - lastNews > ARRIVAL_QUIET_MS) return out;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** orderRefsByN once every signal of the range is decided, or none more was for ARRIVAL_QUIET_MS (answers that timed out are decided later). */
async function allDecided(firstN: number, count: number): Promise<Map<number, string>> {
  let refs = await orderRefsByN(firstN, count);
  let lastNews = performance.now();
  while (refs.size < count && performance.now() - lastNews < ARRIVAL_QUIET_MS) {
    await new Promise((r) => setTimeout(r, 100));
    const now = await orderRefsByN(firstN, count);
    if (now.size > refs.size) lastNews = performance.now();
    refs = now;
  }
  return refs;
}

/** Waits until every journaled order is in a final state, so no phase starts with the work of the one before. */
async function settled(): Promise<void> {
  const terminal = [...TERMINAL_ORDER_STATES];
  const began = performance.now();
  for (;;) {
    const open = Number((await sql<{ n: number }>`select count(*) as n from orders where state not in (${sql.join(terminal)})`.execute(kairox.db.kysely)).rows[0]?.n ?? 0);
    if (open === 0) return;
    if (performance.now() - began > SETTLE_LIMIT_MS) throw new Error(`${open} orders still open ${SETTLE_LIMIT_MS / 1000} s after their phase`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The Kairox order id (orderRef) of signal n, for n in [firstN, firstN + count), from the database by
 * the signal's note: a signal whose HTTP answer timed out was still decided, and its order counts.
 * (Only a prepared signal has an order; once sent its status reads routed.)
 */
async function orderRefsByN(firstN: number, count: number): Promise<Map<number, string>> {
  const rows = (await sql<{ note: string; order_id: string }>`
    select json_extract(s.signal, '$.note') as note, o.id as order_id from signals s join orders o on o.signal_id = s.id
    where json_extract(s.signal, '$.strategy') = 'bench'`.execute(kairox.db.kysely)).rows;
  const out = new Map<number, string>();
  for (const r of rows) {
    const n = Number(r.note.replace('latency-', ''));
    if (n >= firstN && n < firstN + count) out.set(n, r.order_id);
  }
  return out;
}

await send({
  configure: {
    base, authorization, connectionIds, symbols: SYMBOLS.map((s) => s.symbol), requestTimeoutMs: REQUEST_TIMEOUT_MS,
    floor: { ports: connectionPorts, clientIds: floorClientIds, account: ACCOUNT, orders: {} },
  },
});

progress('instruments, policy and execution set; warming up');
// Warm-up (not measured): each connection and symbol once through Kairox, until its orders are at the simulator.
const warm = await send({ warm: { path: 'kairox', count: CONNECTIONS * SYMBOLS.length, concurrency: 8, firstN: 1_000_000 } });
const notPrepared = warm.filter((s) => s.decision !== PREPARED);
if (notPrepared.length > 0) throw new Error(`warm-up: ${notPrepared.length} signals not prepared, e.g. ${JSON.stringify(notPrepared[0])}`);
const warmRefs = await allDecided(1_000_000, warm.length);
const warmArrived = await arrivalsOf(new Set(warmRefs.values()));
if (new Set(warmArrived.map((a) => a.orderRef)).size < warmRefs.size) throw new Error(`warm-up: only ${warmArrived.length} of ${warmRefs.size} orders reached the simulator`);
await settled();

// The floor's placeOrder per symbol: Kairox's own ticket for a warm-up order, as the journal holds it.
const floorOrders: Record<string, FloorOrder> = {};
for (const s of SYMBOLS) {
  const row = (await sql<{ intent: string }>`select intent from orders where symbol = ${s.symbol} limit 1`.execute(kairox.db.kysely)).rows[0];
  if (!row) throw new Error(`no journaled ${s.symbol} order to copy for the floor`);
  const ticket = ticketOf(JSON.parse(row.intent) as OrderIntent);
  if (!ticket.ok) throw new Error(`the floor's ${s.symbol} order: ${ticket.reason}`);
  const t = ticket.ticket;
  floorOrders[s.symbol] = {
    contract: t.contract, action: t.side, orderType: t.orderType, tif: t.tif, account: t.account, outsideRth: t.outsideRth, transmit: true,
    ...(t.limitPrice !== undefined && { limitPrice: t.limitPrice }), ...(t.auxPrice !== undefined && { auxPrice: t.auxPrice }),
  };
}
await send({
  configure: {
    base, authorization, connectionIds, symbols: SYMBOLS.map((s) => s.symbol), requestTimeoutMs: REQUEST_TIMEOUT_MS,
    floor: { ports: connectionPorts, clientIds: floorClientIds, account: ACCOUNT, orders: floorOrders },
  },
});
await send({ floorConnect: { timeoutMs: 30_000 } });
const floorWarm = await send({ warm: { path: 'floor', count: CONNECTIONS * SYMBOLS.length, concurrency: 8, firstN: 1_000_000 } });
await arrivalsOf(new Set(floorWarm.flatMap((s) => (s.orderRef ? [s.orderRef] : []))));
await settled();

progress('warm-up done');
const clockBefore = { senders: await clockOffset(senders), gateways: await clockOffset(gatewaysChild) };

interface PhaseResult {
  path: Path; rate: number; seconds: number; wallSeconds: number;
  sent: number; handedToExecution: number; arrived: number; notArrived: number;
  /** Kairox: signals sent that have no order in the journal (at saturation: the sender gave up before Kairox read the request). */
  withoutOrder: number;
  /** Kairox: answered 202 (prepared) yet no order in the journal: a lost signal, must be 0. */
  answeredWithoutOrder: number;
  statuses: Record<string, number>; decisions: Record<string, number>; errors: Record<string, number>;
  /** Due time until the frame arrived at the simulator. */
  latencyMs: LatencyStats;
  /** Latencies below zero: only the clock mapping can make one, so anything but 0 says it failed. */
  negativeLatencies: number;
  /** Kairox only: due time until the HTTP answer was read. */
  answerMs?: LatencyStats;
  sendLagMs: LatencyStats;
  /** Kairox only: where the time went, from the journal's own timestamps (whole ms of Kairox's clock). */
  stagesMs?: Record<string, LatencyStats>;
  /** Kairox's event loop (this process) during the phase. */
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  cpuPercentOfOneCore: { kairox: number; senders: number; gateways: number };
}
interface Measured { samples: Sample[]; arrivals: Arrival[]; expected: Map<string, Sample> }
const measured: Array<{ path: Path; rate: number; seconds: number; wallMs: number; cpu: PhaseResult['cpuPercentOfOneCore']; eventLoopDelayMs: PhaseResult['eventLoopDelayMs']; m: Measured }> = [];
let nextN = 0;
for (const { rate, seconds } of RATES) {
  for (const p of ['floor', 'kairox'] as const) {
    await settled();
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const cpu = process.cpuUsage();
    const sendersBefore = sendersCpuMs;
    await drain();
    const gatewaysBefore = gatewayCpuMs;
    const began = performance.now();
    progress(`${p} at ${rate}/s for ${seconds} s`);
    const samples = await send({ phase: { path: p, rate, seconds, firstN: nextN } });
    nextN += samples.length;
    const expected = new Map<string, Sample>();
    if (p === 'floor') {
      for (const s of samples) if (s.orderRef && !s.error) expected.set(s.orderRef, s);
    } else {
      const byN = new Map(samples.map((s) => [s.n, s] as const));
      for (const [n, orderRef] of await allDecided(nextN - samples.length, samples.length)) {
        const s = byN.get(n);
        if (s) expected.set(orderRef, s);
      }
    }
    progress(`${p} at ${rate}/s sent; waiting for ${expected.size} orders at the simulator`);
    const arrivals = await arrivalsOf(new Set(expected.keys()));
    const wallMs = performance.now() - began;
    const used = process.cpuUsage(cpu);
    loop.disable();
    const ms = (ns: number): number => Math.round((ns / 1e6) * 100) / 100;
    measured.push({
      path: p, rate, seconds, wallMs, m: { samples, arrivals, expected },
      eventLoopDelayMs: { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max) },
      cpu: {
        kairox: Math.round(((used.user + used.system) / 1000 / wallMs) * 100),
        senders: Math.round(((sendersCpuMs - sendersBefore) / wallMs) * 100),
        gateways: Math.round(((gatewayCpuMs - gatewaysBefore) / wallMs) * 100),
      },
    });
  }
}
const clockAfter = { senders: await clockOffset(senders), gateways: await clockOffset(gatewaysChild) };
// Offsets from both calibrations, averaged: a drift between them is written with the figures.
const offset = (key: 'senders' | 'gateways'): number => (clockBefore[key].offsetMs + clockAfter[key].offsetMs) / 2;
const toParent = { senders: offset('senders'), gateways: offset('gateways') };

/**
 * Per order: request in (signal received_at) → decided (its IB reads and the gate) → accepted in the
 * signal's transaction (order created_at) → IB id reserved (event at, inside that transaction) →
 * the frame at the simulator. Each on this process's line; the first from the due time.
 */
async function stagesOf(m: Measured): Promise<Record<string, LatencyStats>> {
  const refs = [...m.expected.keys()];
  const arrivedAt = new Map(m.arrivals.map((a) => [a.orderRef, a.atMs - toParent.gateways] as const));
  const stages: Record<string, number[]> = { toRequestIn: [], decide: [], toAccepted: [], toIdReserved: [], toFrameAtSimulator: [] };
  for (let i = 0; i < refs.length; i += 500) {
    const ids = refs.slice(i, i + 500);
    const rows = (await sql<{ id: string; received_at: number; decided_at: number; created_at: number; reserved_at: number | null }>`
      select o.id, s.received_at, s.decided_at, o.created_at,
        (select min(e.at) from order_events e where e.order_id = o.id and e.event = 'id_reserved') as reserved_at
      from orders o join signals s on s.id = o.signal_id where o.id in (${sql.join(ids)})`.execute(kairox.db.kysely)).rows;
    for (const r of rows) {
      const sample = m.expected.get(r.id);
      const arrived = arrivedAt.get(r.id);
      if (!sample || arrived === undefined || r.reserved_at === null) continue;
      stages['toRequestIn']?.push(Number(r.received_at) - (sample.dueAtMs - toParent.senders));
      stages['decide']?.push(Number(r.decided_at) - Number(r.received_at));
      stages['toAccepted']?.push(Number(r.created_at) - Number(r.decided_at));
      stages['toIdReserved']?.push(Number(r.reserved_at) - Number(r.created_at));
      stages['toFrameAtSimulator']?.push(arrived - Number(r.reserved_at));
    }
  }
  return Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, latencyStats(v)]));
}

const stagesByPhase = new Map<(typeof measured)[number], Record<string, LatencyStats>>();
for (const x of measured) if (x.path === 'kairox') stagesByPhase.set(x, await stagesOf(x.m));

const phases: PhaseResult[] = measured.map((x) => {
  const { path: p, rate, seconds, wallMs, cpu, eventLoopDelayMs, m } = x;
  const stagesMs = stagesByPhase.get(x);
  const latencies: number[] = [];
  for (const a of m.arrivals) {
    const s = m.expected.get(a.orderRef);
    if (s) latencies.push((a.atMs - toParent.gateways) - (s.dueAtMs - toParent.senders));
  }
  const withOrder = new Set([...m.expected.values()].map((s) => s.n));
  const arrivedRefs = new Set(m.arrivals.map((a) => a.orderRef).filter((r) => m.expected.has(r)));
  return {
    path: p, rate, seconds, wallSeconds: Math.round(wallMs / 10) / 100,
    sent: m.samples.length, handedToExecution: m.expected.size, arrived: arrivedRefs.size, notArrived: m.expected.size - arrivedRefs.size,
    withoutOrder: p === 'kairox' ? m.samples.length - m.expected.size : 0,
    answeredWithoutOrder: p === 'kairox' ? m.samples.filter((s) => s.decision === PREPARED && !withOrder.has(s.n)).length : 0,
    statuses: countBy(m.samples.map((s) => String(s.status ?? 'socket'))),
    decisions: countBy(m.samples.flatMap((s) => (s.decision ? [s.decision] : []))),
    errors: countBy(m.samples.flatMap((s) => (s.error ? [s.error] : []))),
    latencyMs: latencyStats(latencies),
    negativeLatencies: latencies.filter((l) => l < 0).length,
    ...(p === 'kairox' && { answerMs: latencyStats(m.samples.flatMap((s) => (s.answeredMs !== undefined ? [s.answeredMs] : []))) }),
    sendLagMs: latencyStats(m.samples.map((s) => s.sendLagMs)),
    ...(stagesMs && { stagesMs }),
    eventLoopDelayMs,
    cpuPercentOfOneCore: cpu,
  };
});

// Counted from the simulator's own order log: every order of every phase, warm-ups included.
const logAnswer = message<LoggedOrder[]>(gatewaysChild, 'log');
gatewaysChild.send({ cmd: 'log' });
const log = await logAnswer;
const journaled = (await sql<{ id: string; state: string }>`select id, state from orders`.execute(kairox.db.kysely)).rows;
const journalIds = new Set(journaled.map((r) => r.id));
const perRef = countBy(log.map((o) => o.orderRef));
const kairoxAtSimulator = log.filter((o) => journalIds.has(o.orderRef));
const writes = (await sql<{ events: number; audits: number }>`
  select (select count(*) from order_events) as events, (select count(*) from audit_events where action like 'order.%') as audits`.execute(kairox.db.kysely)).rows[0];
const synchronous = (await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(kairox.db.kysely)).rows[0]?.synchronous;
const counts = {
  signalsSent: warm.length + measured.filter((x) => x.path === 'kairox').reduce((n, x) => n + x.m.samples.length, 0),
  ordersJournaled: journaled.length,
  signalsWithoutOrder: phases.reduce((n, p) => n + p.withoutOrder, 0),
  journalStates: countBy(journaled.map((r) => r.state)),
  orderEventsPerOrder: journaled.length === 0 ? 0 : Math.round((Number(writes?.events ?? 0) / journaled.length) * 10) / 10,
  orderAuditEntriesPerOrder: journaled.length === 0 ? 0 : Math.round((Number(writes?.audits ?? 0) / journaled.length) * 10) / 10,
  kairoxOrdersAtSimulator: kairoxAtSimulator.length,
  kairoxDuplicatesByOrderRef: Object.entries(perRef).filter(([ref, n]) => journalIds.has(ref) && n > 1).length,
  kairoxJournaledNotAtSimulator: [...journalIds].filter((id) => perRef[id] === undefined).length,
  floorOrdersAtSimulator: log.filter((o) => o.orderRef.startsWith('floor-')).length,
  floorDuplicatesByOrderRef: Object.entries(perRef).filter(([ref, n]) => ref.startsWith('floor-') && n > 1).length,
  refusedBySimulator: countBy(log.flatMap((o) => (o.error ? [o.error] : []))),
  floorClientErrors: floorErrors,
  sqliteSynchronous: synchronous === 2 ? 'FULL' : String(synchronous),
};

await kairox.close();
senders.kill();
const closed = message(gatewaysChild, 'closed');
gatewaysChild.send({ cmd: 'close' });
await closed;
fs.rmSync(dir, { recursive: true, force: true });

const phaseOf = (p: Path, rate: number): PhaseResult | undefined => phases.find((x) => x.path === p && x.rate === rate);
const added = RATES.map(({ rate }) => {
  const k = phaseOf('kairox', rate)?.latencyMs;
  const f = phaseOf('floor', rate)?.latencyMs;
  const d = (q: 'p50' | 'p99' | 'p999'): number => Math.round(((k?.[q] ?? Number.NaN) - (f?.[q] ?? Number.NaN)) * 100) / 100;
  return { rate, p50: d('p50'), p99: d('p99'), p999: d('p999') };
});
const high = added.find((a) => a.rate === RATES[1]?.rate);
const clockErrorMs = Math.max(...[clockBefore, clockAfter].flatMap((c) => [c.senders.uncertaintyMs + c.gateways.uncertaintyMs]));

const result = {
  benchmark: 'signal-latency',
  date: new Date().toISOString(),
  machine: machine(),
  load: process.env['BENCH_LOAD'] ?? 'not stated (set BENCH_LOAD to describe it)',
  loadAverage: { before: loadBefore.map((l) => +l.toFixed(2)), after: os.loadavg().map((l) => +l.toFixed(2)) },
  parameters: {
    connections: CONNECTIONS, gateways: GATEWAYS, rates: RATES, symbols: SYMBOLS.map((s) => s.symbol), orders: 'MKT BUY 1–5 shares, DAY, hours always',
    kairox: 'POST /api/signals (API token, node:http with kept-alive sockets over loopback) → intake → journal (SQLite, synchronous=FULL) → execution → @stoqey/ib → simulator',
    floor: 'the same placeOrder (contract from Kairox\'s journaled ticket, same quantity) by @stoqey/ib (built by broker/ib-client.ts) straight to the same simulators, one client per connection',
    latency: 'from the due time (open loop) until the simulator decoded the placeOrder frame; two processes\' clocks mapped onto one by IPC calibration',
    order: 'per rate: floor, then Kairox',
  },
  clock: { before: clockBefore, after: clockAfter, boundOnLatencyErrorMs: clockErrorMs },
  phases,
  addedByKairoxMs: added,
  target: { addedP99Ms: TARGET_ADDED_P99_MS, atRate: RATES[1]?.rate, met: high !== undefined && high.p99 <= TARGET_ADDED_P99_MS },
  counts,
};
const file = path.join(here, '..', 'results', `signal-latency-${result.date.slice(0, 19).replace(/[-:]/g, '')}.json`);
fs.mkdirSync(path.dirname(file), { recursive: true });
fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);

const row = (cells: Array<string | number>): string => cells.map((c, i) => String(c).padStart(i === 0 ? 16 : 9)).join(' ');
console.log(row(['rate / path', 'arrived', 'p50 ms', 'p99 ms', 'p99.9 ms', 'max ms', 'CPU %']));
for (const { rate } of RATES) {
  for (const p of ['floor', 'kairox'] as const) {
    const ph = phaseOf(p, rate);
    if (!ph) continue;
    const s = ph.latencyMs;
    console.log(row([`${rate}/s ${p}`, `${ph.arrived}/${ph.handedToExecution}`, s.p50, s.p99, s.p999, s.max, p === 'kairox' ? ph.cpuPercentOfOneCore.kairox : ph.cpuPercentOfOneCore.senders]));
  }
  const a = added.find((x) => x.rate === rate);
  if (a) console.log(row([`${rate}/s added`, '', a.p50, a.p99, a.p999, '', '']));
}
console.log(`target: Kairox adds ≤ ${TARGET_ADDED_P99_MS} ms at p99 at ${RATES[1]?.rate}/s — ${result.target.met ? 'met' : 'NOT met'}; clock mapping error ≤ ${clockErrorMs} ms`);
for (const ph of phases) {
  console.log(`  ${ph.rate}/s ${ph.path}: statuses ${JSON.stringify(ph.statuses)} decisions ${JSON.stringify(ph.decisions)} errors ${JSON.stringify(ph.errors)} send lag p99 ${ph.sendLagMs.p99} ms, event-loop delay p99 ${ph.eventLoopDelayMs.p99} max ${ph.eventLoopDelayMs.max} ms` +
    `${ph.answerMs ? `, HTTP answer p99 ${ph.answerMs.p99} ms` : ''}; CPU % of a core ${JSON.stringify(ph.cpuPercentOfOneCore)}`);
  if (ph.stagesMs) console.log(`    stages p50/p99 ms: ${Object.entries(ph.stagesMs).map(([k, v]) => `${k} ${v.p50}/${v.p99}`).join(', ')}`);
}
console.log(`counts ${JSON.stringify(counts)}`);
console.log(`written to ${path.relative(process.cwd(), file)}`);
const healthy = counts.kairoxDuplicatesByOrderRef === 0 && counts.kairoxJournaledNotAtSimulator === 0 && phases.every((p) => p.notArrived === 0 && p.negativeLatencies === 0 && p.answeredWithoutOrder === 0);
process.exit(healthy ? 0 : 1);
