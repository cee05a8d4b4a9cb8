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
// heartbeat.ts, retry-schedule.ts, session-timeline.ts, report-router.ts, report-publisher.ts,
// session-conditions.ts, id-sequence.ts;
// and so do the operations, through session-channel.ts: order-operations.ts, accounts.ts,
// contract-qualification.ts, reconciliation-read.ts, read-only-probe.ts, pnl-subscriptions.ts,
// market-rules.ts, historical-bars.ts, market-snapshot.ts, account-reads.ts, held-positions.ts,
// held-quotes.ts.
// Subscriptions (P&L, held positions) outlive a connection: voided on a drop, asked for again after the sync.
// Held quote lines do not: voided on a drop, the next read opens a new one.
import { componentLogger, type Clock, type Logger } from '../common/index.ts';
import { canApply, CLIENT_ZERO_WARNING, ibCodeInfo, isLive, loginMode, tradingModeWarnings, type AccountSnapshot, type MarketRule, type MarketSnapshot, type SessionState } from '../domain/index.ts';
import { AccountReads, type AccountSnapshotOptions } from './account-reads.ts';
import { readAllOpenOrders, type OpenOrderAtIb } from './all-open-orders.ts';
import { orderAccount, sessionAccount, unofferedAccount, type AccountChoice } from './accounts.ts';
import { ConnectionAttempt } from './connection-attempt.ts';
import { qualifyContract, searchContracts } from './contract-qualification.ts';
import { BrokerError, DisconnectedError, IbRequestError, InvalidRequestError, NotReadyError } from './errors.ts';
import { errorSubject, farmStatus } from './gateway-notices.ts';
import { HeldPositions } from './held-positions.ts';
import { HeldQuotes, type QuoteReadOptions } from './held-quotes.ts';
import { Heartbeat } from './heartbeat.ts';
import { HistoricalBars, type BarSource, type BarsRequest, type BarsSubscription, type BarsSubscriptionRequest } from './historical-bars.ts';
import { IdSequence } from './id-sequence.ts';
import { createIbClient, type IBApi } from './ib-client.ts';
import type { IbEventSink } from './ib-events.ts';
import { MarketRules } from './market-rules.ts';
import { MarketSnapshots } from './market-snapshot.ts';
import { OrderOperations } from './order-operations.ts';
import { PacingLimiter, type PacingPriority } from './pacing.ts';
import { PendingRequests } from './pending-requests.ts';
import { PnlSubscriptions, type PnlSubscription } from './pnl-subscriptions.ts';
import { probeReadOnly } from './read-only-probe.ts';
import { readReconciliationSnapshot } from './reconciliation-read.ts';
import { ReportPublisher } from './report-publisher.ts';
import { ReportRouter } from './report-router.ts';
import type {
  AccountPnlReport, ContractRef, ContractSearchResult, HistoricalBar, PlaceOrderRequest, PositionPnlReport, PositionReport, QualifyResult, ReconciliationSnapshot, ReportListener, ReportOrigin, SessionErrorKind, SessionLastError, SessionStatus,
  TimelineEntry, WhatIfAnswer,
} from './reports.ts';
import { RetrySchedule } from './retry-schedule.ts';
import type { SessionChannel } from './session-channel.ts';
import { SessionConditions } from './session-conditions.ts';
import { sessionTimings, type IbSessionOptions, type SessionTimings } from './session-options.ts';
import { SessionTimeline } from './session-timeline.ts';

export type { IbSessionOptions } from './session-options.ts';

const SYSTEM_CLOCK: Clock = { now: () => Date.now() };

/**
 * An order id reserved this long ago and not sent is taken as given up (execution reserves one just
 * before its send): a what-if stops waiting for it. Real time, whatever clock the session reads.
 */
const ABANDONED_RESERVATION_MS = 10_000;

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
  private readonly router: ReportRouter;
  private readonly conditions: SessionConditions;
  private readonly pacer: PacingLimiter;
  private readonly pending: PendingRequests;
  private readonly heartbeat: Heartbeat;
  private readonly retry: RetrySchedule;
  private readonly ids = new IdSequence();
  private readonly channel: SessionChannel;
  private readonly orders: OrderOperations;
  private readonly pnl: PnlSubscriptions;
  private readonly marketRules: MarketRules;
  private readonly historical: HistoricalBars;
  private readonly snapshots: MarketSnapshots;
  private readonly accountReads: AccountReads;
  private readonly heldPositions: HeldPositions;
  private readonly quotes: HeldQuotes;

  private attempt: ConnectionAttempt | undefined;
  /** Every attempt ever made (report origins); `attempts` counts only since the last ready. */
  private attemptNumber = 0;
  private attempts = 0;
  private serverVersion: number | undefined;
  private connectionTime: string | undefined;
  /** The last read on the open-orders channel (onOpenOrdersChannel). */
  private openOrdersTurn: Promise<unknown> = Promise.resolve();
  /** As the gateway last reported them: kept after a drop, with when (status: connected says if they are current). */
  private accounts: string[] = [];
  private accountsSeenAt: number | undefined;
  private readOnlyProbe: Promise<boolean | undefined> | undefined;
  private lastError: SessionLastError | undefined;
  private readonly farms: SessionStatus['farms'] = {};
  /**
   * Order ids reserved (reserveOrderId) and not sent yet, with when (performance.now()). IB refuses an
   * id at or below the highest it has seen (103), so a what-if, which uses an id too, waits for them.
   */
  private readonly unsent = new Map<number, number>();
  private unsentWaiters: Array<() => void> = [];

  constructor(private readonly options: IbSessionOptions) {
    this.host = options.host;
    this.port = options.port;
    this.clientId = options.clientId;
    this.configuredAccount = options.accountId ?? null;
    this.clock = options.clock ?? SYSTEM_CLOCK;
    this.log = componentLogger(options.logger, 'ib-session', { host: options.host, port: options.port, clientId: options.clientId });
    this.timings = sessionTimings(options);
    this.timeline = new SessionTimeline(this.clock, this.log, options.onTimeline);
    this.reports = new ReportPublisher(this.log, options.onReport);
    this.pacer = new PacingLimiter({ perSecond: this.timings.pacingPerSecond });
    this.pending = new PendingRequests(this.timings.requestTimeoutMs);
    this.router = new ReportRouter(this.pending, (report, replay) => this.reports.publish(report, this.origin(replay)));
    this.conditions = new SessionConditions((event, reason, code) => this.timeline.note(event, reason, code));
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
    this.channel = {
      assertReady: () => {
        if (this.timeline.state !== 'ready' || !this.attempt) throw new NotReadyError(this.timeline.state);
      },
      takeId: () => this.ids.take(),
      send: (priority, call) => this.send(priority, call),
      request: (key, what, priority, call, timeoutMs) => this.pending.open(key, what, () => this.send(priority, call), timeoutMs),
    };
    this.orders = new OrderOperations(this.channel, (requested) => orderAccount(requested, this.accountChoice()));
    this.pnl = new PnlSubscriptions(this.channel, (report) => this.reports.publish(report, this.origin(false)), this.log);
    this.marketRules = new MarketRules(this.channel);
    this.historical = new HistoricalBars(this.channel, (report) => this.reports.publish(report, this.origin(false)), this.log);
    this.snapshots = new MarketSnapshots(this.channel, this.clock);
    this.accountReads = new AccountReads(this.channel, () => this.accounts, this.clock);
    this.heldPositions = new HeldPositions(this.channel, this.log);
    this.quotes = new HeldQuotes(this.channel, this.clock, this.log, (contract, o) => this.snapshots.snapshot(contract, o), this.timings.requestTimeoutMs, options.heldQuotes);
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
    this.quotes.stop();
    this.teardown(reason);
    this.pnl.stopAll(reason);
    this.heldPositions.stopAll();
    this.timeline.apply('stop', reason);
  }

  get currentState(): SessionState {
    return this.timeline.state;
  }

  status(): SessionStatus {
    const state = this.timeline.state;
    const mode = this.accounts.length > 0 ? loginMode(this.accounts) : undefined;
    const blocked = this.conditions.blockingReason();
    const canTrade = state === 'ready' && blocked === undefined;
    return {
      state,
      since: this.timeline.since,
      host: this.host,
      port: this.port,
      clientId: this.clientId,
      serverVersion: this.serverVersion,
      connectionTime: this.connectionTime,
      connected: state === 'ready' || state === 'degraded',
      accounts: [...this.accounts],
      accountsSeenAt: this.accountsSeenAt,
      account: sessionAccount(this.accountChoice()),
      mode,
      warnings: [
        ...tradingModeWarnings(this.port, this.accounts),
        ...(this.clientId === 0 ? [CLIENT_ZERO_WARNING] : []),
        ...this.conditions.warnings(),
      ],
      readOnly: this.conditions.readOnly,
      canTrade,
      cannotTradeReason: canTrade ? undefined : blocked ?? `The session is ${state.replaceAll('_', ' ')}; orders are sent only while it is ready.`,
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
  onReport(listener: ReportListener): () => void {
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
    this.attemptNumber += 1;
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
    notice: (code, message) => {
      this.conditions.observe(code, message);
      this.onNotice(code, message);
    },
    error: (code, message, reqId) => {
      this.conditions.observe(code, message);
      this.onError(code, message, reqId);
    },
    currentTime: (serverSeconds) => {
      this.heartbeat.answered(serverSeconds);
      this.pending.finish('currentTime', serverSeconds);
    },
    report: (report, answer) => {
      // Cash and positions moved: account values read before are stale.
      if (report.kind === 'execution' || report.kind === 'commission') this.accountReads.invalidate();
      this.router.route(report, answer);
    },
    collect: (key, item) => {
      if (typeof key !== 'number' || !this.quotes.tick(key, item)) this.pending.collect(key, item);
    },
    end: (key) => this.pending.finish(key),
    // Up to its end a row answers the read that opened the subscription; afterwards it is a change.
    positionMulti: (reqId, row) => {
      if (this.pending.has(reqId)) this.pending.collect(reqId, row);
      else this.heldPositions.changed(reqId, row);
    },
    accountPnl: (reqId, amounts) => this.pnl.accountValues(reqId, amounts),
    positionPnl: (reqId, amounts) => this.pnl.positionValues(reqId, amounts),
    barUpdate: (reqId, bar) => this.historical.update(reqId, bar),
    whatIf: (orderId, answer) => this.pending.finish(orderId, answer),
  };

  private maybeSync(): void {
    const attempt = this.attempt;
    const bootstrap = attempt?.bootstrap;
    if (!attempt || !bootstrap || this.timeline.state !== 'syncing') return;
    this.accounts = bootstrap.accounts;
    this.accountsSeenAt = this.clock.now();
    this.conditions.newConnection();
    void this.sync(attempt);
  }

  private async sync(attempt: ConnectionAttempt): Promise<void> {
    let snapshot: ReconciliationSnapshot;
    try {
      snapshot = await this.readSnapshot();
    } catch (error) {
      if (this.attempt !== attempt) return;
      this.recordError('sync_failed', `Reading the account state failed: ${(error as Error).message}`);
      this.drop('sync failed');
      return;
    }
    if (this.attempt !== attempt) return;
    const unoffered = unofferedAccount({ configured: this.configuredAccount, offered: attempt.bootstrap?.accounts ?? [] });
    if (unoffered) {
      this.recordError('account_unknown', unoffered);
      this.drop('configured account not offered by the login');
      return;
    }
    attempt.synced();
    this.retry.reset();
    this.attempts = 0;
    this.lastError = undefined;
    this.accountReads.remember(snapshot.accountValues, snapshot.takenAt);
    this.timeline.apply('synced', `synced: ${snapshot.openOrders.length} open orders, ${snapshot.executions.length} executions, ${snapshot.positions.length} positions`);
    this.reports.publish({ kind: 'reconciliation', snapshot }, this.origin(true));
    this.pnl.resubscribe();
    this.heldPositions.resubscribe();
    this.heartbeat.start((fn) => attempt.guard(fn));
    // Read-Only API mode is silent until an order is refused: ask now, so the status says it first.
    this.probeReadOnly().catch((error: unknown) => this.log.debug({ err: error }, 'read-only probe did not finish'));
  }

  private origin(replay: boolean): ReportOrigin {
    return { attempt: this.attemptNumber, replay };
  }

  private readSnapshot(): Promise<ReconciliationSnapshot> {
    return this.onOpenOrdersChannel(() => readReconciliationSnapshot(this.channel, () => this.accounts, this.clock));
  }

  /**
   * reqOpenOrders (the sync's) and reqAllOpenOrders answer with the same messages, told apart by
   * nothing: one read at a time, or a user's listing would make a sync fail (and the session drop).
   */
  private onOpenOrdersChannel<T>(read: () => Promise<T>): Promise<T> {
    const turn = this.openOrdersTurn.then(read);
    this.openOrdersTurn = turn.catch(() => undefined);
    return turn;
  }

  private accountChoice(): AccountChoice {
    return { configured: this.configuredAccount, offered: this.accounts };
  }

  // ─── drops and retries ──────────────────────────────────────────────────────

  private teardown(reason: string): void {
    this.heartbeat.stop();
    const attempt = this.attempt;
    this.attempt = undefined;
    this.pacer.clear(reason);
    this.pending.failAll(new DisconnectedError(reason));
    this.pnl.connectionLost(reason);
    this.heldPositions.connectionLost();
    this.quotes.connectionLost();
    this.marketRules.connectionLost();
    this.historical.connectionLost(reason);
    this.accountReads.connectionLost();
    this.router.reset();
    this.sentUpTo(Number.POSITIVE_INFINITY);
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
    this.quotes.notice(code);
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
    this.reports.publish({ kind: 'notice', code, message, info }, this.origin(false));
  }

  private onError(code: number, message: string, reqId: number): void {
    if (this.snapshots.expected(reqId, code)) return;
    if (this.pending.has(reqId)) {
      this.pending.settle(reqId, new IbRequestError(code, message));
      return;
    }
    if (this.pnl.failed(reqId, code, message)) return;
    if (this.heldPositions.failed(reqId, code, message)) return;
    if (this.quotes.failed(reqId, code, message)) return;
    if (this.historical.failed(reqId, code, message)) return;
    switch (errorSubject(code, reqId)) {
      case 'order':
        this.reports.publish({ kind: 'orderError', orderId: reqId, code, message, info: ibCodeInfo(code) }, this.origin(false));
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

  /** Sends through the pacer to the current attempt's api; fails if the attempt changed meanwhile. */
  private send(priority: PacingPriority, call: (api: IBApi) => void): Promise<void> {
    const attempt = this.attempt;
    if (!attempt) return Promise.reject(new NotReadyError(this.timeline.state));
    return this.pacer.submit(priority, () => {
      if (this.attempt !== attempt) throw new DisconnectedError('connection replaced before sending');
      call(attempt.api);
    });
  }

  // ─── the session's public operations (all refused unless ready) ─────────────

  /** Answers with the gateway's clock (seconds since the epoch). */
  async currentTime(): Promise<number> {
    this.channel.assertReady();
    const [t] = await this.channel.request('currentTime', 'the current time', 'normal', (api) => {
      this.heartbeat.requestSent();
      api.reqCurrentTime();
    });
    return Number(t);
  }

  /**
   * Whether the gateway is in Read-Only API mode (read-only-probe.ts); undefined when it did not
   * say. The answer also goes into the status. A probe in flight is shared, not sent twice.
   */
  probeReadOnly(): Promise<boolean | undefined> {
    this.readOnlyProbe ??= probeReadOnly(this.channel)
      .then((readOnly) => {
        this.conditions.probed(readOnly);
        return readOnly;
      })
      .finally(() => {
        this.readOnlyProbe = undefined;
      });
    return this.readOnlyProbe;
  }

  /** A fresh read of open/completed orders, executions, positions and account values. */
  async reconciliationSnapshot(): Promise<ReconciliationSnapshot> {
    this.channel.assertReady();
    const snapshot = await this.readSnapshot();
    this.accountReads.remember(snapshot.accountValues, snapshot.takenAt);
    this.reports.publish({ kind: 'reconciliation', snapshot }, this.origin(true));
    return snapshot;
  }

  /**
   * Every open order of the login's accounts, from every client (all-open-orders.ts). The read
   * collects the open-order messages that arrive meanwhile, so this session's own orders among them
   * are published afterwards, as a replay: execution never misses a status because of this read.
   */
  async allOpenOrders(): Promise<OpenOrderAtIb[]> {
    this.channel.assertReady();
    const attempt = this.attemptCount;
    const { orders, collected } = await this.onOpenOrdersChannel(() => readAllOpenOrders(this.channel));
    if (attempt === this.attemptCount) {
      for (const report of collected) {
        if ((report.kind === 'openOrder' || report.kind === 'orderStatus') && report.clientId === this.clientId) this.reports.publish(report, this.origin(true));
      }
    }
    return orders;
  }

  qualifyContract(spec: ContractRef): Promise<QualifyResult> {
    return qualifyContract(this.channel, spec);
  }

  /** Every contract IB offers for the description, with full details (for approving one). */
  searchContracts(spec: ContractRef): Promise<ContractSearchResult> {
    return searchContracts(this.channel, spec);
  }

  /** Sends a new order; resolves with its id once handed to the socket. What IB does with it arrives as reports. */
  placeOrder(request: PlaceOrderRequest): Promise<{ orderId: number }> {
    return this.orders.place(request);
  }

  /** The connection attempt reports come from (counted from 1, a new one after every reconnect). */
  get attemptCount(): number {
    return this.attemptNumber;
  }

  /**
   * The next id of the session's one sequence, above `floor`: the highest IB order id the caller's
   * journal ever used for this client id. A gateway's nextValidId can come back lower after an
   * auto-restart; the journal's floor keeps an id from being used twice across restarts of Kairox.
   */
  reserveOrderId(floor: number): number {
    if (!Number.isInteger(floor) || floor < 0) throw new InvalidRequestError('floor must be a whole number of 0 or more');
    this.ids.seed(floor + 1);
    const id = this.ids.take();
    this.unsent.set(id, performance.now());
    return id;
  }

  /** Sends a new order under an id taken with reserveOrderId; resolves once handed to the socket. */
  submitOrder(orderId: number, request: PlaceOrderRequest): Promise<{ orderId: number }> {
    return this.orders.modify(orderId, request).finally(() => this.sentUpTo(orderId));
  }

  /**
   * IB's what-if for the order (order-operations.ts): its initial and maintenance margin before, the
   * change and after, equity with loan, and the commission, as IB computes them; nothing is placed
   * and no report is published. It waits for order ids reserved before it to be sent (their orders
   * would be refused if its id went first); IB's error on its id, a drop or `timeoutMs` fail it.
   */
  whatIfOrder(request: PlaceOrderRequest, timeoutMs: number): Promise<WhatIfAnswer> {
    return this.orders.whatIf(request, timeoutMs, () => this.untilReservedIdsSent(timeoutMs));
  }

  /** An id was sent (or the connection went): it and every id reserved below it need no waiting for any more. */
  private sentUpTo(orderId: number): void {
    for (const id of this.unsent.keys()) if (id <= orderId) this.unsent.delete(id);
    const waiters = this.unsentWaiters;
    this.unsentWaiters = [];
    for (const wake of waiters) wake();
  }

  private async untilReservedIdsSent(timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const now = performance.now();
      const waiting = [...this.unsent].filter(([, at]) => now - at < ABANDONED_RESERVATION_MS).map(([id]) => id);
      if (waiting.length === 0) return;
      const left = Math.min(deadline, Math.min(...waiting.map((id) => (this.unsent.get(id) ?? now) + ABANDONED_RESERVATION_MS))) - now;
      if (now >= deadline) throw new BrokerError('REQUEST_TIMEOUT', `order id ${Math.min(...waiting)} of this session is reserved and not sent yet; a what-if sent now would go ahead of it.`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, left));
        this.unsentWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Re-sends an open order with changes (IB's modify is a placeOrder with the same id). */
  modifyOrder(orderId: number, request: PlaceOrderRequest): Promise<{ orderId: number }> {
    return this.orders.modify(orderId, request);
  }

  cancelOrder(orderId: number): Promise<void> {
    return this.orders.cancel(orderId);
  }

  /** Cancels every open order of the account, from every client (IB's reqGlobalCancel). */
  globalCancel(): Promise<void> {
    return this.orders.globalCancel();
  }

  /**
   * Follows an account's P&L (reqPnL): every value is published as an `accountPnl` report, and the
   * first resolves `first`. Kept across reconnects until `unsubscribe()` (pnl-subscriptions.ts).
   */
  subscribeAccountPnl(account: string, modelCode?: string): Promise<PnlSubscription<AccountPnlReport>> {
    return this.pnl.subscribeAccount(account, modelCode);
  }

  /** Follows one position's P&L (reqPnLSingle) as `positionPnl` reports, like subscribeAccountPnl. */
  subscribePositionPnl(account: string, conId: number): Promise<PnlSubscription<PositionPnlReport>> {
    return this.pnl.subscribePosition(account, conId);
  }

  /**
   * The account's current P&L from one reqPnL subscription held per account (pnl-subscriptions.ts):
   * its latest value at once, or IB's first within `timeoutMs` (a time-out or a refusal ends it).
   */
  accountPnl(account: string, timeoutMs: number): Promise<AccountPnlReport> {
    return this.pnl.accountPnl(account, timeoutMs);
  }

  /**
   * The price grid of a market rule (ids per exchange in qualifyContract's details.marketRuleIds);
   * round with domain's roundToGrid. Asked for once per connection (market-rules.ts).
   */
  marketRule(ruleId: number): Promise<MarketRule> {
    return this.marketRules.get(ruleId);
  }

  /** Bars of a window (historical-bars.ts); IB's error on the request fails it (IbRequestError). */
  historicalBars(request: BarsRequest): Promise<HistoricalBar[]> {
    return this.historical.bars(request);
  }

  /**
   * The bars up to now, then `barUpdate` reports as the current bar changes, until `unsubscribe()`.
   * Not renewed after a reconnect: it ends (`ended`, a `barSubscriptionEnded` report) and the caller decides.
   */
  subscribeBars(request: BarsSubscriptionRequest): Promise<BarsSubscription> {
    return this.historical.subscribe(request);
  }

  /** The earliest data point IB has for the contract (epoch ms). */
  headTimestamp(contract: ContractRef, whatToShow: BarSource, useRTH: boolean): Promise<number> {
    return this.historical.headTimestamp(contract, whatToShow, useRTH);
  }

  /**
   * The instrument's top of book now (market-snapshot.ts): a reqMktData snapshot. IB's market-data
   * refusals fail it with NoMarketDataError (reason `no_market_data`, what is missing); delayed data
   * only with `allowDelayed`, and then flagged `delayed`. Price it with domain's referencePrice.
   * With `held`, from a streaming line kept per conId where IB serves live data (held-quotes.ts).
   */
  marketSnapshot(contract: ContractRef, options?: QuoteReadOptions): Promise<MarketSnapshot> {
    return options?.held === true ? this.quotes.read(contract, options) : this.snapshots.snapshot(contract, options);
  }

  /**
   * Net liquidation, available funds and buying power of one account (account-reads.ts): IB's
   * account summary, or values read within `maxAgeMs` (default 5 s) and with no fill since.
   */
  accountSnapshot(account: string, options?: AccountSnapshotOptions): Promise<AccountSnapshot> {
    return this.accountReads.accountSnapshot(account, options);
  }

  /**
   * The account's positions as IB last told them: one reqPositionsMulti subscription held per
   * account, so only the first read (and the first after a reconnect) waits for IB (held-positions.ts).
   */
  async positions(account: string): Promise<PositionReport[]> {
    this.channel.assertReady();
    this.accountReads.checkAccount(account);
    return this.heldPositions.positions(account);
  }
}
