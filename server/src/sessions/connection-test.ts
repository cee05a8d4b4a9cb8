// What testing a saved connection answers (POST /api/connections/:id/test). A connection that a
// session of this process runs is answered by that session: a second login would only be
// refused with 326, its client id being taken. One that a worker in another process runs is
// answered from the status that worker last published. Only a connection nobody runs gets a
// one-shot connection of its own (check.ts).
import type { IbSession, SessionStatus } from '../broker/index.ts';
import type { Clock, Logger } from '../common/index.ts';
import { formatHostPort, IB_SESSION_CONDITIONS, type AddressPolicy, type ConnectionSettings, type SessionState } from '../domain/index.ts';
import { CHECK_EXIT, checkConnection, type CheckOutcome } from './check.ts';

export interface ConnectionUnderTest {
  id: string;
  settings: ConnectionSettings;
  /** The worker's last published status of the connection, and when it was published. */
  published: { status: SessionStatus; at: number } | null;
}

/** Where the answer came from. */
export type ConnectionTestSource = 'running_session' | 'published_status' | 'one_shot_check';

export interface ConnectionTestResult extends CheckOutcome {
  source: ConnectionTestSource;
  state?: SessionState;
  lastHeartbeatAt?: number;
  /** Round trip of a fresh reqCurrentTime through the running session, in ms. */
  roundTripMs?: number;
  /** For a published status: when the worker published it. */
  statusAt?: number;
  canTrade?: boolean;
  cannotTradeReason?: string;
}

export interface ConnectionTesterDeps {
  /** The broker worker of this process, when it runs one (`kairox start`; `kairox api` has none). */
  sessions?: { session(connectionId: string): IbSession | undefined };
  logger: Logger;
  policy: AddressPolicy;
  clock: Clock;
  /** How old a published status may be and still mean a worker runs the connection. Default 2 min; workers re-publish every 30 s. */
  publishedFreshMs?: number;
  /** For the one-shot connection. Default 10 s. */
  timeoutS?: number;
}

const DEFAULT_PUBLISHED_FRESH_MS = 2 * 60_000;

export class ConnectionTester {
  constructor(private readonly deps: ConnectionTesterDeps) {}

  async test(connection: ConnectionUnderTest): Promise<ConnectionTestResult> {
    const session = this.deps.sessions?.session(connection.id);
    if (session) return this.fromSession(connection, session);
    const published = connection.published;
    const age = published ? this.deps.clock.now() - published.at : Infinity;
    if (published && published.status.state !== 'stopped' && age <= (this.deps.publishedFreshMs ?? DEFAULT_PUBLISHED_FRESH_MS)) {
      const notice = `Answered from the status the broker worker last published ${Math.max(0, Math.round(age / 1000))} s ago: ` +
        'a worker in another process runs this connection, so no second login was made (it would be refused: the client id is taken).';
      return { ...outcomeOf(connection.settings, published.status, notice), source: 'published_status', statusAt: published.at };
    }
    const outcome = await checkConnection(connection.settings, { timeoutS: this.deps.timeoutS ?? 10, logger: this.deps.logger, policy: this.deps.policy });
    return { ...outcome, source: 'one_shot_check' };
  }

  /** Unsaved settings: one connection of their own, as `kairox check` makes. */
  async testSettings(settings: ConnectionSettings): Promise<ConnectionTestResult> {
    const outcome = await checkConnection(settings, { timeoutS: this.deps.timeoutS ?? 10, logger: this.deps.logger, policy: this.deps.policy });
    return { ...outcome, source: 'one_shot_check' };
  }

  private async fromSession(connection: ConnectionUnderTest, session: IbSession): Promise<ConnectionTestResult> {
    let roundTripMs: number | undefined;
    let noAnswer: string | undefined;
    if (session.currentState === 'ready') {
      const started = performance.now();
      try {
        await session.currentTime();
        roundTripMs = Math.round(performance.now() - started);
      } catch (error) {
        noAnswer = `The running session did not answer a time request: ${(error as Error).message}.`;
      }
    }
    const notice = 'Answered by the session Kairox runs for this connection: no second login was made (it would be refused: the client id is taken).';
    const result: ConnectionTestResult = { ...outcomeOf(connection.settings, session.status(), notice), source: 'running_session', roundTripMs };
    if (noAnswer && result.ok) Object.assign(result, { ok: false, exitCode: CHECK_EXIT.failed, failure: { kind: 'no_answer', message: noAnswer } });
    return result;
  }
}

/** A session's status in the shape of a check's outcome, so both answers read the same. */
function outcomeOf(settings: ConnectionSettings, status: SessionStatus, notice: string): Omit<ConnectionTestResult, 'source'> {
  const account = settings.accountId ? { id: settings.accountId, exists: status.accounts.includes(settings.accountId) } : null;
  const readOnly = status.readOnly === true;
  const ok = status.state === 'ready' && !readOnly;
  const failure = ok ? undefined
    : readOnly ? { kind: 'read_only', ibCode: IB_SESSION_CONDITIONS.read_only.code, message: IB_SESSION_CONDITIONS.read_only.warning }
    : {
      kind: status.lastError?.kind ?? 'not_ready',
      message: status.lastError?.message ?? `The session is ${status.state.replaceAll('_', ' ')} (attempt ${status.attempts}); ask again in a moment.`,
      ...(status.lastError?.code !== undefined ? { ibCode: status.lastError.code } : {}),
    };
  return {
    ok, exitCode: ok ? CHECK_EXIT.ready : readOnly ? CHECK_EXIT.readOnly : CHECK_EXIT.failed,
    target: formatHostPort(settings), clientId: settings.clientId, ...(failure ? { failure } : {}),
    serverVersion: status.serverVersion, connectionTime: status.connectionTime, clockSkewMs: status.clockSkewMs,
    accounts: status.accounts, mode: status.mode, account, readOnly: status.readOnly, farms: status.farms,
    warnings: status.warnings, notices: [notice],
    state: status.state, lastHeartbeatAt: status.lastHeartbeatAt, canTrade: status.canTrade, cannotTradeReason: status.cannotTradeReason,
  };
}
