// The worker: one broker session per enabled connection of every workspace. It reconciles what
// runs with what is stored (on start, every poll, and when told a connection changed), so
// sessions start and stop as connections are created, changed, disabled or deleted. Each
// session's transitions and notes go to the connection's timeline, and its status is published
// on the connection row, where API processes read it.
import {
  IbSession, notRunningStatus, resolveTarget, type BrokerReport, type ContractRef, type ContractSearchResult, type IbSessionOptions, type ReportOrigin, type Resolver, type SessionStatus, type TimelineEntry,
} from '../broker/index.ts';
import { componentLogger, newId, systemClock, type Clock, type Logger } from '../common/index.ts';
import { accountMode, DEFAULT_ADDRESS_POLICY, ibCodeInfo, type AddressPolicy, type AuditEventInput } from '../domain/index.ts';

/** A stored connection as the worker needs it. */
export interface WorkerConnection {
  id: string;
  workspaceId: string;
  host: string;
  port: number;
  clientId: number;
  accountId: string | null;
  /** Changes whenever the settings change: the session is restarted. */
  revision: number;
}

export interface TimelineRecord {
  id: string;
  at: number;
  from: string;
  to: string;
  event: string;
  reason: string;
  code: number | null;
}

/** A session's transition as the audit trail keeps it: the attempt, the server version once ready, IB's code and text when IB caused it. */
function stateChangedEntry(connectionId: string, session: IbSession, e: TimelineEntry): AuditEventInput {
  const serverVersion = e.to === 'ready' ? session.status().serverVersion : undefined;
  return {
    action: 'connection.state_changed', actor: { type: 'system', id: null }, target: { type: 'connection', id: connectionId },
    data: {
      connectionId, from: e.from, to: e.to, event: e.event, reason: e.reason, attempt: session.attemptCount, at: e.at,
      ...(serverVersion !== undefined && { serverVersion }), ...(e.code !== undefined && { code: e.code }),
    },
  };
}

/** The port the worker needs from storage; connections/ implements it, the composition root plugs it in. */
export interface ConnectionSource {
  enabledConnections(): Promise<WorkerConnection[]>;
  appendTimeline(workspaceId: string, connectionId: string, record: TimelineRecord): Promise<void>;
  publishStatus(workspaceId: string, connectionId: string, status: SessionStatus, at: number): Promise<void>;
  /** Several at once, in one transaction (the periodic refresh of every running session). */
  publishStatuses(entries: ReadonlyArray<{ workspaceId: string; connectionId: string; status: SessionStatus; at: number }>): Promise<void>;
}

/**
 * What the worker tells the trading controls (connections/ implements it): a fill on a paper
 * account (the workspace's paper-first evidence), and the login's accounts at every sync (a
 * connection whose execution was enabled for another account type halts; the reason comes back).
 */
export interface TradingControlsPort {
  paperFillSeen(workspaceId: string, connectionId: string, fill: { execId: string; account?: string }): Promise<void>;
  accountsSeen(workspaceId: string, connectionId: string, accounts: readonly string[]): Promise<string | undefined>;
}

/**
 * Where a session's real state changes are audited (main.ts plugs in the audit log): transitions
 * only, never a note, a heartbeat or the periodic status refresh.
 */
export interface SessionAuditPort {
  record(workspaceId: string, entry: AuditEventInput): Promise<void>;
}

export interface WorkerOptions {
  source: ConnectionSource;
  logger: Logger;
  clock?: Clock;
  /** How often stored connections are re-read. Default 2 s. */
  pollMs?: number;
  /** How often a running session's status is re-published without a transition. Default 30 s. */
  statusRefreshMs?: number;
  policy?: AddressPolicy;
  resolver?: Resolver;
  /** Overrides for every session (timeouts, heartbeat, backoff); mostly for tests and benchmarks. */
  session?: Partial<Omit<IbSessionOptions, 'host' | 'port' | 'clientId' | 'accountId' | 'logger' | 'onTimeline' | 'onReport'>>;
  onReport?: (connectionId: string, workspaceId: string, report: BrokerReport, origin: ReportOrigin) => void;
  tradingControls?: TradingControlsPort;
  audit?: SessionAuditPort;
}

export interface RunningSession {
  connectionId: string;
  workspaceId: string;
  revision: number;
  session: IbSession | undefined;
  /** What is published while no session runs although the connection is enabled (address refused by the policy). */
  refused?: SessionStatus;
}

export interface WorkerStatusEntry { connectionId: string; workspaceId: string; status: SessionStatus | undefined }

export class SessionWorker {
  private readonly running = new Map<string, RunningSession>();
  private readonly writes = new Map<string, Promise<void>>();
  /** Workspaces whose paper-fill evidence is recorded: later fills need no write. */
  private readonly paperEvidence = new Set<string>();
  private readonly clock: Clock;
  private readonly log: Logger;
  private pollTimer: NodeJS.Timeout | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private reconciling: Promise<void> | undefined;
  private refreshing: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(private readonly options: WorkerOptions) {
    this.clock = options.clock ?? systemClock;
    this.log = componentLogger(options.logger, 'worker');
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.reconcile();
    this.pollTimer = setInterval(() => void this.reconcile(), this.options.pollMs ?? 2_000);
    this.refreshTimer = setInterval(() => this.refreshStatuses(), this.options.statusRefreshMs ?? 30_000);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.pollTimer);
    clearInterval(this.refreshTimer);
    await this.reconciling;
    await this.refreshing;
    for (const r of this.running.values()) r.session?.stop('worker stopped');
    this.running.clear();
    await Promise.all(this.writes.values());
  }

  /** Tell the worker a connection changed (the API calls this in-process; other processes rely on the poll). */
  nudge(): void {
    void this.reconcile();
  }

  statuses(): WorkerStatusEntry[] {
    return [...this.running.values()].map((r) => ({
      connectionId: r.connectionId, workspaceId: r.workspaceId,
      // undefined only while the address is being resolved.
      status: r.session ? r.session.status() : r.refused,
    }));
  }

  session(connectionId: string): IbSession | undefined {
    return this.running.get(connectionId)?.session;
  }

  /** The workspace of a connection this worker runs. */
  workspaceOf(connectionId: string): string | undefined {
    return this.running.get(connectionId)?.workspaceId;
  }

  /** IB's contract candidates through the connection's session; undefined when no session runs it here. */
  searchContracts(connectionId: string, spec: ContractRef): Promise<ContractSearchResult> | undefined {
    return this.session(connectionId)?.searchContracts(spec);
  }

  /** One pass; concurrent calls coalesce into one more pass after the current one. */
  reconcile(): Promise<void> {
    if (this.reconciling) {
      this.again = true;
      return this.reconciling;
    }
    this.reconciling = (async () => {
      do {
        this.again = false;
        try {
          await this.reconcileOnce();
        } catch (error) {
          this.log.error({ err: error }, 'reconciling sessions with stored connections failed');
        }
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.reconciling = undefined;
    });
    return this.reconciling;
  }

  private async reconcileOnce(): Promise<void> {
    const rows = await this.options.source.enabledConnections();
    if (this.stopped) return;
    const wanted = new Map(rows.map((r) => [r.id, r]));
    for (const [id, r] of this.running) {
      const row = wanted.get(id);
      if (!row || row.revision !== r.revision) {
        r.session?.stop(row ? 'connection settings changed' : 'connection disabled or deleted');
        this.running.delete(id);
        this.log.info({ connectionId: id }, row ? 'session restarting with new settings' : 'session stopped');
      }
    }
    for (const row of rows) {
      if (!this.running.has(row.id)) await this.startSession(row);
    }
  }

  private async startSession(row: WorkerConnection): Promise<void> {
    const entry: RunningSession = { connectionId: row.id, workspaceId: row.workspaceId, revision: row.revision, session: undefined };
    this.running.set(row.id, entry);
    const decision = await resolveTarget(row.host, this.options.policy ?? DEFAULT_ADDRESS_POLICY, this.options.resolver);
    if (this.running.get(row.id) !== entry) return;
    if (!decision.allowed || !decision.address) {
      const now = this.clock.now();
      const message = `IB Gateway Host:Port is not allowed: ${decision.allowed ? 'no address' : decision.reason}.`;
      const refused = notRunningStatus(row, now, { at: now, kind: 'address_refused', message });
      entry.refused = refused;
      this.enqueue(row.id, () => this.options.source.publishStatus(row.workspaceId, row.id, refused, now));
      return;
    }
    const session = new IbSession({
      ...this.options.session,
      host: decision.address, port: row.port, clientId: row.clientId, accountId: row.accountId,
      logger: componentLogger(this.options.logger, 'ib-session', { connectionId: row.id, workspaceId: row.workspaceId }),
      clock: this.clock,
      onTimeline: (e) => this.onTimeline(row, session, e),
      onReport: (report, origin) => {
        this.watchTrading(row, session, report);
        this.options.onReport?.(row.id, row.workspaceId, report, origin);
      },
    });
    entry.session = session;
    session.start();
  }

  private onTimeline(row: WorkerConnection, session: IbSession, e: TimelineEntry): void {
    // A stopped session's last words still go on the timeline; its status only if nothing replaced it.
    const current = this.running.get(row.id)?.session === session;
    // A note's reason already is the explanation (domain wording); a transition caused by IB gets IB's.
    const note = e.from === e.to;
    const explanation = e.code !== undefined && !note ? ibCodeInfo(e.code).explanation : undefined;
    // Read now, not when the write runs: the session may have moved on by then.
    const audited = note ? undefined : stateChangedEntry(row.id, session, e);
    this.enqueue(row.id, async () => {
      const source = this.options.source;
      await source.appendTimeline(row.workspaceId, row.id, {
        id: newId('cev'), at: e.at, from: e.from, to: e.to, event: e.event,
        reason: explanation ? `${e.reason} — ${explanation}` : e.reason, code: e.code ?? null,
      });
      if (current || e.to === 'stopped') await source.publishStatus(row.workspaceId, row.id, session.status(), this.clock.now());
    });
    // A queue of its own (still in order per connection): the audit append never delays the timeline and status writes.
    const audit = this.options.audit;
    if (audited && audit) this.enqueue(`${row.id} audit`, () => audit.record(row.workspaceId, audited), 'could not audit a session state change');
  }

  /** Executions (live or in a snapshot) and the accounts of every sync, for the trading controls. */
  private watchTrading(row: WorkerConnection, session: IbSession, report: BrokerReport): void {
    const controls = this.options.tradingControls;
    if (!controls) return;
    const executions = report.kind === 'execution' ? [report] : report.kind === 'reconciliation' ? report.snapshot.executions : [];
    // An execution names its account; one that does not is taken to be on the login's account type.
    const paper = executions.find((e) => (e.account ? accountMode(e.account) : session.status().mode) === 'paper');
    if (paper && !this.paperEvidence.has(row.workspaceId)) {
      this.enqueue(row.id, async () => {
        await controls.paperFillSeen(row.workspaceId, row.id, { execId: paper.execId, ...(paper.account && { account: paper.account }) });
        this.paperEvidence.add(row.workspaceId);
      });
    }
    if (report.kind !== 'reconciliation') return;
    const accounts = report.snapshot.accounts;
    this.enqueue(row.id, async () => {
      const halted = await controls.accountsSeen(row.workspaceId, row.id, accounts);
      if (!halted) return;
      const state = session.status().state;
      await this.options.source.appendTimeline(row.workspaceId, row.id, {
        id: newId('cev'), at: this.clock.now(), from: state, to: state, event: 'trading_halted', reason: halted, code: null,
      });
    });
  }

  /**
   * Every running session's status in ONE write: one commit per refresh, where one per connection
   * blocked the event loop for a commit each (100 connections: ~100 ms every 30 s on SQLite, seen in
   * bench/intake's p99). Each status is read when the write runs, so it is never older than a
   * transition's own write queued before it.
   */
  private refreshStatuses(): void {
    if (this.refreshing) return;
    const running = [...this.running.values()].filter((r) => r.session !== undefined);
    if (running.length === 0) return;
    this.refreshing = (async () => {
      const now = this.clock.now();
      const entries = running.flatMap((r) => (r.session ? [{ workspaceId: r.workspaceId, connectionId: r.connectionId, status: r.session.status(), at: now }] : []));
      await this.options.source.publishStatuses(entries);
    })().catch((error: unknown) => this.log.warn({ err: error }, 'could not record the sessions\' statuses')).finally(() => {
      this.refreshing = undefined;
    });
  }

  /** Writes under one key (a connection, or its audit entries) stay in order; a failed write is logged, never thrown into a session. */
  private enqueue(key: string, work: () => Promise<void>, failure = 'could not record session status'): void {
    const previous = this.writes.get(key) ?? Promise.resolve();
    const next = previous.then(work).catch((error: unknown) => this.log.warn({ err: error, connectionId: key.split(' ')[0] }, failure));
    this.writes.set(key, next);
    void next.finally(() => {
      if (this.writes.get(key) === next) this.writes.delete(key);
    });
  }
}
