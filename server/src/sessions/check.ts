// `kairox check HOST:PORT --client-id N [--account ID] [--timeout S] [--json]`: one connection
// attempt, a report a person can act on, and an exit code per failure. Arguments go through the
// form's validator (same rules, same words, same misplaced-secret guard). A refused value is
// never printed back.
import { pino } from 'pino';
import { IbSession, resolveTarget, type Resolver, type SessionStatus } from '../broker/index.ts';
import type { Logger } from '../common/index.ts';
import {
  CLIENT_ZERO_WARNING, DEFAULT_ADDRESS_POLICY, detectSecret, ibCodeInfo, IB_SESSION_CONDITIONS, formatHostPort, validateConnectionForm,
  type AddressPolicy, type ConnectionSettings, type FormResult, type TradingMode,
} from '../domain/index.ts';

export interface CheckIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export interface CheckDeps {
  logger?: Logger;
  policy?: AddressPolicy;
  resolver?: Resolver;
}

export const CHECK_EXIT = {
  ready: 0,
  failed: 1,
  usage: 2,
  nothingListening: 3,
  closedByGateway: 4,
  timeout: 5,
  clientIdInUse: 6,
  unknownAccount: 7,
  readOnly: 8,
  addressRefused: 9,
} as const;

export const CHECK_USAGE = 'Usage: kairox check HOST:PORT --client-id N [--account ID] [--timeout S] [--json]';

interface CheckArgs { hostPort?: string; clientId?: string; accountId?: string; timeoutS: number; json: boolean }

type Parsed = { ok: true; args: CheckArgs } | { ok: false; message: string };

const NAMED = new Set(['--client-id', '--account', '--timeout']);

/** Shows an option's name only when it is harmless; a secret pasted as an option is not repeated. */
function safeName(text: string): string {
  return /^--?[a-z][a-z-]{0,30}$/.test(text) && !detectSecret(text) ? `"${text}"` : 'an argument';
}

export function parseCheckArgs(argv: readonly string[]): Parsed {
  const args: CheckArgs = { timeoutS: 10, json: false };
  const positional: string[] = [];
  let timeoutText: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i] ?? '';
    const eq = raw.startsWith('--') ? raw.indexOf('=') : -1;
    const name = eq > 0 ? raw.slice(0, eq) : raw;
    if (name === '--json') {
      args.json = true;
      continue;
    }
    if (NAMED.has(name)) {
      const value = eq > 0 ? raw.slice(eq + 1) : argv[++i];
      if (value === undefined) return { ok: false, message: `${name} needs a value.` };
      if (name === '--client-id') args.clientId = value;
      else if (name === '--account') args.accountId = value;
      else timeoutText = value;
      continue;
    }
    if (raw.startsWith('-') && !/^-\d/.test(raw)) return { ok: false, message: `Unknown option ${safeName(name)}.` };
    positional.push(raw);
  }
  if (positional.length > 1) return { ok: false, message: 'Give exactly one HOST:PORT.' };
  args.hostPort = positional[0];
  if (timeoutText !== undefined) {
    if (detectSecret(timeoutText) || !/^\d+(\.\d+)?$/.test(timeoutText) || Number(timeoutText) <= 0 || Number(timeoutText) > 300) {
      return { ok: false, message: '--timeout must be a number of seconds above 0 and at most 300, for example 10.' };
    }
    args.timeoutS = Number(timeoutText);
  }
  return { ok: true, args };
}

export interface CheckOutcome {
  ok: boolean;
  exitCode: number;
  target: string;
  clientId: number;
  failure?: { kind: string; message: string; ibCode?: number };
  serverVersion?: number;
  connectionTime?: string;
  connectMs?: number;
  clockSkewMs?: number;
  accounts?: string[];
  mode?: TradingMode | 'mixed';
  account?: { id: string; exists: boolean } | null;
  readOnly?: boolean;
  farms?: SessionStatus['farms'];
  warnings: string[];
  notices: string[];
}

const FAILURE_EXIT: Record<string, number> = {
  refused: CHECK_EXIT.nothingListening,
  closed_early: CHECK_EXIT.closedByGateway,
  closed: CHECK_EXIT.closedByGateway,
  timeout: CHECK_EXIT.timeout,
  client_id_in_use: CHECK_EXIT.clientIdInUse,
  account_unknown: CHECK_EXIT.unknownAccount,
};

/** What `kairox check` prints for an outcome (the API's test answers carry the same text as `report`). */
export function renderCheckReport(o: CheckOutcome): string {
  const lines: string[] = [];
  if (o.serverVersion !== undefined) {
    lines.push(`Connected to ${o.target} as client ${o.clientId}${o.connectMs !== undefined ? ` in ${o.connectMs} ms` : ''}`);
    lines.push(`Server version: ${o.serverVersion}${o.connectionTime ? ` (gateway time ${o.connectionTime})` : ''}`);
  }
  if (o.clockSkewMs !== undefined) lines.push(`Clock skew: ${o.clockSkewMs >= 0 ? '+' : ''}${(o.clockSkewMs / 1000).toFixed(1)} s (gateway minus this machine, ±0.5 s: the gateway answers in whole seconds)`);
  if (o.accounts) lines.push(`Accounts: ${o.accounts.join(', ') || 'none'}`);
  if (o.mode) lines.push(`Mode: ${o.mode}`);
  if (o.account) lines.push(`Account ${o.account.id}: ${o.account.exists ? 'found' : 'NOT offered by this login'}`);
  if (o.farms && Object.keys(o.farms).length > 0) {
    lines.push(`Data farms: ${Object.entries(o.farms).map(([farm, s]) => `${farm} ${s.ok ? 'OK' : 'BROKEN'}`).join(', ')}`);
  }
  if (o.readOnly !== undefined) lines.push(`API: ${o.readOnly ? 'read-only' : 'read-write'}`);
  for (const n of o.notices) lines.push(`Notice: ${n}`);
  for (const w of o.warnings) lines.push(`Warning: ${w}`);
  lines.push(o.ok ? 'Ready.' : `Not ready: ${o.failure?.message ?? 'unknown failure'}`);
  return `${lines.join('\n')}\n`;
}

/** Implements `kairox check`; returns the exit code. */
export async function runCheck(argv: readonly string[], io: CheckIo, deps: CheckDeps = {}): Promise<number> {
  const parsed = parseCheckArgs(argv);
  if (!parsed.ok) {
    io.stderr(`${parsed.message}\n${CHECK_USAGE}\n`);
    return CHECK_EXIT.usage;
  }
  const { args } = parsed;
  const form: FormResult = validateConnectionForm({ hostPort: args.hostPort, clientId: args.clientId, accountId: args.accountId });
  if (!form.ok) {
    const flag = { hostPort: 'HOST:PORT', clientId: '--client-id', accountId: '--account', connectionType: '', platform: '' };
    for (const p of form.problems) io.stderr(`${flag[p.field]}: ${p.message}\n`);
    io.stderr(`${CHECK_USAGE}\n`);
    return CHECK_EXIT.usage;
  }
  const outcome = await checkConnection(form.value, { timeoutS: args.timeoutS, ...deps });
  outcome.notices.unshift(...form.notices);
  io.stdout(args.json ? `${JSON.stringify(outcome, null, 2)}\n` : renderCheckReport(outcome));
  return outcome.exitCode;
}

export interface CheckOptions extends CheckDeps {
  timeoutS?: number;
}

/** One connection attempt with a full report; shared by `kairox check` and the API's test endpoint. */
export async function checkConnection(settings: ConnectionSettings, options: CheckOptions = {}): Promise<CheckOutcome> {
  const deps = options;
  const args = { timeoutS: options.timeoutS ?? 10 };
  const target = formatHostPort(settings);
  const outcome: CheckOutcome = { ok: false, exitCode: CHECK_EXIT.failed, target, clientId: settings.clientId, warnings: [], notices: [] };
  const finish = (): CheckOutcome => outcome;

  const decision = await resolveTarget(settings.host, deps.policy ?? DEFAULT_ADDRESS_POLICY, deps.resolver);
  if (!decision.allowed || !decision.address) {
    outcome.exitCode = CHECK_EXIT.addressRefused;
    outcome.failure = { kind: 'address_refused', message: `IB Gateway Host:Port is not allowed: ${decision.allowed ? 'no address' : decision.reason}.` };
    return finish();
  }

  const timeoutMs = Math.round(args.timeoutS * 1000);
  const session = new IbSession({
    host: decision.address, port: settings.port, clientId: settings.clientId, accountId: null,
    logger: deps.logger ?? pino({ level: 'silent' }),
    connectTimeoutMs: timeoutMs, requestTimeoutMs: timeoutMs, reconnect: false,
  });
  const started = Date.now();
  session.start();
  try {
    await session.whenReady(timeoutMs + 1_000);
    outcome.connectMs = Date.now() - started;
    await session.currentTime().catch(() => undefined);
    const status = session.status();
    Object.assign(outcome, {
      serverVersion: status.serverVersion, connectionTime: status.connectionTime, accounts: status.accounts,
      mode: status.mode, farms: status.farms, clockSkewMs: status.clockSkewMs,
    });
    // The form's notice already says it (runCheck adds the notices).
    outcome.warnings.push(...status.warnings.filter((w) => w !== CLIENT_ZERO_WARNING));
    outcome.account = settings.accountId ? { id: settings.accountId, exists: status.accounts.includes(settings.accountId) } : null;
    outcome.readOnly = await session.probeReadOnly().catch(() => undefined);
    if (outcome.account && !outcome.account.exists) {
      outcome.exitCode = CHECK_EXIT.unknownAccount;
      outcome.failure = { kind: 'account_unknown', message: `IB Account ID ${outcome.account.id} is not one of the accounts this login offers: ${status.accounts.join(', ') || 'none'}.` };
    } else if (outcome.readOnly) {
      outcome.exitCode = CHECK_EXIT.readOnly;
      const readOnly = IB_SESSION_CONDITIONS.read_only;
      outcome.failure = { kind: 'read_only', ibCode: readOnly.code, message: readOnly.warning };
    } else {
      outcome.ok = true;
      outcome.exitCode = CHECK_EXIT.ready;
    }
  } catch {
    const status = session.status();
    const err = status.lastError;
    const kind = err?.kind ?? 'timeout';
    outcome.exitCode = FAILURE_EXIT[kind] ?? CHECK_EXIT.failed;
    let message = err?.message ?? `No answer within ${args.timeoutS} s.`;
    if (kind === 'refused') message = `Nothing is listening at ${target}. ${ibCodeInfo(502).explanation.replace(/^Nothing is listening at this address\. /, '')}`;
    if (kind === 'client_id_in_use') message = `Client ID ${settings.clientId} is already in use (IB error 326): another API client is connected with it, or the gateway still holds it after a crash. Stop the other program, wait a minute, or choose another client ID.`;
    if (kind === 'timeout') message = `No answer from ${target} within ${args.timeoutS} s (connect timeout). The port is open but nothing speaks the TWS API there, or the gateway is stuck (a dialog waiting in TWS?).`;
    outcome.failure = { kind, message, ...(err?.code !== undefined ? { ibCode: err.code } : {}) };
    if (status.serverVersion !== undefined) outcome.serverVersion = status.serverVersion;
  } finally {
    session.stop('check finished');
  }
  return finish();
}
