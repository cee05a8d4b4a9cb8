// Child process of the intake benchmark: the senders. Signals leave from here over loopback HTTP,
// so the HTTP client's work is not done on Kairox's event loop (real senders are other machines).
// The load is open-loop: each signal has a scheduled send time and its latency is counted from that
// time, so a slow answer delays the clock of none of the signals behind it and queueing shows in the
// figures instead of being hidden (coordinated omission). Half the signals go over POST /api/signals
// with an API token, half to the connections' webhooks; one in `denyEvery` asks for more than the
// policy's maxOrderQuantity so the denial path is exercised too.
// IPC: parent → { configure: LoadSettings } | { warm } | { sequential } | { phase }; child → { done: Batch }.
import { performance } from 'node:perf_hooks';
import { postJson } from '../support/http-post.ts';
import { openLoop } from '../support/open-loop.ts';

export type Door = 'api' | 'webhook';
export interface Sample { door: Door; status: number; latencyMs: number; sendLagMs: number; serverMs?: number; decideMs?: number; storeMs?: number; signalId?: string; decision?: string; error?: string }
export interface Target { connectionId: string; hookUrl: string }
export interface LoadSettings { base: string; authorization: string; targets: Target[]; symbols: string[]; denyEvery: number; deniedQty: number; requestTimeoutMs: number }
export type LoadCommand =
  | { configure: LoadSettings }
  | { warm: { count: number; concurrency: number; firstN: number } }
  | { sequential: { count: number; firstN: number } }
  | { phase: { rate: number; seconds: number; firstN: number } };
/** The samples of one command and the CPU the senders used for it (ms). */
export interface Batch { samples: Sample[]; senderCpuMs: number }

let settings: LoadSettings | undefined;

/** One request, timed from its scheduled send time. The answer's body is read before the clock stops. */
async function send(s: LoadSettings, n: number, scheduledAt: number): Promise<Sample> {
  const door: Door = n % 2 === 0 ? 'api' : 'webhook';
  const target = s.targets[Math.floor(n / 2) % s.targets.length] as Target;
  const symbol = s.symbols[Math.floor(n / (2 * s.targets.length)) % s.symbols.length] ?? 'AAPL';
  const qty = n % s.denyEvery === s.denyEvery - 1 ? s.deniedQty : 1 + (n % 5);
  // A note of its own makes every signal distinct, so none is suppressed as a duplicate of another.
  const signal = { instrument: { symbol }, action: 'buy', size: { qty }, signalTime: new Date().toISOString(), ttlSeconds: 60, strategy: 'bench', note: `bench-${n}` };
  const sentAt = performance.now();
  try {
    const response = door === 'api'
      ? await postJson(`${s.base}/api/signals`, { connectionId: target.connectionId, ...signal }, { authorization: s.authorization }, s.requestTimeoutMs)
      : await postJson(target.hookUrl, signal, {}, s.requestTimeoutMs);
    const body = response.body as { signal?: { id: string; decision: { status: string; code?: string } }; signalId?: string; decision?: { status: string; code?: string } };
    const latencyMs = performance.now() - scheduledAt;
    const timing = response.headers['server-timing'];
    const phase = (name: string) => Number(new RegExp(`(?:^|, )${name};dur=([0-9.]+)`).exec(typeof timing === 'string' ? timing : '')?.[1] ?? Number.NaN);
    const [serverMs, decideMs, storeMs] = [phase('app'), phase('decide'), phase('store')];
    const decision = body.signal?.decision ?? body.decision;
    const signalId = body.signal?.id ?? body.signalId;
    return {
      door, status: response.status, latencyMs, sendLagMs: sentAt - scheduledAt,
      ...(Number.isFinite(serverMs) && { serverMs }),
      ...(Number.isFinite(decideMs) && { decideMs }),
      ...(Number.isFinite(storeMs) && { storeMs }),
      ...(signalId !== undefined && { signalId }),
      ...(decision && { decision: decision.code ? `${decision.status}:${decision.code}` : decision.status }),
    };
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    return { door, status: 0, latencyMs: performance.now() - scheduledAt, sendLagMs: sentAt - scheduledAt, error: cause ? `${(err as Error).name} ${cause}` : (err as Error).name };
  }
}

/** Open loop (bench/support/open-loop.ts): request n is due at start + n / rate, whatever happened to the ones before it. */
function runPhase(s: LoadSettings, rate: number, seconds: number, firstN: number): Promise<Sample[]> {
  return openLoop(rate, seconds, (i, dueAt) => send(s, firstN + i, dueAt));
}

async function inBatches(s: LoadSettings, count: number, concurrency: number, firstN: number): Promise<Sample[]> {
  const out: Sample[] = [];
  for (let i = 0; i < count; i += concurrency) {
    const batch = Array.from({ length: Math.min(concurrency, count - i) }, (_, j) => send(s, firstN + i + j, performance.now()));
    out.push(...(await Promise.all(batch)));
  }
  return out;
}

async function run(command: LoadCommand): Promise<Sample[] | undefined> {
  if ('configure' in command) {
    settings = command.configure;
    return undefined;
  }
  if (!settings) throw new Error('the senders were not configured');
  if ('warm' in command) return inBatches(settings, command.warm.count, command.warm.concurrency, command.warm.firstN);
  if ('sequential' in command) return inBatches(settings, command.sequential.count, 1, command.sequential.firstN);
  return runPhase(settings, command.phase.rate, command.phase.seconds, command.phase.firstN);
}

process.on('message', (command: LoadCommand) => {
  const cpu = process.cpuUsage();
  void run(command).then(
    (samples) => {
      const used = process.cpuUsage(cpu);
      const batch: Batch = { samples: samples ?? [], senderCpuMs: Math.round((used.user + used.system) / 1000) };
      process.send?.({ done: batch });
    },
    (error: unknown) => process.send?.({ failed: String(error) }),
  );
});
process.send?.({ listening: true });
