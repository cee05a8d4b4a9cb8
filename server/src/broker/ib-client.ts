// The only door to @stoqey/ib (1.6.10, pinned): a fresh low-level IBApi per connection attempt,
// with the library's traps neutralised here once, so the session above can trust what it gets:
// - `.env` loading: the library's configuration runs dotenv against process.cwd() on first use;
//   we trigger that first use ourselves from an empty directory, so no file can inject settings;
// - its internal rate limiter: set out of the way (our PacingLimiter paces, cancels first);
// - an exception escaping the socket's data handler would crash the process: it is caught and
//   turned into a reported failure of this connection;
// - an EventEmitter 'error' with no listener throws: a retired client keeps a silent one;
// - its TCP socket keeps Nagle's algorithm on: a request written after one that gets no answer (a
//   cancel) waited for the gateway's delayed ACK, ~40 ms per read (bench/intake); no-delay is set.
import { mkdtempSync, rmdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { IBApi } from '@stoqey/ib';

const require = createRequire(import.meta.url);

let configSealed = false;

/**
 * Loads the library's configuration (and so its one dotenv call) with an empty working directory.
 * Idempotent; called before every IBApi construction. Exported for the test that proves it.
 */
export function sealIbConfiguration(): void {
  if (configSealed) return;
  const configuration = require('@stoqey/ib/dist/common/configuration.js') as { get(): Record<string, unknown> };
  const empty = mkdtempSync(path.join(tmpdir(), 'kairox-ib-config-'));
  const cwd = process.cwd();
  try {
    process.chdir(empty);
    configuration.get();
  } finally {
    process.chdir(cwd);
    rmdirSync(empty);
  }
  configSealed = true;
}

export interface IbClientOptions {
  host: string;
  port: number;
  clientId: number;
  /** Called when the library throws while handling socket data; the connection is then unusable. */
  onInternalError: (error: unknown) => void;
}

/** Far above anything we send: the library's limiter must never hold a message (ours does the pacing). */
const LIBRARY_RATE_LIMIT = 1_000_000;

interface InternalSocket {
  onData(data: Buffer): void;
  connect(clientId?: number): void;
  client?: { setNoDelay(noDelay?: boolean): unknown };
}
interface InternalController { socket?: InternalSocket }

export function createIbClient(options: IbClientOptions): IBApi {
  sealIbConfiguration();
  const api = new IBApi({ host: options.host, port: options.port, clientId: options.clientId, maxReqPerSec: LIBRARY_RATE_LIMIT });
  // Always have an error listener: EventEmitter throws on an unheard 'error'.
  (api as unknown as NodeJS.EventEmitter).on('error', () => undefined);
  const socket = (api as unknown as { controller?: InternalController }).controller?.socket;
  if (!socket || typeof socket.onData !== 'function' || typeof socket.connect !== 'function') {
    throw new Error('@stoqey/ib internals changed (controller.socket.onData / connect missing): re-check the data-handler guard and no-delay before upgrading');
  }
  const connect = socket.connect.bind(socket);
  socket.connect = (clientId?: number) => {
    connect(clientId);
    // Each message is one small write that must leave now, not when the previous one is acknowledged.
    socket.client?.setNoDelay(true);
  };
  const original = socket.onData.bind(socket);
  socket.onData = (data: Buffer) => {
    try {
      original(data);
    } catch (error) {
      options.onInternalError(error);
    }
  };
  return api;
}

/** Stops a client for good: listeners off (so its late events cannot reach anyone), socket closed. */
export function retireIbClient(api: IBApi): void {
  api.removeAllListeners();
  (api as unknown as NodeJS.EventEmitter).on('error', () => undefined);
  try {
    api.disconnect();
  } catch {
    // Already closed: nothing to release.
  }
}

export type { IBApi };
export { EventName, SecType, OrderAction, OrderType, type Contract, type Order, type ContractDetails, type Execution, type CommissionReport, type OrderState } from '@stoqey/ib';
