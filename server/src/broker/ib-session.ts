// One supervised API session to a TWS / IB Gateway. It connects, syncs, keeps the session
// honest (connect timeout, heartbeat, pacing, per-request timeouts), reconnects with backoff,
// and turns IB messages into typed reports. It never decides an order's state.
//
// Rules it keeps (design.md, "@stoqey/ib behaviour"):
// - a fresh IBApi per attempt; events from a retired one are ignored (connection-attempt.ts);
// - nothing is called unless the session is ready (or, while syncing, for its own sync reads),
//   so the library's command buffer never holds a message for a later connection;
// - ready = nextValidId + managedAccounts, then open orders, completed orders, today's
//   executions, positions and account values read;
// - on a drop every pending request and every queued message fails at once.
//
// This class decides what happens when; the mechanisms live beside it: connection-attempt.ts
// and ib-events.ts (one try and what its IBApi says), pending-requests.ts, pacing.ts,
// heartbeat.ts, retry-schedule.ts, session-timeline.ts, report-publisher.ts, id-sequence.ts.
import type { Clock, Logger } from '../common/index.ts';
import { canApply, ibCodeInfo, isLive, loginMode, portModeWarning, type SessionState } from '../domain/index.ts';
import { ConnectionAttempt } from './connection-attempt.ts';
import {
  AccountError, BrokerError, DisconnectedError, IbRequestError, InvalidRequestError, NotReadyError, RequestTimeoutError,
} from './errors.ts';
import { errorSubject, farmStatus } from './gateway-notices.ts';
import { Heartbeat } from './heartbeat.ts';
import { IdSequence } from './id-sequence.ts';
import { createIbClient, type IBApi } from './ib-client.ts';
import type { IbEventSink } from './ib-events.ts';
import { fromIbContract, toIbContract, toIbOrder, validateContractRef, validateOrderRequest } from './ib-mapping.ts';
import { PacingLimiter, type PacingPriority } from './pacing.ts';
import { PendingRequests, type Collected, type RequestKey } from './pending-requests.ts';
import { ReportPublisher } from './report-publisher.ts';
import type {
  AccountValueReport, BrokerReport, CommissionReportData, CompletedOrderReport, ContractRef, ExecutionReport, OpenOrderReport,
  OrderStatusReport, PlaceOrderRequest, PositionReport, QualifyResult, ReconciliationSnapshot, SessionErrorKind, SessionLastError, SessionStatus, TimelineEntry,
} from './reports.ts';
import { RetrySchedule } from './retry-schedule.ts';
import { sessionTimings, type IbSessionOptions, type SessionTimings } from './session-options.ts';
import { SessionTimeline } from './session-timeline.ts';

export type { IbSessionOptions } from './session-options.ts';

const ACCOUNT_TAGS = 'NetLiquidation,TotalCashValue,BuyingPower,AvailableFunds,ExcessLiquidity,InitMarginReq,MaintMarginReq,AccountType';

/** An order id far above any real sequence; only ever cancelled, to probe read-only mode. */
const READ_ONLY_PROBE_ID = 2_147_483_000;

const SYSTEM_CLOCK: Clock = { now: () => Date.now() };

export class IbSession {
  readonly host: string;
  readonly port: number;
  readonly clientId: number;
  private readonly configuredAccount: string | null;
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly timings: SessionTimings;
  private readonly timeline: SessionTimeline;
  private readonly reports: ReportPublisher;
  private readonly pacer: PacingLimiter;
  private readonly pending: PendingRequests;
  private readonly heartbeat: Heartbeat;
  private readonly retry: RetrySchedule;
  private readonly ids = new IdSequence();

  private attempt: ConnectionAttempt | undefined;
  private attempts = 0;
  private serverVersion: number | undefined;
  private connectionTime: string | undefined;
  private accounts: string[] = [];
  private lastError: SessionLastError | undefined;
  private readonly farms: SessionStatus['farms'] = {};

  constructor(private readonly options: IbSessionOptions) {
    this.host = options.host;
    this.port = options.port;
    this.clientId = options.clientId;
    this.configuredAccount = options.accountId ?? null;
    this.clock = options.clock ?? SYSTEM_CLOCK;
    this.log = options.logger.child({ component: 'ib-session', host: options.host, port: options.port, clientId: options.clientId });
    this.timings = sessionTimings(options);
    this.timeline = new SessionTimeline(this.clock, this.log, options.onTimeline);
    this.reports = new ReportPublisher(this.log, options.onReport);
    this.pacer = new PacingLimiter({ perSecond: this.timings.pacingPerSecond });
    this.pending = new PendingRequests(this.timings.requestTimeoutMs);
    this.heartbeat = new Heartbeat({
      intervalMs: this.timings.heartbeatIntervalMs,
      answerMs: this.timings.heartbeatAnswerMs,
      missLimit: this.timings.heartbeatMissLimit,
      clock: this.clock,
      probe: () => void this.send('normal', (api) => api.reqCurrentTime()).catch(() => undefined),
      onDead: (misses) => {
        this.recordError('heartbeat', `The gateway stopped answering (${misses} heartbeats missed); the connection was dropped and will be retried.`);
        this.drop('heartbeat: gateway not answering');
      },
    });
    this.retry = new RetrySchedule({ clock: this.clock, backoff: options.backoff, random: options.random });
  }

  // ─── lifecycle ──────────────────────────────────────────────────────────────

  start(): void {
    if (this.timeline.state !== 'stopped') return;
    this.timeline.apply('start', 'session started');
    this.connect();
  }

  /** Stops for good (until start() again): socket closed, timers cleared, pending requests failed. */
  stop(reason = 'session stopped'): void {
    this.retry.cancel();
    if (this.timeline.state === 'stopped') return;
    this.teardown(reason);
    this.timeline.apply('stop', reason);
  }

  get currentState(): SessionState {
    return this.timeline.state;
  }

  status(): SessionStatus {
    const mode = this.accounts.length > 0 ? loginMode(this.accounts) : undefined;
    const warning = portModeWarning(this.port, mode);
    return {
      state: this.timeline.state,
      since: this.timeline.since,
      host: this.host,
      port: this.port,
      clientId: this.clientId,
      serverVersion: this.serverVersion,
      connectionTime: this.connectionTime,
      accounts: [...this.accounts],
      account: this.configuredAccount ?? (this.accounts.length === 1 ? this.accounts[0] ?? null : null),
      mode,
      warnings: [
        ...(warning ? [warning] : []),
        ...(this.clientId === 0 ? ['Client ID 0 also sees orders entered in TWS and by other API clients.'] : []),
      ],
      lastHeartbeatAt: this.heartbeat.lastAnswerAt,
      clockSkewMs: this.heartbeat.clockSkewMs,
      lastError: this.lastError,
      pacingQueueDepth: this.pacer.depth,
      pendingRequests: this.pending.size,
      farms: { ...this.farms },
      attempts: this.attempts,
      nextRetryAt: this.retry.nextRetryAt,
    };
  }

  recentTimeline(): readonly TimelineEntry[] {
    return this.timeline.recent();
  }

  /** Subscribes to reports (in addition to options.onReport). Returns the unsubscribe function. */
  onReport(listener: (report: BrokerReport) => void): () => void {
    return this.reports.subscribe(listener);
  }

  onStateChange(listener: (entry: TimelineEntry) => void): () => void {
    return this.timeline.onChange(listener);
  }

  /**
   * Resolves when ready. Rejects after `timeoutMs`, or — when reconnecting is off — as soon as
   * the one attempt failed, with the last error.
   */
  whenReady(timeoutMs: number): Promise<SessionStatus> {
    if (this.timeline.state === 'ready') return Promise.resolve(this.status());
    return new Promise((resolve, reject) => {
      const done = (fn: () => void): void => {
        clearTimeout(timer);
        off();
        fn();
      };
      const timer = setTimeout(() => done(() => reject(new BrokerError('REQUEST_TIMEOUT', `not ready after ${timeoutMs} ms${this.lastError ? `: ${this.lastError.message}` : ''}`))), timeoutMs);
      const off = this.onStateChange((entry) => {
        if (entry.to === 'ready') done(() => resolve(this.status()));
        else if (entry.to === 'stopped' || (entry.to === 'disconnected' && !this.timings.reconnect)) {
          done(() => reject(new BrokerError('DISCONNECTED', this.lastError?.message ?? entry.reason)));
        }
      });
    });
  }

  // ─── connecting and syncing ─────────────────────────────────────────────────

  private connect(): void {
    this.attempts += 1;
    let attempt: ConnectionAttempt;
    try {
      attempt = new ConnectionAttempt({
        host: this.host, port: this.port, clientId: this.clientId,
        createClient: this.options.createClient ?? createIbClient,
        connectTimeoutMs: this.timings.connectTimeoutMs,
        events: this.events,
        onLibraryFailure: (error) => {
          this.log.error({ err: error }, 'the client library failed while reading from the gateway');
          this.recordError('unreadable', 'The gateway sent a message the client library could not process; the connection was dropped and will be retried.');
          this.drop('unreadable message from the gateway');
        },
        onConnectTimeout: () => {
          this.recordError('timeout', `No usable answer from the gateway within ${this.timings.connectTimeoutMs / 1000} s (connect timeout).`);
          this.drop('connect timeout');
        },
        onHandlerFailure: (error) => {
          this.log.error({ err: error }, 'session event handler failed');
          this.recordError('unreadable', `Internal error while handling a gateway message: ${(error as Error).message}`);
          this.drop('internal error');
        },
      });
    } catch (error) {
      this.recordError('ib', `Could not create the IB client: ${(error as Error).message}`);
      this.timeline.apply('dropped', 'client could not be created');
      this.scheduleRetry();
      return;
    }
    this.attempt = attempt;
    attempt.open();
  }

  /** The current attempt's events (a retired attempt's never get here). */
  private readonly events: IbEventSink = {
    server: (version, time) => {
      this.serverVersion = version;
      this.connectionTime = time;
    },
    connected: (serverVersion) => this.timeline.apply('handshake_done', `socket open, server version ${serverVersion}`),
    disconnected: () => {
      const state = this.timeline.state;
      if (state === 'connecting' || state === 'syncing') {
        this.recordError('closed_early', 'The gateway closed the connection right away. If TWS or IB Gateway shows an "accept incoming connection" prompt, accept it; otherwise add this machine to Trusted IPs (Configure → Settings → API → Settings) or untick "Allow connections from localhost only".');
      } else {
        this.recordError('closed', 'The gateway closed the connection; it will be retried.');
      }
      this.drop('the gateway closed the connection');
    },
    nextValidId: (id) => {
      this.ids.seed(id);
      this.maybeSync();
    },
    managedAccounts: () => this.maybeSync(),
    notice: (code, message) => this.onNotice(code, message),
    error: (code, message, reqId) => this.onError(code, message, reqId),
    currentTime: (serverSeconds) => {
      this.heartbeat.answered(serverSeconds);
      this.pending.finish('currentTime', serverSeconds);
    },
    report: (report, collectedBy) => {
      this.pending.collect(collectedBy, report);
      this.reports.publish(report);
    },
    collect: (key, item) => this.pending.collect(key, item),
    end: (key) => this.pending.finish(key),
  };

  private maybeSync(): void {
    const attempt = this.attempt;
    const bootstrap = attempt?.bootstrap;
    if (!attempt || !bootstrap || this.timeline.state !== 'syncing') return;
    this.accounts = bootstrap.accounts;
    void this.sync(attempt);
  }

  private async sync(attempt: ConnectionAttempt): Promise<void> {
    let snapshot: ReconciliationSnapshot;
    try {
      snapshot = await this.readState();
    } catch (error) {
      if (this.attempt !== attempt) return;
      this.recordError('sync_failed', `Reading the account state failed: ${(error as Error).message}`);
      this.drop('sync failed');
      return;
    }
    if (this.attempt !== attempt) return;
    const accounts = attempt.bootstrap?.accounts ?? [];
    if (this.configuredAccount && !accounts.includes(this.configuredAccount)) {
      const err = new AccountError('ACCOUNT_UNKNOWN', `IB Account ID ${this.configuredAccount} is not one of the accounts this login offers: ${accounts.join(', ') || 'none'}.`, accounts);
      this.recordError('account_unknown', err.message);
      this.drop('configured account not offered by the login');
      return;
    }
    attempt.synced();
    this.retry.reset();
    this.lastError = undefined;
    this.timeline.apply('synced', `synced: ${snapshot.openOrders.length} open orders, ${snapshot.executions.length} executions, ${snapshot.positions.length} positions`);
    this.reports.publish({ kind: 'reconciliation', snapshot });
    this.heartbeat.start((fn) => attempt.guard(fn));
  }

  /** Reads everything a reconciliation needs. Used while syncing and on demand when ready. */
  private async readState(): Promise<ReconciliationSnapshot> {
    const execReqId = this.ids.take();
    const acctReqId = this.ids.take();
    const [open, completed, executions, positions, values] = await Promise.all([
      this.request('openOrders', 'open orders', 'normal', (api) => api.reqOpenOrders()),
      this.request('completedOrders', 'completed orders', 'normal', (api) => api.reqCompletedOrders(false)),
      this.request(execReqId, "today's executions", 'normal', (api) => api.reqExecutions(execReqId, {})),
      this.request('positions', 'positions', 'normal', (api) => api.reqPositions()),
      this.request(acctReqId, 'account values', 'normal', (api) => api.reqAccountSummary(acctReqId, 'All', ACCOUNT_TAGS)),
    ]);
    void this.send('normal', (api) => api.cancelAccountSummary(acctReqId)).catch(() => undefined);
    const pick = <T extends BrokerReport>(items: Collected, kind: T['kind']): T[] => items.filter((i): i is T => (i as BrokerReport).kind === kind);
    return {
      takenAt: this.clock.now(),
      accounts: [...this.accounts],
      openOrders: pick<OpenOrderReport>(open, 'openOrder'),
      orderStatuses: pick<OrderStatusReport>(open, 'orderStatus'),
      completedOrders: pick<CompletedOrderReport>(completed, 'completedOrder'),
      executions: pick<ExecutionReport>(executions, 'execution'),
      commissions: pick<CommissionReportData>(executions, 'commission'),
      positions: pick<PositionReport>(positions, 'position'),
      accountValues: pick<AccountValueReport>(values, 'accountValue'),
    };
  }

  // ─── drops and retries ──────────────────────────────────────────────────────

  private teardown(reason: string): void {
    this.heartbeat.stop();
    const attempt = this.attempt;
    this.attempt = undefined;
    this.pacer.clear(reason);
    this.pending.failAll(new DisconnectedError(reason));
    attempt?.retire();
  }

  private drop(reason: string, code?: number): void {
    if (!isLive(this.timeline.state)) return;
    this.teardown(reason);
    this.timeline.apply('dropped', reason, code);
    if (this.timings.reconnect) this.scheduleRetry();
  }

  private scheduleRetry(): void {
    const delay = this.retry.schedule(() => {
      if (this.timeline.state !== 'waiting_to_retry') return;
      this.timeline.apply('retry', `attempt ${this.attempts + 1}`);
      this.connect();
    });
    this.timeline.apply('retry_scheduled', `retrying in ${(delay / 1000).toFixed(1)} s`);
  }

  // ─── notices and errors ─────────────────────────────────────────────────────

  private onNotice(code: number, message: string): void {
    const info = ibCodeInfo(code);
    const farm = farmStatus(code, message);
    if (farm) this.farms[farm.farm] = { ok: farm.ok, code, message };
    const state = this.timeline.state;
    switch (info.action) {
      case 'degrade':
        if (canApply(state, 'connectivity_lost')) this.timeline.apply('connectivity_lost', message, code);
        break;
      case 'restore':
        if (canApply(state, 'connectivity_restored')) this.timeline.apply('connectivity_restored', message, code);
        break;
      case 'restore_resync':
        if (canApply(state, 'connectivity_resync') && this.attempt) {
          const attempt = this.attempt;
          this.heartbeat.stop();
          this.timeline.apply('connectivity_resync', message, code);
          void this.sync(attempt);
        }
        break;
      case 'retry_later':
      case 'reconnect':
        this.recordError(code === 326 ? 'client_id_in_use' : 'ib', message, code);
        this.drop(`IB ${code}: ${message}`, code);
        break;
      default:
        if (info.severity !== 'info') this.log.warn({ code, ibMessage: message }, 'gateway notice');
    }
    this.reports.publish({ kind: 'notice', code, message, info });
  }

  private onError(code: number, message: string, reqId: number): void {
    if (this.pending.has(reqId)) {
      this.pending.settle(reqId, new IbRequestError(code, message));
      return;
    }
    switch (errorSubject(code, reqId)) {
      case 'order':
        this.reports.publish({ kind: 'orderError', orderId: reqId, code, message, info: ibCodeInfo(code) });
        return;
      case 'connection': {
        // 502 (nothing listening) and friends: the library follows with `disconnected`, or not at all.
        const refused = code === 502;
        this.recordError(refused ? 'refused' : 'ib', refused ? ibCodeInfo(code).explanation : `${message} (${code})`, code);
        if (this.timeline.state === 'connecting') this.drop(`IB ${code}: ${message}`, code);
        return;
      }
      case 'notice':
        this.onNotice(code, message);
    }
  }

  private recordError(kind: SessionErrorKind, message: string, code?: number): void {
    const info = code === undefined ? undefined : ibCodeInfo(code);
    this.lastError = { at: this.clock.now(), kind, message, ...(code !== undefined ? { code, explanation: info?.explanation } : {}) };
    this.log.warn({ code, kind }, message);
  }

  // ─── requests ───────────────────────────────────────────────────────────────

  /** The api for a call made by a user of the session: only when ready. */
  private readyApi(): IBApi {
    if (this.timeline.state !== 'ready' || !this.attempt) throw new NotReadyError(this.timeline.state);
    return this.attempt.api;
  }

  /** Sends through the pacer to the current attempt's api; fails if the attempt changed meanwhile. */
  private send(priority: PacingPriority, call: (api: IBApi) => void): Promise<void> {
    const attempt = this.attempt;
    if (!attempt) return Promise.reject(new NotReadyError(this.timeline.state));
    return this.pacer.submit(priority, () => {
      if (this.attempt !== attempt) throw new DisconnectedError('connection replaced before sending');
      call(attempt.api);
    });
  }

  private request(key: RequestKey, what: string, priority: PacingPriority, call: (api: IBApi) => void): Promise<Collected> {
    return this.pending.open(key, what, () => this.send(priority, call));
  }

  private report(report: BrokerReport, key: RequestKey): void {
    this.pending.collect(key, report);
    this.reports.publish(report);
  }

  // ─── the session's public operations ────────────────────────────────────────

  /** Answers with the gateway's clock (seconds since the epoch). */
  async currentTime(): Promise<number> {
    this.readyApi();
    const [t] = await this.request('currentTime', 'the current time', 'normal', (api) => api.reqCurrentTime());
    return Number(t);
  }

  /**
   * Whether the gateway is in Read-Only API mode, without touching any order: a cancel of an id
   * no client uses answers 10147 (not found) normally and 321 (read-only) in read-only mode.
   * undefined when the gateway gave neither answer in time.
   */
  async probeReadOnly(): Promise<boolean | undefined> {
    this.readyApi();
    try {
      await this.request(READ_ONLY_PROBE_ID, 'the read-only probe', 'cancel', (api) => api.cancelOrder(READ_ONLY_PROBE_ID));
      return undefined;
    } catch (error) {
      if (error instanceof IbRequestError) return error.ibCode === 321 && /read-only/i.test(error.ibMessage);
      if (error instanceof RequestTimeoutError) return undefined;
      throw error;
    }
  }

  /** A fresh read of open/completed orders, executions, positions and account values. */
  async reconciliationSnapshot(): Promise<ReconciliationSnapshot> {
    this.readyApi();
    const snapshot = await this.readState();
    this.reports.publish({ kind: 'reconciliation', snapshot });
    return snapshot;
  }

  async qualifyContract(spec: ContractRef): Promise<QualifyResult> {
    validateContractRef(spec, 'qualify');
    this.readyApi();
    const reqId = this.ids.take();
    let details: Collected;
    try {
      details = await this.request(reqId, 'contract details', 'normal', (api) => api.reqContractDetails(reqId, toIbContract(spec)));
    } catch (error) {
      if (error instanceof IbRequestError && error.ibCode === 200) return { kind: 'not_found', message: error.ibMessage };
      throw error;
    }
    const found = details.map((d) => d as { contract?: unknown; longName?: string; minTick?: number; marketName?: string; validExchanges?: string });
    if (found.length === 0) return { kind: 'not_found', message: 'IB returned no contract for this description.' };
    if (found.length > 1) return { kind: 'ambiguous', candidates: found.map((d) => fromIbContract(d.contract)) };
    const [only] = found;
    return {
      kind: 'one',
      contract: fromIbContract(only?.contract),
      details: { longName: only?.longName, minTick: only?.minTick, marketName: only?.marketName, validExchanges: only?.validExchanges },
    };
  }

  private resolveAccount(requested: string | undefined): string {
    if (requested !== undefined) {
      if (!this.accounts.includes(requested)) {
        throw new AccountError('ACCOUNT_UNKNOWN', `Account ${requested} is not one of the accounts this login offers: ${this.accounts.join(', ')}.`, this.accounts);
      }
      if (this.configuredAccount && requested !== this.configuredAccount) {
        throw new AccountError('ACCOUNT_UNKNOWN', `This connection is configured for account ${this.configuredAccount}; orders cannot name ${requested}.`, this.accounts);
      }
      return requested;
    }
    if (this.configuredAccount) return this.configuredAccount;
    if (this.accounts.length === 1 && this.accounts[0]) return this.accounts[0];
    throw new AccountError('ACCOUNT_REQUIRED', `This login offers several accounts (${this.accounts.join(', ')}) and the connection names none: the order must name one.`, this.accounts);
  }

  /** Sends a new order; resolves with its id once handed to the socket. What IB does with it arrives as reports. */
  async placeOrder(request: PlaceOrderRequest): Promise<{ orderId: number }> {
    this.readyApi();
    validateOrderRequest(request);
    const account = this.resolveAccount(request.account);
    const orderId = this.ids.take();
    await this.send('normal', (api) => api.placeOrder(orderId, toIbContract(request.contract), toIbOrder(request, account)));
    return { orderId };
  }

  /** Re-sends an open order with changes (IB's modify is a placeOrder with the same id). */
  async modifyOrder(orderId: number, request: PlaceOrderRequest): Promise<{ orderId: number }> {
    this.readyApi();
    if (!Number.isInteger(orderId) || orderId <= 0) throw new InvalidRequestError('orderId must be a positive integer');
    validateOrderRequest(request);
    const account = this.resolveAccount(request.account);
    await this.send('normal', (api) => api.placeOrder(orderId, toIbContract(request.contract), toIbOrder(request, account)));
    return { orderId };
  }

  async cancelOrder(orderId: number): Promise<void> {
    this.readyApi();
    if (!Number.isInteger(orderId) || orderId <= 0) throw new InvalidRequestError('orderId must be a positive integer');
    await this.send('cancel', (api) => api.cancelOrder(orderId));
  }

  /** Cancels every open order of the account, from every client (IB's reqGlobalCancel). */
  async globalCancel(): Promise<void> {
    this.readyApi();
    await this.send('cancel', (api) => api.reqGlobalCancel());
  }
}
