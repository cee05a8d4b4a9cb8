// `kairox sim` / gateway-sim command line: parses and validates flags, starts the gateway,
// prints `listening on HOST:PORT` once it accepts connections, stops on SIGINT/SIGTERM.
// Logs (pino, JSON) go to stderr so stdout carries only that one line.
import { isIP } from 'node:net';
import { pino } from 'pino';
import { parseClockSpec } from './engine/index.ts';
import type { SimClock } from './engine/index.ts';
import { startGateway } from './server/index.ts';
import type { GatewayOptions } from './server/index.ts';

/** The help text; `command` is how the user started it (`kairox sim`, or `gateway-sim` when run directly). */
export const simUsage = (command: string): string => `Usage: ${command} [options]

A simulated IB Gateway speaking the TWS socket API (server versions 176-178).

Options:
  --host HOST            interface to listen on (default 127.0.0.1)
  --port PORT            TCP port, 0 = any free port (default 4002, IB Gateway paper)
  --accounts LIST        comma-separated account ids (default: one generated id)
                         paper ids start with DU/DF, live ids with U
  --mode paper|live      account flavour (default paper); live is still a simulation
  --seed N               seed for prices and ids (default 1)
  --state FILE           load engine state from FILE at start, save it at stop
  --admin-port PORT      fault-injection HTTP API on 127.0.0.1:PORT (see README)
  --clock SPEC           real | accelerated:N | fixed:ISO-TIME (default real)
  --hours always|real    always (default): every instrument trades around the clock, so
                         market orders fill at any hour; real: each instrument's own
                         trading and liquid hours (a MKT order outside RTH waits)
  --help                 show this help
`;

class UsageError extends Error {}

interface Parsed {
  help: boolean;
  options: GatewayOptions;
}

const FLAGS = new Set(['--host', '--port', '--accounts', '--mode', '--seed', '--state', '--admin-port', '--clock', '--hours']);

function port(flag: string, v: string): number {
  if (!/^\d{1,5}$/.test(v) || Number(v) > 65535) throw new UsageError(`${flag} must be a port number 0-65535, got "${v}"`);
  return Number(v);
}

/** Parses argv (without node/script) into gateway options; throws UsageError with a clear message. */
export function parseSimArgs(argv: readonly string[]): Parsed {
  const values = new Map<string, string>();
  let help = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (!FLAGS.has(name)) throw new UsageError(`unknown option "${arg}" (see --help)`);
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      i += 1;
    }
    if (value === undefined || value === '' || (eq < 0 && value.startsWith('--'))) throw new UsageError(`${name} needs a value`);
    if (values.has(name)) throw new UsageError(`${name} given twice`);
    values.set(name, value);
  }

  const options: GatewayOptions = {};
  const host = values.get('--host');
  if (host !== undefined) {
    if (isIP(host) === 0 && !/^[A-Za-z0-9.-]+$/.test(host)) throw new UsageError(`--host must be an IP address or host name, got "${host}"`);
    options.host = host;
  }
  const p = values.get('--port');
  if (p !== undefined) options.port = port('--port', p);
  const mode = values.get('--mode') ?? 'paper';
  if (mode !== 'paper' && mode !== 'live') throw new UsageError(`--mode must be paper or live, got "${mode}"`);
  options.mode = mode;
  const accounts = values.get('--accounts');
  if (accounts !== undefined) {
    const list = accounts.split(',').map((a) => a.trim());
    for (const a of list) {
      if (!/^[A-Z]{1,3}[A-Z0-9]{1,12}$/.test(a)) throw new UsageError(`--accounts: "${a}" is not an account id (e.g. DU1234567)`);
      if (mode === 'paper' && !/^D[UF]/.test(a)) throw new UsageError(`--accounts: paper account ids start with DU or DF, got "${a}" (use --mode live for U… ids)`);
      if (mode === 'live' && !a.startsWith('U')) throw new UsageError(`--accounts: live account ids start with U, got "${a}"`);
    }
    if (new Set(list).size !== list.length) throw new UsageError('--accounts lists an account twice');
    options.accounts = list;
  }
  const seed = values.get('--seed');
  if (seed !== undefined) {
    if (!/^-?\d{1,15}$/.test(seed)) throw new UsageError(`--seed must be an integer, got "${seed}"`);
    options.seed = Number(seed);
  }
  const state = values.get('--state');
  if (state !== undefined) options.stateFile = state;
  const admin = values.get('--admin-port');
  if (admin !== undefined) options.adminPort = port('--admin-port', admin);
  const clock = values.get('--clock');
  if (clock !== undefined) {
    let parsed: SimClock;
    try {
      parsed = parseClockSpec(clock);
    } catch (err) {
      throw new UsageError(`--clock: ${(err as Error).message}`);
    }
    options.clock = parsed;
  }
  // A gateway started by hand is for demos and checks, at any hour: round-the-clock unless asked.
  const hours = values.get('--hours') ?? 'always';
  if (hours !== 'always' && hours !== 'real') throw new UsageError(`--hours must be always or real, got "${hours}"`);
  options.hours = hours;
  return { help, options };
}

export interface SimMainIo {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  /** The command name used in help and error lines (default `gateway-sim`). */
  command?: string;
  /** Resolves when the process should stop (default: first SIGINT or SIGTERM). */
  stopSignal?: Promise<unknown>;
}

function signalPromise(): Promise<string> {
  return new Promise((resolve) => {
    const on = (sig: string): void => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(sig);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

/** Runs the simulator until SIGINT/SIGTERM; returns the exit code (2 = bad usage). */
export async function simMain(argv: string[], io?: Partial<SimMainIo>): Promise<number> {
  const out = io?.stdout ?? ((l: string) => process.stdout.write(`${l}\n`));
  const err = io?.stderr ?? ((l: string) => process.stderr.write(`${l}\n`));
  const command = io?.command ?? 'gateway-sim';
  let parsed: Parsed;
  try {
    parsed = parseSimArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      err(`${command}: ${e.message}`);
      return 2;
    }
    throw e;
  }
  if (parsed.help) {
    out(simUsage(command));
    return 0;
  }
  const logger = pino({ name: 'gateway-sim', level: process.env['LOG_LEVEL'] ?? 'info' }, pino.destination(2));
  let gateway;
  try {
    gateway = await startGateway({ ...parsed.options, logger });
  } catch (e) {
    err(`${command}: could not start: ${(e as Error).message}`);
    return 1;
  }
  const stop = io?.stopSignal ?? signalPromise();
  out(`listening on ${gateway.host}:${gateway.port}`);
  if (gateway.adminPort !== undefined) logger.info({ adminPort: gateway.adminPort }, `admin API on http://127.0.0.1:${gateway.adminPort}`);
  await stop;
  await gateway.close();
  return 0;
}

const isEntry = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isEntry) {
  simMain(process.argv.slice(2)).then((code) => process.exit(code), (e: unknown) => {
    process.stderr.write(`gateway-sim: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  });
}
