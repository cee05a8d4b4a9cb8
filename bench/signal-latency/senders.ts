// Child process of the signal-latency benchmark: everything that sends, away from Kairox's event
// loop. Kairox's load is POST /api/signals over loopback HTTP (node:http, kept-alive sockets:
// bench/support/http-post.ts, lighter than fetch, so little of the sender's own cost is counted); the floor is the same
// placeOrder (contract as Kairox's journal holds it, same quantity) written straight to the same
// simulators by @stoqey/ib, one client per Kairox connection on the same gateway. The floor's IBApi
// is built by Kairox's own broker/ib-client.ts (library rate limiter off, Nagle off), so both paths
// pay the same library and socket cost and their difference is Kairox's own work. Both are open
// loop (bench/support/open-loop.ts) and timed from the due time on epochNow() (bench/support/clock.ts).
// IPC: parent → { configure } | { floorConnect } | { warm } | { phase }; child → { done: Batch } | { failed }.
import { performance } from 'node:perf_hooks';
import { createIbClient, EventName, type IBApi } from '../../server/src/broker/ib-client.ts';
import { toIbContract, toIbOrder } from '../../server/src/broker/ib-mapping.ts';
import type { PlaceOrderRequest } from '../../server/src/broker/index.ts';
import { answerClockPings } from '../support/clock.ts';
import { postJson } from '../support/http-post.ts';
import { openLoop } from '../support/open-loop.ts';

export type Path = 'kairox' | 'floor';
export interface Sample {
  path: Path; n: number;
  /** Due time on this process's epochNow(). */
  dueAtMs: number;
  /** How late the send left against its due time (the sender's own delay). */
  sendLagMs: number;
  /** Kairox: the HTTP answer (ms after due), its status, the signal and its decision; floor: the orderRef. */
  answeredMs?: number; status?: number; signalId?: string; decision?: string; orderRef?: string; error?: string;
}
/** A placeOrder without what changes per order. */
export type FloorOrder = Omit<PlaceOrderRequest, 'orderRef' | 'quantity'>;
export interface Settings {
  base: string; authorization: string; connectionIds: string[]; symbols: string[];
  /** Per Kairox connection (same index): the gateway port and the floor's client id there. */
  floor: { ports: number[]; clientIds: number[]; account: string; orders: Record<string, FloorOrder> };
  requestTimeoutMs: number;
}
export type Command =
  | { configure: Settings }
  | { floorConnect: { timeoutMs: number } }
  | { warm: { path: Path; count: number; concurrency: number; firstN: number } }
  | { phase: { path: Path; rate: number; seconds: number; firstN: number } };
export interface Batch { samples: Sample[]; cpuMs: number; floorErrors: Record<string, number> }

let settings: Settings | undefined;
const floorClients: Array<{ api: IBApi; nextId: number }> = [];
/** Order-scoped errors the floor clients received, since they connected. */
const floorErrors: Record<string, number> = {};

/** Signal n: connection n mod C, symbol cycling every C signals, 1 to 5 shares. Floor order n is its twin. */
const shape = (s: Settings, n: number) => ({
  target: n % s.connectionIds.length,
  symbol: s.symbols[Math.floor(n / s.connectionIds.length) % s.symbols.length] ?? 'AAPL',
  qty: 1 + (n % 5),
});

async function signal(s: Settings, n: number, dueAt: number): Promise<Sample> {
  const { target, symbol, qty } = shape(s, n);
  // A note of its own makes every signal distinct, so none is suppressed as a duplicate of another.
  const body = { connectionId: s.connectionIds[target], instrument: { symbol }, action: 'buy', size: { qty }, signalTime: new Date().toISOString(), ttlSeconds: 60, strategy: 'bench', note: `latency-${n}` };
  const sendLagMs = performance.now() - dueAt;
  const dueAtMs = performance.timeOrigin + dueAt;
  try {
    const response = await postJson(`${s.base}/api/signals`, body, { authorization: s.authorization }, s.requestTimeoutMs);
    const answer = response.body as { signal?: { id: string; decision: { status: string; code?: string } } };
    const decision = answer.signal?.decision;
    return {
      path: 'kairox', n, dueAtMs, sendLagMs, answeredMs: performance.now() - dueAt, status: response.status,
      ...(answer.signal && { signalId: answer.signal.id }),
      ...(decision && { decision: decision.code ? `${decision.status}:${decision.code}` : decision.status }),
    };
  } catch (err) {
    return { path: 'kairox', n, dueAtMs, sendLagMs, status: 0, error: (err as Error).name };
  }
}

function floorOrder(s: Settings, n: number, dueAt: number): Promise<Sample> {
  const { target, symbol, qty } = shape(s, n);
  const client = floorClients[target];
  const order = s.floor.orders[symbol];
  const orderRef = `floor-${n}`;
  const sendLagMs = performance.now() - dueAt;
  const sample: Sample = { path: 'floor', n, dueAtMs: performance.timeOrigin + dueAt, sendLagMs, orderRef };
  if (!client || !order) return Promise.resolve({ ...sample, error: `no floor client or order for ${target} ${symbol}` });
  const request: PlaceOrderRequest = { ...order, quantity: qty, orderRef };
  client.api.placeOrder(client.nextId++, toIbContract(request.contract), toIbOrder(request, s.floor.account));
  return Promise.resolve(sample);
}

async function connectFloor(s: Settings, timeoutMs: number): Promise<void> {
  await Promise.all(s.floor.ports.map((port, i) => new Promise<void>((resolve, reject) => {
    const clientId = s.floor.clientIds[i] ?? 0;
    const api = createIbClient({ host: '127.0.0.1', port, clientId, onInternalError: (e) => reject(e as Error) });
    const timer = setTimeout(() => reject(new Error(`floor client ${clientId} on port ${port}: no nextValidId within ${timeoutMs} ms`)), timeoutMs);
    api.once(EventName.nextValidId, (id: number) => {
      clearTimeout(timer);
      floorClients[i] = { api, nextId: id };
      resolve();
    });
    api.on(EventName.error, (_err: Error, code: number, reqId: number) => {
      // Order-scoped errors only: farm notices and the like come with reqId -1.
      if (reqId > 0) floorErrors[String(code)] = (floorErrors[String(code)] ?? 0) + 1;
    });
    api.connect();
  })));
}

async function inBatches(count: number, concurrency: number, fire: (i: number, dueAt: number) => Promise<Sample>): Promise<Sample[]> {
  const out: Sample[] = [];
  for (let i = 0; i < count; i += concurrency) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(concurrency, count - i) }, (_, j) => fire(i + j, performance.now())))));
  }
  return out;
}

async function run(command: Command): Promise<Sample[]> {
  if ('configure' in command) {
    settings = command.configure;
    return [];
  }
  const s = settings;
  if (!s) throw new Error('the senders were not configured');
  if ('floorConnect' in command) {
    await connectFloor(s, command.floorConnect.timeoutMs);
    return [];
  }
  const { path, firstN } = 'warm' in command ? command.warm : command.phase;
  const fire = (i: number, dueAt: number): Promise<Sample> => (path === 'kairox' ? signal(s, firstN + i, dueAt) : floorOrder(s, firstN + i, dueAt));
  if ('warm' in command) return inBatches(command.warm.count, command.warm.concurrency, fire);
  return openLoop(command.phase.rate, command.phase.seconds, fire);
}

answerClockPings();
// The parent gone (crashed, killed), nothing is left running behind it.
process.on('disconnect', () => process.exit(0));
process.on('message', (command: Command | { clockPing: number }) => {
  if ('clockPing' in command) return;
  const cpu = process.cpuUsage();
  void run(command).then(
    (samples) => {
      const used = process.cpuUsage(cpu);
      const batch: Batch = { samples, cpuMs: Math.round((used.user + used.system) / 1000), floorErrors };
      process.send?.({ done: batch });
    },
    (error: unknown) => process.send?.({ failed: String(error) }),
  );
});
process.send?.({ listening: true });
