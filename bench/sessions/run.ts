// Benchmark: N ready broker sessions from one process to the simulator (in a child process,
// across several gateway ports), then a gateway restart. Prints the numbers and writes JSON to
// bench/results/. Run: npx tsx bench/sessions/run.ts [--sessions 1000] [--gateways 4]
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { pino } from 'pino';
import { IbSession } from '../../server/src/broker/index.ts';
import { intArg, machine } from '../support/args.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

const SESSIONS = intArg('sessions', 1000);
const GATEWAYS = intArg('gateways', 4);
const STEADY_S = intArg('steady-seconds', 15);
const perGateway = Math.ceil(SESSIONS / GATEWAYS);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

function waitFor<T>(child: ChildProcess, key: string): Promise<T> {
  return new Promise((resolve) => {
    const on = (m: Record<string, unknown>): void => {
      if (key in m) {
        child.off('message', on);
        resolve(m[key] as T);
      }
    };
    child.on('message', on);
  });
}

async function allReady(sessions: IbSession[], timeoutMs: number): Promise<number> {
  const start = Date.now();
  while (sessions.some((s) => s.currentState !== 'ready')) {
    if (Date.now() - start > timeoutMs) {
      const states = sessions.reduce<Record<string, number>>((acc, s) => ({ ...acc, [s.currentState]: (acc[s.currentState] ?? 0) + 1 }), {});
      throw new Error(`not all ready after ${timeoutMs} ms: ${JSON.stringify(states)}`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  return Date.now();
}

const child = fork(path.join(here, 'gateways.ts'), [String(GATEWAYS), String(perGateway)], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
const ports = await waitFor<number[]>(child, 'ports');

gc();
const before = process.memoryUsage();
const logger = pino({ level: 'silent' });
const sessions: IbSession[] = [];
for (let i = 0; i < SESSIONS; i++) {
  const port = ports[i % GATEWAYS] ?? 0;
  sessions.push(new IbSession({ host: '127.0.0.1', port, clientId: 1000 + i, logger, connectTimeoutMs: 30_000, requestTimeoutMs: 30_000 }));
}
const t0 = Date.now();
for (const s of sessions) s.start();
const readyAt = await allReady(sessions, 120_000);
const startupMs = readyAt - t0;

const RESOLUTION_MS = 10;
const loop = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
loop.enable();
await new Promise((r) => setTimeout(r, STEADY_S * 1000));
loop.disable();
gc();
const after = process.memoryUsage();

child.send({ cmd: 'restart', seconds: 1 });
const dropSeen = Date.now();
const backAt = await waitFor<number>(child, 'restarted');
const readyAgainAt = await allReady(sessions, 180_000);

for (const s of sessions) s.stop('benchmark finished');
child.send({ cmd: 'close' });
await waitFor(child, 'closed');

// The histogram's samples include the sampling timer's own period; report the delay beyond it.
const ms = (ns: number): number => Math.max(0, Math.round((ns / 1e6 - RESOLUTION_MS) * 100) / 100);
const result = {
  benchmark: 'sessions',
  date: new Date().toISOString(),
  machine: machine(),
  sessions: SESSIONS,
  gateways: GATEWAYS,
  startupAllReadyMs: startupMs,
  memory: {
    rssMiBBefore: mb(before.rss), rssMiBAfter: mb(after.rss), heapMiBBefore: mb(before.heapUsed), heapMiBAfter: mb(after.heapUsed),
    rssKiBPerSession: Math.round((after.rss - before.rss) / 1024 / SESSIONS * 10) / 10,
    heapKiBPerSession: Math.round((after.heapUsed - before.heapUsed) / 1024 / SESSIONS * 10) / 10,
  },
  eventLoopDelaySteadyMs: { seconds: STEADY_S, note: 'delay beyond the 10 ms sampling period, heartbeats running', p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max) },
  restart: {
    refuseSeconds: 1,
    fromRestartToAllReadyMs: readyAgainAt - dropSeen,
    fromGatewayBackToAllReadyMs: readyAgainAt - backAt,
  },
};
mkdirSync(path.join(here, '..', 'results'), { recursive: true });
const file = path.join(here, '..', 'results', `sessions-${SESSIONS}-${result.date.slice(0, 19).replace(/[-:]/g, '')}.json`);
writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));
console.log(`written to ${path.relative(process.cwd(), file)}`);
process.exit(0);
