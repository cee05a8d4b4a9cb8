// Shared set-up for the session's scenario tests: a simulator on an OS-chosen loopback port and
// a session with short timers, so failure paths run in seconds.
import { Writable } from 'node:stream';
import { startGateway, type Gateway, type GatewayOptions } from '@kairox/gateway-sim';
import { createLogger, type Logger } from '../common/index.ts';
import { createIbClient, type IBApi } from './ib-client.ts';
import { IbSession, type IbSessionOptions } from './ib-session.ts';
import type { BrokerReport, TimelineEntry } from './reports.ts';

export interface CapturedLog { lines: string[]; logger: Logger }

export function captureLog(): CapturedLog {
  const lines: string[] = [];
  const destination = new Writable({ write(chunk, _e, done) { lines.push(String(chunk)); done(); } });
  return { lines, logger: createLogger({ level: 'debug', destination }) };
}

/**
 * Trades around the clock unless a test asks for real hours: a scenario that fills a market order
 * must pass at 01:00 New York time and on a Saturday too (it once failed every night).
 */
export async function simulator(options: GatewayOptions = {}): Promise<Gateway> {
  return startGateway({ port: 0, accounts: ['DU1234567'], seed: 7, hours: 'always', ...options });
}

export interface Harness { session: IbSession; reports: BrokerReport[]; timeline: TimelineEntry[]; log: CapturedLog }

export function sessionFor(gw: Pick<Gateway, 'host' | 'port'>, overrides: Partial<IbSessionOptions> = {}): Harness {
  const reports: BrokerReport[] = [];
  const timeline: TimelineEntry[] = [];
  const log = captureLog();
  const session = new IbSession({
    host: gw.host, port: gw.port, clientId: 7, logger: log.logger,
    connectTimeoutMs: 5_000, requestTimeoutMs: 5_000, backoff: { initialMs: 200, maxMs: 1_000 },
    onReport: (r) => reports.push(r), onTimeline: (e) => timeline.push(e),
    ...overrides,
  });
  return { session, reports, timeline, log };
}

export async function until(predicate: () => boolean, timeoutMs = 10_000, stepMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

/**
 * A createClient for sessionFor that records each call of the named IB API methods as
 * `name(firstArgument)` in `sent` (what a scenario counts on the wire), then makes it.
 */
export function recordingClient(names: ReadonlyArray<keyof IBApi>, sent: string[]): IbSessionOptions['createClient'] {
  return (options) => {
    const api = createIbClient(options);
    for (const name of names) {
      const original = (api[name] as (...args: unknown[]) => unknown).bind(api);
      (api as unknown as Record<string, (...args: unknown[]) => unknown>)[name as string] = (...args: unknown[]) => {
        sent.push(`${String(name)}(${String(args[0])})`);
        return original(...args);
      };
    }
    return api;
  };
}
