// Execution: every accepted intent becomes exactly one order at IB or a recorded, explained
// outcome. The rules, in the order they act:
// - an intent is accepted in its signal's transaction (state accepted); nothing is sent from there;
// - per connection, one serial queue does everything that changes its orders (dispatch,
//   reconciliation, reports), so no two of them interleave;
// - nothing is sent on a session attempt until IB's picture of that attempt (the reconciliation
//   the session publishes after each sync) has been applied to the journal;
// - an order's IB id is reserved above the journal's floor (the highest id ever used for the
//   connection and client id) and committed before the send; the send's outcome is committed after.
//   A plain order whose connection is ready and reconciled has its id reserved in its signal's own
//   transaction (journaled at once): one commit fewer before it leaves. It is sent only from the
//   attempt it was reserved on, and only by this process, which knows it never left; otherwise the
//   reconciliation settles it like any journaled order;
// - after a restart of Kairox an order that was journaled cannot be known unsent: it is unknown,
//   and only IB's answers settle it — found (its IB state), or absent (sent again under a new id
//   while its time-to-live holds, else expired_unsent);
// - fills come from executions, keyed by execId; commissions join them by execId whenever they come;
// - every change goes through the transition table (domain/order-lifecycle.ts); an impossible one
//   is recorded as an order event and not applied.
import type { Kysely } from 'kysely';
import type { Clock, Logger } from '../common/index.ts';
import { commitsFor, WorkspaceScope, type Commits, type Database, type Db } from '../db/index.ts';
import { applyOrderEvent, type AuditEventInput, type OrderEvent, type OrderIntent, type OrderState } from '../domain/index.ts';
import { journal, journalOf, type BracketRole, type JournalExecutor, type OrderRow } from './journal.ts';
import type { FaultPoints } from './fault-points.ts';
import { modificationAnswers } from './modify.ts';
import type { OrderKey, OrderReport, OrderSession, OrderSessions, OrderTicket, ReportEnvelope, SendOutcome, TradingGate } from './ports.ts';
import { ticketOf } from './ticket.ts';
import { bracketChildren, transmitFlags } from './bracket.ts';
import { commissionEntry, fillEntry, ibMessageEntry, reconciledEntry, type ReconciliationSummary } from './audit-entries.ts';

export interface OrderAuditSink {
  appendMany(scope: WorkspaceScope, inputs: readonly AuditEventInput[]): Promise<unknown>;
}

/** Told when an order's signal has news (routed once sent). */
export interface SignalOutcomes {
  routed(db: Kysely<Database>, workspaceId: string, signalId: string): Promise<void>;
}

export interface OrderExecutionDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  audit: OrderAuditSink;
  gate: TradingGate;
  sessions?: OrderSessions;
  signals?: SignalOutcomes;
  /** Crash tests only (fault-points.ts). */
  faults?: FaultPoints;
  /** The workspace a connection belongs to (the worker knows every connection it runs): where its reconciliation is audited. */
  workspaceOf?: (connectionId: string) => string | undefined;
  /** After a failed reconciliation, how long until IB's picture is asked for again (default 5 s). */
  reconcileRetryMs?: number;
}

export type CancelAnswer =
  | { outcome: 'requested' }
  | { outcome: 'withheld' }
  | { outcome: 'not_found' }
  | { outcome: 'not_ready' }
  | { outcome: 'not_cancellable'; state: OrderState };

/** How long after a failed reconciliation IB's picture is asked for again. */
const RECONCILE_RETRY_MS = 5_000;
/** A reservation whose signal's transaction never showed its row (rolled back) is forgotten after this. */
const UNSEEN_RESERVATION_MS = 60_000;
/**
 * IB answers a placeOrder with a burst (openOrder, orderStatus, execDetails, commissionReport) that
 * arrives over a few socket reads: reports are applied this long after the first of them, so one
 * commit records the send and the whole burst (bench/signal-latency: commits were 3.7 per order).
 * The window is shared by every connection, and the drains it closes commit together (GroupCommit):
 * at 200 orders/s over 100 connections a connection has about one burst in flight, so a window of
 * its own recorded one burst a commit.
 */
const REPORT_WINDOW_MS = 3;

/** Orders that may still change. */
const OPEN_STATES: readonly OrderState[] = ['accepted', 'journaled', 'sent', 'not_sent', 'unknown', 'working', 'partially_filled', 'cancelling'];
/** Orders that may not have reached IB: a reconciliation that finds nothing of them settles them. */
const MAYBE_AT_IB: readonly OrderState[] = ['journaled', 'sent', 'unknown'];
/** A bracket parent in these states may still be sent with its children. */
const SENDABLE_LATER: readonly OrderState[] = ['accepted', 'journaled', 'sent', 'not_sent', 'unknown'];
/** States only IB's own answers put an order in. */
const HEARD_FROM_IB: readonly OrderState[] = ['working', 'partially_filled', 'filled', 'cancelled', 'rejected'];

const SYSTEM = { type: 'system' as const, id: null };

interface Change {
  event: OrderEvent;
  /** What to record with it (IB's status and text, the evidence). */
  detail?: Record<string, unknown>;
  patch?: Partial<Omit<OrderRow, 'id' | 'workspace_id'>>;
  /** Audit entries of the news that caused it (a fill, IB's message), written with the state's entry in one append. */
  audit?: readonly AuditEventInput[];
}

/** Audit entries held back in a transaction, by workspace, in the order they were made. */
type HeldAudit = Array<{ workspaceId: string; entries: AuditEventInput[] }>;

export class OrderExecution {
  private readonly queues = new Map<string, Promise<void>>();
  /** Reports not yet applied, per connection (drained by its queue). */
  private readonly inboxes = new Map<string, ReportEnvelope[]>();
  /** The session attempt whose reconciliation was applied, per connection: sends wait for it. */
  private readonly reconciled = new Map<string, number>();
  /**
   * Orders whose IB id was reserved in their signal's transaction, not yet handed to the socket, by
   * Kairox order id. Only this process knows such an order never left: the entry goes before its send.
   */
  private readonly reservedWithSignal = new Map<string, { connectionId: string; attempt: number; ibOrderId: number; at: number }>();
  /**
   * Sends handed to the socket whose `sent` is not recorded yet, per connection: recorded with the
   * reports of the next drain, first, in its transaction. A crash before that leaves the order
   * journaled, hence unknown at the next start, and IB's answers settle it (after_send_before_ack).
   */
  private readonly unrecordedSends = new Map<string, Array<{ order: OrderRow; attempt: number }>>();
  /** Audit entries of the open inTransaction calls, appended at their ends. */
  private readonly auditBuffers = new WeakMap<Kysely<Database>, HeldAudit>();
  /** Connections whose next drain is scheduled, with the promise of its having run. */
  private readonly drainsDue = new Map<string, Promise<void>>();
  /** The connections the open report window will drain, with what tells their drainsDue promise it ran. */
  private windowDue = new Map<string, () => void>();
  private windowTimer: NodeJS.Timeout | undefined;
  /** The drains of one report window share a transaction (SQLite): one commit for all of them, and for the signals committed with them. */
  private readonly drainCommits: Commits<Database>;
  /** The highest IB order id handed to each connection's session, per attempt: IB takes a new order only above it (103). */
  private readonly highestSent = new Map<string, { attempt: number; ibOrderId: number }>();
  private unsubscribe: (() => void) | undefined;
  private stopped = false;

  constructor(private readonly deps: OrderExecutionDeps) {
    this.drainCommits = commitsFor(deps.db);
  }

  /**
   * In the signal's transaction (the caller's executor): the intent becomes an accepted order.
   * With `heldAudit`, its audit entries are pushed there for the caller to append last, after its
   * own: a transaction then locks the journal's rows before the workspace's audit head, as
   * execution's own transactions do (inTransaction). Two orders of taking those locks deadlocked
   * on PostgreSQL (40P01: a signal's commit against a send's id reservation on its connection).
   */
  async accept(db: Kysely<Database>, intent: OrderIntent, heldAudit?: AuditEventInput[]): Promise<void> {
    if (!heldAudit) return this.acceptIn(db, intent);
    const pending = await this.holdingAudit(db, () => this.acceptIn(db, intent));
    for (const { workspaceId, entries } of pending) {
      if (workspaceId !== intent.workspaceId) throw new Error(`an acceptance in workspace ${intent.workspaceId} made audit entries for workspace ${workspaceId}`);
      heldAudit.push(...entries);
    }
  }

  private async acceptIn(db: Kysely<Database>, intent: OrderIntent): Promise<void> {
    const now = this.deps.clock.now();
    const trx = journalOf(db);
    const children = bracketChildren(intent);
    const rows: Array<{ intent: OrderIntent; parent: string | null; role: BracketRole | null }> = [
      { intent, parent: null, role: children.length > 0 ? 'parent' : null },
      ...children.map((c) => ({ intent: c.intent, parent: intent.kairoxOrderId, role: c.role })),
    ];
    for (const row of rows) {
      const i = row.intent;
      const inserted: OrderRow = {
        id: i.kairoxOrderId, workspace_id: i.workspaceId, connection_id: i.connectionId, signal_id: i.signalId,
        account: i.account, con_id: i.instrument.conId, symbol: i.instrument.symbol, side: i.side,
        quantity: i.quantity, order_type: i.orderType, intent: JSON.stringify(i), state: 'accepted',
        ib_client_id: null, ib_order_id: null, perm_id: null, sent_attempt: null, ib_status: null,
        filled_quantity: 0, avg_fill_price: null, commission: null, last_error: null,
        expires_at: i.expiresAt, created_at: now, updated_at: now, parent_order_id: row.parent, bracket_role: row.role,
      };
      await journal.insert(trx, inserted);
      await journal.addEvent(trx, { id: i.kairoxOrderId, workspace_id: i.workspaceId }, { at: now, kind: 'transition', event: 'accept', from_state: null, to_state: 'accepted', detail: row.parent === null ? {} : { parentOrderId: row.parent, role: row.role } });
      if (children.length === 0) await this.reserveWithSignal(db, inserted, i);
    }
  }

  /**
   * A plain order on a connection that could send it now gets its IB id in the signal's own
   * transaction, so it leaves right after that commit. A bracket keeps its group's reservation at
   * send time (bracket.ts); an order the session cannot take yet waits as accepted.
   */
  private async reserveWithSignal(db: Kysely<Database>, order: OrderRow, intent: OrderIntent): Promise<void> {
    const session = this.sendableSession(order.connection_id);
    if (!session || !ticketOf(intent).ok) return;
    const j = journalOf(db);
    const floor = await journal.floor(j, order.connection_id, session.clientId);
    const ibOrderId = session.reserveOrderId(floor);
    await journal.raiseFloor(j, order.connection_id, session.clientId, ibOrderId);
    await this.changeIn(db, order, { event: 'id_reserved', detail: { ibOrderId, clientId: session.clientId, floor, withSignal: true }, patch: { ib_client_id: session.clientId, ib_order_id: ibOrderId } });
    this.reservedWithSignal.set(order.id, { connectionId: order.connection_id, attempt: session.attempt, ibOrderId, at: this.deps.clock.now() });
  }

  /** The connection's session if an order may be sent on it now: ready, and its attempt reconciled. */
  private sendableSession(connectionId: string): OrderSession | undefined {
    const session = this.deps.sessions?.session(connectionId);
    return session && this.stillSendable(connectionId, session) ? session : undefined;
  }

  /** Whether orders may still go on this session: a drop or a new attempt since it was taken stops the sends. */
  private stillSendable(connectionId: string, session: OrderSession): boolean {
    return !this.stopped && session.ready() && this.reconciled.get(connectionId) === session.attempt;
  }

  /**
   * Follows the sessions' reports. An order journaled when Kairox stopped may have been sent: it is
   * unknown until a reconciliation settles it.
   */
  async start(): Promise<void> {
    const db = journalOf(this.deps.db);
    const journaled = await db.selectFrom('orders').select('connection_id').where('state', '=', 'journaled').execute();
    for (const connectionId of new Set(journaled.map((r) => r.connection_id))) {
      await this.serially(connectionId, async () => {
        for (const order of await journal.inStates(journalOf(this.deps.db), connectionId, ['journaled'])) {
          await this.change(order, { event: 'send_outcome_unknown', detail: { why: 'Kairox stopped after reserving the IB order id; whether it was sent is not known until IB answers' } });
        }
      });
    }
    this.unsubscribe = this.deps.sessions?.onReport((envelope) => this.onReport(envelope));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    // What is waiting for its window is written now: sends already made are recorded before the journal closes.
    for (const connectionId of new Set([...this.drainsDue.keys(), ...this.unrecordedSends.keys()])) void this.serially(connectionId, () => this.drain(connectionId));
    await Promise.all([...this.queues.values()]);
  }

  /** Something may be ready to send on the connection (a new accepted order, a reconciliation). */
  wake(connectionId: string): void {
    void this.serially(connectionId, () => this.dispatch(connectionId));
  }

  /**
   * Asks IB to cancel the order (its connection's queue, so it never overtakes the order's own
   * send). An order IB never got is withheld instead. The answer is the order as it is after the ask;
   * IB's confirmation arrives as a report.
   */
  async cancel(workspaceId: string, orderId: string): Promise<CancelAnswer> {
    const order = await journal.inWorkspace(journalOf(this.deps.db), workspaceId, orderId);
    if (!order) return { outcome: 'not_found' };
    let answer: CancelAnswer = { outcome: 'not_cancellable', state: order.state };
    await this.serially(order.connection_id, async () => {
      await this.recordSendsNow(order.connection_id);
      const current = (await journal.byId(journalOf(this.deps.db), orderId)) ?? order;
      if (current.state === 'accepted' || current.state === 'not_sent') {
        await this.change(current, { event: 'withhold', detail: { why: 'cancelled by the user before it was sent' } });
        // A bracket's children were never sent either: they go with their parent.
        for (const child of current.bracket_role === 'parent' ? await journal.children(journalOf(this.deps.db), current.id) : []) {
          if (child.state === 'accepted' || child.state === 'not_sent') await this.change(child, { event: 'withhold', detail: { why: `its bracket's parent ${current.id} was cancelled by the user before it was sent` } });
        }
        answer = { outcome: 'withheld' };
        return;
      }
      if (!['sent', 'unknown', 'working', 'partially_filled', 'cancelling'].includes(current.state) || current.ib_order_id === null) {
        answer = { outcome: 'not_cancellable', state: current.state };
        return;
      }
      const session = this.deps.sessions?.session(current.connection_id);
      if (!session || !session.ready()) {
        answer = { outcome: 'not_ready' };
        return;
      }
      const sent = await session.cancel(current.ib_order_id);
      if (sent.outcome !== 'sent') {
        answer = { outcome: 'not_ready' };
        return;
      }
      await this.change(current, { event: 'cancel_requested', detail: { attempt: sent.attempt } });
      answer = { outcome: 'requested' };
    });
    return answer;
  }

  /** A `cancel` signal's orders, after it committed: each cancelled in its connection's queue; what happened is in each order's steps. */
  cancelOrders(workspaceId: string, kairoxOrderIds: readonly string[]): void {
    for (const id of kairoxOrderIds) {
      void this.cancel(workspaceId, id).then((answer) => {
        if (answer.outcome !== 'requested' && answer.outcome !== 'withheld') this.deps.logger.warn({ orderId: id, outcome: answer.outcome }, 'a cancel signal could not cancel this order');
      });
    }
  }

  /** Runs `work` in the connection's queue with the session it may send on now (ready, its attempt reconciled), or none: a modification (modify.ts) is sent in turn, like a new order. */
  inTurn<T>(connectionId: string, work: (session: OrderSession | undefined) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      void this.serially(connectionId, async () => {
        try {
          await this.recordSendsNow(connectionId);
        } catch (error) {
          reject(error as Error);
          return;
        }
        await work(this.sendableSession(connectionId)).then(resolve, reject);
      });
    });
  }

  /** Resolves when everything queued for the connection so far has run (tests, shutdown). */
  async settled(connectionId: string): Promise<void> {
    for (;;) {
      const due = this.drainsDue.get(connectionId);
      await (this.queues.get(connectionId) ?? Promise.resolve());
      if (due) await due;
      if (!this.drainsDue.has(connectionId) && !this.queues.has(connectionId)) return;
    }
  }

  /** Reports wait in the connection's inbox; one drain applies all that came meanwhile, in one transaction (one commit, not one per report). */
  private onReport(envelope: ReportEnvelope): void {
    const inbox = this.inboxes.get(envelope.connectionId);
    if (inbox) inbox.push(envelope);
    else this.inboxes.set(envelope.connectionId, [envelope]);
    this.drainSoon(envelope.connectionId);
  }

  /** The connection's reports and unrecorded sends are applied when the open report window closes (opened now if none is), in its queue. */
  private drainSoon(connectionId: string): void {
    if (this.drainsDue.has(connectionId)) return;
    this.drainsDue.set(connectionId, new Promise<void>((resolve) => this.windowDue.set(connectionId, resolve)));
    this.windowTimer ??= setTimeout(() => this.closeWindow(), REPORT_WINDOW_MS);
  }

  /** Starts the drain of every connection the window collected: they reach GroupCommit together. */
  private closeWindow(): void {
    this.windowTimer = undefined;
    const due = this.windowDue;
    this.windowDue = new Map();
    for (const [connectionId, ran] of due) {
      if (this.stopped) ran();
      else void this.serially(connectionId, () => this.drain(connectionId)).then(ran);
    }
  }

  /** Records the connection's sends made since the last drain (in the caller's transaction). */
  private async recordSends(trx: Kysely<Database>, sends: ReadonlyArray<{ order: OrderRow; attempt: number }>): Promise<void> {
    for (const { order, attempt } of sends) {
      const latest = (await journal.byId(journalOf(trx), order.id)) ?? order;
      await this.changeIn(trx, latest, { event: 'send_succeeded', detail: { ibOrderId: order.ib_order_id, attempt }, patch: { sent_attempt: attempt } });
      await this.deps.signals?.routed(trx, order.workspace_id, order.signal_id);
    }
  }

  /** Sends not recorded yet are recorded now, alone: before an operation that reads the order's state (cancel, modify). */
  private async recordSendsNow(connectionId: string): Promise<void> {
    const sends = this.unrecordedSends.get(connectionId);
    if (!sends) return;
    this.unrecordedSends.delete(connectionId);
    await this.inTransaction((trx) => this.recordSends(trx, sends));
  }

  private async drain(connectionId: string): Promise<void> {
    // From here, news schedules the next drain.
    this.drainsDue.delete(connectionId);
    const inbox = this.inboxes.get(connectionId) ?? [];
    this.inboxes.delete(connectionId);
    // Sends come before the reports: IB's answer to an order follows its send.
    let sends = this.unrecordedSends.get(connectionId) ?? [];
    this.unrecordedSends.delete(connectionId);
    let batch: OrderReport[] = [];
    for (const envelope of inbox) {
      if (envelope.report.kind !== 'reconciliation') {
        batch.push(envelope.report);
        continue;
      }
      await this.applyAll(connectionId, batch, sends);
      batch = [];
      sends = [];
      try {
        await this.inTransaction((trx) => this.reconcile(trx, connectionId, envelope.attempt, envelope.report as Extract<OrderReport, { kind: 'reconciliation' }>));
      } catch (error) {
        // Sending stays closed on this attempt; the reports after it still apply, and IB is asked again.
        this.deps.logger.error({ err: error, connectionId, attempt: envelope.attempt }, 'the journal could not be reconciled with IB; nothing is sent on this connection until it is');
        this.retryReconciliation(connectionId, envelope.attempt);
        continue;
      }
      this.reconciled.set(connectionId, envelope.attempt);
      await this.dispatch(connectionId);
    }
    await this.applyAll(connectionId, batch, sends);
  }

  /** Asks the session for IB's picture again, later, while it is still on the attempt that failed to reconcile. */
  private retryReconciliation(connectionId: string, attempt: number): void {
    setTimeout(() => {
      const session = this.deps.sessions?.session(connectionId);
      if (this.stopped || !session || session.attempt !== attempt || this.reconciled.get(connectionId) === attempt) return;
      session.requestReconciliation();
    }, this.deps.reconcileRetryMs ?? RECONCILE_RETRY_MS).unref();
  }

  /**
   * Sends, then reports, in one transaction shared with the other drains of the window; if that
   * fails, the sends then each report alone, so one bad report cannot take the others with it.
   */
  private async applyAll(connectionId: string, reports: readonly OrderReport[], sends: ReadonlyArray<{ order: OrderRow; attempt: number }> = []): Promise<void> {
    if (reports.length === 0 && sends.length === 0) return;
    try {
      await this.inTransaction(async (trx) => {
        await this.recordSends(trx, sends);
        for (const report of reports) await this.apply(trx, connectionId, report);
      }, this.drainCommits);
    } catch (error) {
      if (reports.length + sends.length === 1) throw error;
      if (sends.length > 0) {
        await this.inTransaction((trx) => this.recordSends(trx, sends)).catch((e: unknown) => {
          this.deps.logger.error({ err: e, connectionId }, 'sends could not be recorded; their orders stay journaled and IB\'s answers settle them');
        });
      }
      for (const report of reports) {
        await this.inTransaction((trx) => this.apply(trx, connectionId, report)).catch((e: unknown) => {
          this.deps.logger.error({ err: e, connectionId, report: report.kind }, 'a report could not be applied; the journal keeps the order as it was');
        });
      }
    }
  }

  /**
   * One transaction whose audit entries are appended together at its end (one sequence
   * reservation, one insert, one head update: audit-log.ts), in the order they were made.
   */
  private inTransaction(work: (trx: Kysely<Database>) => Promise<void>, group?: Commits<Database>): Promise<void> {
    const run = async (trx: Kysely<Database>): Promise<void> => {
      const pending = await this.holdingAudit(trx, () => work(trx));
      for (const { workspaceId, entries } of pending) await this.deps.audit.appendMany(new WorkspaceScope(workspaceId, trx, this.deps.db.kind), entries);
    };
    return group ? group.run(run) : this.deps.db.kysely.transaction().execute(run);
  }

  /**
   * Runs `work` with the audit entries it makes on `trx` held back, and returns them in order. A
   * group runs its pieces one after another on one executor: each has the buffer to itself while it runs.
   */
  private async holdingAudit(trx: Kysely<Database>, work: () => Promise<void>): Promise<HeldAudit> {
    const pending: HeldAudit = [];
    this.auditBuffers.set(trx, pending);
    try {
      await work();
    } finally {
      this.auditBuffers.delete(trx);
    }
    return pending;
  }

  /** The audit sink for code that appends by itself (modify.ts): its entries keep their place among the transaction's. */
  private auditIn(trx: Kysely<Database>): OrderAuditSink {
    return { appendMany: (scope, entries) => this.appendAudit(trx, scope.workspaceId, entries) };
  }

  /** Audit entries of a change: held for the end of an inTransaction, else appended now (the signal's transaction). */
  private async appendAudit(trx: Kysely<Database>, workspaceId: string, entries: readonly AuditEventInput[]): Promise<void> {
    if (entries.length === 0) return;
    const pending = this.auditBuffers.get(trx);
    if (!pending) {
      await this.deps.audit.appendMany(new WorkspaceScope(workspaceId, trx, this.deps.db.kind), entries);
      return;
    }
    const last = pending.at(-1);
    if (last?.workspaceId === workspaceId) last.entries.push(...entries);
    else pending.push({ workspaceId, entries: [...entries] });
  }

  private serially(connectionId: string, work: () => Promise<void>): Promise<void> {
    const previous = this.queues.get(connectionId) ?? Promise.resolve();
    const next = previous.then(work).catch((error: unknown) => {
      this.deps.logger.error({ err: error, connectionId }, 'execution step failed; the journal keeps the order as it was');
    });
    this.queues.set(connectionId, next);
    void next.then(() => {
      if (this.queues.get(connectionId) === next) this.queues.delete(connectionId);
    });
    return next;
  }

  // ─── sending ───────────────────────────────────────────────────────────────

  private async dispatch(connectionId: string): Promise<void> {
    const session = this.sendableSession(connectionId);
    if (!session) return;
    const db = journalOf(this.deps.db);
    await this.sendReservedWithSignal(connectionId, session);
    for (const order of await journal.inStates(db, connectionId, ['not_sent'])) await this.change(order, { event: 'resend', detail: { why: 'the last send never left Kairox' } });
    for (const order of await journal.inStates(db, connectionId, ['accepted'])) {
      if (!this.stillSendable(connectionId, session)) return;
      if (order.parent_order_id !== null) await this.childWithoutItsGroup(order);
      else await this.sendOne(order, session);
    }
  }

  /** Sends the connection's orders reserved in their signals' transactions (reserveWithSignal), once each. */
  private async sendReservedWithSignal(connectionId: string, session: OrderSession): Promise<void> {
    const db = journalOf(this.deps.db);
    for (const [orderId, reserved] of [...this.reservedWithSignal]) {
      if (reserved.connectionId !== connectionId) continue;
      if (!this.stillSendable(connectionId, session)) return;
      // Reserved on an earlier attempt: IB's picture of this one settles it, as any journaled order.
      if (reserved.attempt !== session.attempt) {
        this.reservedWithSignal.delete(orderId);
        continue;
      }
      const order = await journal.byId(db, orderId);
      if (!order) {
        // Its signal's transaction has not committed yet, or rolled back.
        if (this.deps.clock.now() - reserved.at > UNSEEN_RESERVATION_MS) this.reservedWithSignal.delete(orderId);
        continue;
      }
      // Taken before anything else: whatever happens next, this process never sends it twice.
      this.reservedWithSignal.delete(orderId);
      if (order.state !== 'journaled' || order.ib_order_id !== reserved.ibOrderId) continue;
      const intent = JSON.parse(order.intent) as OrderIntent;
      const stop = await this.notNowBecause(order, intent);
      if (stop) {
        await this.change(order, { event: stop.event, detail: { why: stop.why } });
        continue;
      }
      const ticket = ticketOf(intent);
      if (!ticket.ok) {
        await this.change(order, { event: 'withhold', detail: { why: ticket.reason } });
        continue;
      }
      // Signals commit in any order (PostgreSQL): one reserved later may have gone first with a higher id.
      const highest = this.highestSent.get(connectionId);
      if (highest?.attempt === session.attempt && reserved.ibOrderId <= highest.ibOrderId) {
        await this.change(order, { event: 'send_not_sent', detail: { why: `its IB id ${reserved.ibOrderId} was overtaken by ${highest.ibOrderId}, sent first (IB takes a new order only above the highest id used): it is sent again under a new id` } });
        continue;
      }
      this.deps.faults?.reached('after_journal_commit');
      await this.sendRow(order, ticket.ticket, session);
    }
  }

  /** A bracket child goes only with its parent's group: it waits while the parent may still be sent, and ends withheld once the parent went without it. */
  private async childWithoutItsGroup(child: OrderRow): Promise<void> {
    const db = journalOf(this.deps.db);
    const [current, parent] = await Promise.all([journal.byId(db, child.id), journal.byId(db, child.parent_order_id ?? '')]);
    if (current?.state !== 'accepted' || (parent && SENDABLE_LATER.includes(parent.state))) return;
    await this.change(current, { event: 'withhold', detail: { why: `its bracket's parent ${child.parent_order_id} is ${parent?.state.replaceAll('_', ' ') ?? 'gone'}; a child is sent only in its parent's group` } });
  }

  /**
   * Sends the order, or a bracket parent with its children as one group (bracket.ts): ids reserved
   * for every row in one transaction before the first send, then sent back to back, the last row
   * transmitting the group. Whatever stops the parent before it leaves stops every child, with why.
   */
  private async sendOne(order: OrderRow, session: NonNullable<ReturnType<OrderSessions['session']>>): Promise<void> {
    const db = journalOf(this.deps.db);
    const children = order.bracket_role === 'parent' ? await journal.children(db, order.id) : [];
    const group = [order, ...children];
    const stopAll = async (event: 'expire_unsent' | 'withhold', why: string): Promise<void> => {
      for (const row of group) await this.change(row, { event, detail: { why: row === order ? why : `its bracket's parent ${order.id} was not sent: ${why}` } });
    };
    const intent = JSON.parse(order.intent) as OrderIntent;
    const stop = await this.notNowBecause(order, intent);
    if (stop) return stopAll(stop.event, stop.why);
    const astray = children.find((c) => c.state !== 'accepted');
    if (astray) return stopAll('withhold', `its ${astray.bracket_role?.replaceAll('_', '-')} child ${astray.id} is ${astray.state.replaceAll('_', ' ')}; a bracket parent is sent only with every child`);
    const tickets = [];
    for (const row of group) {
      const ticket = ticketOf(JSON.parse(row.intent) as OrderIntent);
      if (!ticket.ok) return stopAll('withhold', row === order ? ticket.reason : `its ${row.bracket_role?.replaceAll('_', '-')} child cannot be sent: ${ticket.reason}`);
      tickets.push(ticket.ticket);
    }
    // The ids are committed before the first send: a crash after this leaves the rows journaled, hence unknown.
    const reserved: OrderRow[] = [];
    await this.inTransaction(async (trx) => {
      const j = journalOf(trx);
      let floor = await journal.floor(j, order.connection_id, session.clientId);
      for (const row of group) {
        const orderId = session.reserveOrderId(floor);
        await journal.raiseFloor(j, order.connection_id, session.clientId, orderId);
        reserved.push(await this.changeIn(trx, row, { event: 'id_reserved', detail: { ibOrderId: orderId, clientId: session.clientId, floor }, patch: { ib_client_id: session.clientId, ib_order_id: orderId } }));
        floor = orderId;
      }
    });
    const parentIbId = reserved[0]?.ib_order_id;
    if (reserved.length !== group.length || reserved.some((r) => r.state !== 'journaled' || r.ib_order_id === null) || parentIbId == null) return;
    this.deps.faults?.reached('after_journal_commit');
    const transmit = transmitFlags(group.length);
    for (const [i, row] of reserved.entries()) {
      const ticket = { ...tickets[i]!, ...(i > 0 && { parentId: parentIbId }), ...(group.length > 1 && { transmit: transmit[i] }) };
      const outcome = await this.sendRow(row, ticket, session);
      if (outcome.outcome === 'sent') continue;
      // The rest never left: they share the broken-off row's fate, so the group is settled, and sent again, as one.
      for (const rest of reserved.slice(i + 1)) {
        const detail = { why: `not sent: its group's send stopped at ${row.id} (${outcome.reason})` };
        await this.change(rest, { event: outcome.outcome === 'not_sent' ? 'send_not_sent' : 'send_outcome_unknown', detail });
      }
      return;
    }
  }

  /** One row's send and its outcome, committed. */
  private async sendRow(reserved: OrderRow, ticket: OrderTicket, session: OrderSession): Promise<SendOutcome> {
    let outcome: SendOutcome;
    try {
      outcome = await session.send(reserved.ib_order_id!, ticket);
    } catch (error) {
      outcome = { outcome: 'unknown', reason: error instanceof Error ? error.message : String(error) };
    }
    if (outcome.outcome !== 'not_sent') {
      const highest = this.highestSent.get(reserved.connection_id);
      if (highest?.attempt !== session.attempt || highest.ibOrderId < reserved.ib_order_id!) this.highestSent.set(reserved.connection_id, { attempt: session.attempt, ibOrderId: reserved.ib_order_id! });
    }
    if (outcome.outcome === 'sent') {
      this.deps.faults?.reached('after_send_before_ack');
      // Recorded with IB's answers, in the drain's one commit (unrecordedSends).
      const sends = this.unrecordedSends.get(reserved.connection_id);
      if (sends) sends.push({ order: reserved, attempt: outcome.attempt });
      else this.unrecordedSends.set(reserved.connection_id, [{ order: reserved, attempt: outcome.attempt }]);
      this.drainSoon(reserved.connection_id);
      return outcome;
    }
    const latest = (await journal.byId(journalOf(this.deps.db), reserved.id)) ?? reserved;
    if (outcome.outcome === 'not_sent') {
      await this.change(latest, { event: 'send_not_sent', detail: { why: outcome.reason } });
    } else {
      await this.change(latest, { event: 'send_outcome_unknown', detail: { why: outcome.reason } });
    }
    return outcome;
  }

  /** Why the order may not go at its turn, if anything stops it: its time-to-live ended, or the gate (withheldBecause). */
  private async notNowBecause(order: OrderRow, intent: OrderIntent): Promise<{ event: 'expire_unsent' | 'withhold'; why: string } | undefined> {
    if (this.deps.clock.now() >= order.expires_at) return { event: 'expire_unsent', why: `its signal's time-to-live ended at ${new Date(order.expires_at).toISOString()} before it could be sent` };
    const refusal = await this.withheldBecause(order, intent);
    return refusal === undefined ? undefined : { event: 'withhold', why: refusal };
  }

  /** Why the order may not go now, re-read at its turn: the connection may have been halted or switched off since its signal. */
  private async withheldBecause(order: OrderRow, intent: OrderIntent): Promise<string | undefined> {
    const gate = await this.deps.gate.current(order.workspace_id, order.connection_id);
    if (!gate.enabled) return 'its connection was disabled before it was sent';
    if (!gate.executionEnabled) return 'execution was turned off for its connection before it was sent';
    if (gate.workspaceHalted) return 'the workspace kill switch was engaged before it was sent';
    if (gate.tradingState === 'halted') return 'its connection was halted before it was sent';
    if (gate.tradingState === 'reduce_only' && !intent.reduceOnly) return 'its connection went reduce-only before it was sent, and this order does not only reduce a position';
    return undefined;
  }

  // ─── IB's news ─────────────────────────────────────────────────────────────

  private async apply(trx: Kysely<Database>, connectionId: string, report: OrderReport): Promise<void> {
    switch (report.kind) {
      case 'order': {
        const order = await this.find(trx, connectionId, report.key);
        if (order) await this.applyStatus(trx, order, report);
        return;
      }
      case 'execution': {
        const order = await this.find(trx, connectionId, report.key);
        if (order) await this.applyExecution(trx, order, report);
        return;
      }
      case 'commission':
        await this.applyCommission(trx, connectionId, report);
        return;
      case 'orderError': {
        const clientId = this.deps.sessions?.session(connectionId)?.clientId;
        const order = clientId === undefined ? undefined : await journal.byIbOrderId(journalOf(trx), connectionId, clientId, report.orderId);
        if (!order) return;
        const detail = { code: report.code, message: report.message };
        // IB's words on one of our orders are audited whatever they do to it.
        const audit = [ibMessageEntry(order, detail)];
        // An error on an order whose modification IB has not answered is the modification's: the order keeps working.
        if (!report.cancels && await modificationAnswers.refused(trx, this.auditIn(trx), this.deps.db.kind, order, detail, this.deps.clock.now())) {
          await this.appendAudit(trx, order.workspace_id, audit);
          return;
        }
        const lastError = JSON.stringify(detail);
        if (report.cancels) await this.changeIn(trx, order, { event: 'cancelled', detail, patch: { last_error: lastError }, audit });
        else if (report.rejects && order.filled_quantity === 0) await this.changeIn(trx, order, { event: 'rejected', detail, patch: { last_error: lastError }, audit });
        else {
          await this.note(trx, order, 'ib_error', detail, { last_error: lastError });
          await this.appendAudit(trx, order.workspace_id, audit);
        }
        return;
      }
      case 'reconciliation':
        return;
    }
  }

  /** The Kairox order a report is about: its orderRef, else IB's permId, else the client's order id on this connection. */
  private async find(trx: Kysely<Database>, connectionId: string, key: OrderKey): Promise<OrderRow | undefined> {
    const db = journalOf(trx);
    if (key.orderRef?.startsWith('kxo_')) {
      const order = await journal.byId(db, key.orderRef);
      if (order && order.connection_id === connectionId) return order;
    }
    if (key.permId !== undefined && key.permId > 0) {
      const order = await journal.byPermId(db, connectionId, key.permId);
      if (order) return order;
    }
    // By order id only when the report says whose it is: order ids are per client id, and an
    // execution names none (on client 0 another client's fill may carry the same id). Kairox's own
    // orders always carry their orderRef, so nothing of ours needs the guess.
    if (key.orderId !== undefined && key.orderId > 0 && key.clientId !== undefined) {
      return journal.byIbOrderId(db, connectionId, key.clientId, key.orderId);
    }
    return undefined;
  }

  private async applyStatus(trx: Kysely<Database>, order: OrderRow, report: Extract<OrderReport, { kind: 'order' }>): Promise<void> {
    const patch: Change['patch'] = { ib_status: report.ibStatus, ...(order.perm_id === null && report.key.permId !== undefined && report.key.permId > 0 && { perm_id: report.key.permId }) };
    const detail = { ibStatus: report.ibStatus, ...(report.filled !== undefined && { filled: report.filled }), ...(report.remaining !== undefined && { remaining: report.remaining }) };
    switch (report.phase) {
      case 'working':
        await this.changeIn(trx, order, { event: 'acknowledged', detail, patch });
        await modificationAnswers.answered(trx, this.auditIn(trx), this.deps.db.kind, order, report.terms, 'live', this.deps.clock.now());
        return;
      case 'cancelled':
        await this.changeIn(trx, order, { event: 'cancelled', detail, patch });
        return;
      case 'inactive':
        if (order.filled_quantity === 0 && order.last_error !== null) await this.changeIn(trx, order, { event: 'rejected', detail, patch });
        else await this.note(trx, order, 'ib_status', detail, patch);
        return;
      default:
        // Filled and pending-cancel change nothing by themselves: executions carry the fills.
        await this.note(trx, order, 'ib_status', detail, patch);
    }
  }

  /** In the caller's transaction: the fault point during_fill_record crashes before it commits. Returns whether the execution was new. */
  private async applyExecution(trx: Kysely<Database>, order: OrderRow, e: Extract<OrderReport, { kind: 'execution' }>): Promise<boolean> {
    const now = this.deps.clock.now();
    {
      const j = journalOf(trx);
      const parked = await journal.takeParkedCommission(j, e.execId);
      const fresh = await journal.addFill(j, {
        exec_id: e.execId, workspace_id: order.workspace_id, order_id: order.id, connection_id: order.connection_id,
        account: e.account ?? null, side: e.side ?? null, shares: e.shares, price: e.price, cum_qty: e.cumQty ?? null, avg_price: e.avgPrice ?? null,
        ib_time: e.time ?? null, commission: parked?.commission ?? null, commission_currency: parked?.currency ?? null, realized_pnl: parked?.realized_pnl ?? null,
        received_at: now,
      });
      if (!fresh) return false; // a replayed execution: already counted (and audited)
      const current = (await journal.byId(j, order.id)) ?? order;
      const filled = current.filled_quantity + e.shares;
      const avg = ((current.avg_fill_price ?? 0) * current.filled_quantity + e.price * e.shares) / filled;
      const commission = parked?.commission != null ? (current.commission ?? 0) + parked.commission : current.commission;
      const done = filled >= current.quantity - 1e-9;
      const patch = { filled_quantity: filled, avg_fill_price: avg, commission, ...(current.perm_id === null && e.key.permId !== undefined && e.key.permId > 0 && { perm_id: e.key.permId }) };
      const audit = [fillEntry(current, e, filled), ...(parked?.commission != null ? [commissionEntry(current, { execId: e.execId, commission: parked.commission, currency: parked.currency })] : [])];
      await this.changeIn(trx, current, { event: done ? 'filled' : 'partially_filled', detail: { execId: e.execId, shares: e.shares, price: e.price, filled, of: current.quantity }, patch, audit });
      this.deps.faults?.reached('during_fill_record');
      return true;
    }
  }

  /** Returns whether the commission was joined to its fill now (not parked, not joined before). */
  private async applyCommission(trx: Kysely<Database>, connectionId: string, c: Extract<OrderReport, { kind: 'commission' }>): Promise<boolean> {
    const now = this.deps.clock.now();
    {
      const j = journalOf(trx);
      const fill = await journal.fillByExecId(j, c.execId);
      if (!fill) {
        // It came before its execution (or is for an order not Kairox's): it waits for the execution.
        await journal.parkCommission(j, { exec_id: c.execId, connection_id: connectionId, commission: c.commission ?? null, currency: c.currency ?? null, realized_pnl: c.realizedPnl ?? null, received_at: now });
        return false;
      }
      if (fill.commission !== null) return false; // already joined
      await journal.setFillCommission(j, c.execId, { commission: c.commission ?? null, currency: c.currency ?? null, realizedPnl: c.realizedPnl ?? null });
      const order = await journal.byId(j, fill.order_id);
      if (!order || c.commission === undefined) return false;
      await journal.update(j, order.id, { commission: (order.commission ?? 0) + c.commission, updated_at: now });
      await journal.addEvent(j, order, { at: now, kind: 'commission', event: null, from_state: null, to_state: null, detail: { execId: c.execId, commission: c.commission, currency: c.currency ?? null } });
      await this.appendAudit(trx, order.workspace_id, [commissionEntry(order, { execId: c.execId, commission: c.commission, currency: c.currency ?? null })]);
      return true;
    }
  }

  // ─── reconciliation ────────────────────────────────────────────────────────

  /** IB's picture after a (re)connect, applied to every order of the connection that may still change. */
  private async reconcile(trx: Kysely<Database>, connectionId: string, attempt: number, picture: Extract<OrderReport, { kind: 'reconciliation' }>): Promise<void> {
    const db = journalOf(trx);
    const orders = await journal.inStates(db, connectionId, OPEN_STATES);
    const matches = (order: OrderRow, key: OrderKey) => key.orderRef === order.id || (order.perm_id !== null && key.permId === order.perm_id);
    const settled: ReconciliationSummary = {
      attempt, takenAt: picture.takenAt, examined: orders.length, found: 0, resent: 0, expired: 0, executionsApplied: 0, commissionsApplied: 0,
      ib: { orders: picture.orders.length, executions: picture.executions.length, commissions: picture.commissions.length },
    };
    for (const order of orders) {
      const executions = picture.executions.filter((e) => matches(order, e.key));
      const status = picture.orders.find((o) => matches(order, o.key));
      for (const e of executions) if (await this.applyExecution(trx, (await journal.byId(db, order.id)) ?? order, e)) settled.executionsApplied += 1;
      for (const c of picture.commissions.filter((c) => executions.some((e) => e.execId === c.execId))) if (await this.applyCommission(trx, connectionId, c)) settled.commissionsApplied += 1;
      const current = (await journal.byId(db, order.id)) ?? order;
      if (status) {
        await this.applyStatus(trx, current, status);
        // A modification whose outcome a drop or a crash lost: IB's open order says whether it took.
        await modificationAnswers.answered(trx, this.auditIn(trx), this.deps.db.kind, current, status.terms, 'replay', this.deps.clock.now());
        settled.found += 1;
      } else if (executions.length === 0 && MAYBE_AT_IB.includes(current.state)) {
        // IB lists it nowhere: not open, not completed today, no execution. It never arrived.
        const absent = { why: 'IB has no open order, completed order or execution with its orderRef or permId', attempt, takenAt: picture.takenAt };
        // Journaled or sent: its send is unknown now; only from unknown may it be resent or expire.
        const unknown = current.state !== 'unknown' ? await this.changeIn(trx, current, { event: 'send_outcome_unknown', detail: absent }) : current;
        const ttlHolds = this.deps.clock.now() < current.expires_at;
        await this.changeIn(trx, unknown, { event: ttlHolds ? 'resend' : 'expire_unsent', detail: absent, ...(ttlHolds && { patch: { ib_order_id: null, sent_attempt: null } }) });
        settled[ttlHolds ? 'resent' : 'expired'] += 1;
      }
    }
    // A commission that came due while Kairox was away belongs to a fill it has, whose order may be done already.
    for (const c of picture.commissions) {
      const fill = await journal.fillByExecId(db, c.execId);
      if (fill && fill.connection_id === connectionId && fill.commission === null && await this.applyCommission(trx, connectionId, c)) settled.commissionsApplied += 1;
    }
    // What it examined and settled, in the same transaction: the summary commits with what it settled, or neither does.
    const workspaceId = this.deps.workspaceOf?.(connectionId) ?? orders[0]?.workspace_id;
    if (workspaceId !== undefined) await this.appendAudit(trx, workspaceId, [reconciledEntry(connectionId, settled)]);
    this.deps.logger.info({ connectionId, ...settled }, 'journal reconciled with IB');
  }

  // ─── applying changes ──────────────────────────────────────────────────────

  private async change(order: OrderRow, change: Change): Promise<OrderRow | undefined> {
    let after: OrderRow | undefined;
    await this.inTransaction(async (trx) => {
      const current = (await journal.byId(journalOf(trx), order.id)) ?? order;
      after = await this.changeIn(trx, current, change);
    });
    return after;
  }

  /** Applies one event through the transition table, with its order event and audit entry. Returns the order as it is after. */
  private async changeIn(trx: Kysely<Database>, order: OrderRow, change: Change): Promise<OrderRow> {
    const now = this.deps.clock.now();
    const j = journalOf(trx);
    const result = applyOrderEvent(order.state, change.event);
    if (!result.ok) {
      // Recorded, not applied: IB, the journal or Kairox disagree, and someone should look.
      await journal.addEvent(j, order, { at: now, kind: 'impossible', event: change.event, from_state: order.state, to_state: null, detail: { ...change.detail, message: result.message } });
      this.deps.logger.warn({ orderId: order.id, state: order.state, event: change.event }, result.message);
      const patch = change.patch && Object.fromEntries(Object.entries(change.patch).filter(([k]) => k === 'ib_status' || k === 'perm_id' || k === 'last_error'));
      if (patch && Object.keys(patch).length > 0) await journal.update(j, order.id, { ...patch, updated_at: now });
      // The news itself (a fill, IB's words) happened all the same: its entries are written.
      if (change.audit?.length) await this.appendAudit(trx, order.workspace_id, change.audit);
      return { ...order, ...patch };
    }
    const patch = { ...change.patch, state: result.state, updated_at: now };
    await journal.update(j, order.id, patch);
    await journal.addEvent(j, order, { at: now, kind: 'transition', event: change.event, from_state: order.state, to_state: result.state, detail: change.detail ?? {} });
    const entries: AuditEventInput[] = [...(change.audit ?? [])];
    if (result.changed) {
      entries.push({
        action: `order.${result.state}`, actor: SYSTEM, target: { type: 'order', id: order.id },
        data: { connectionId: order.connection_id, signalId: order.signal_id, event: change.event, from: order.state, to: result.state, ...change.detail },
      });
    }
    // One append for the news and the state it moved the order to: one sequence reservation and head update.
    if (entries.length > 0) await this.appendAudit(trx, order.workspace_id, entries);
    if (result.changed) {
      // A send whose outcome a crash or a drop lost: IB's answer is the first news that it was routed.
      if ((order.state === 'journaled' || order.state === 'unknown') && HEARD_FROM_IB.includes(result.state)) await this.deps.signals?.routed(trx, order.workspace_id, order.signal_id);
    }
    return { ...order, ...patch };
  }

  private async note(trx: Kysely<Database>, order: OrderRow, kind: string, detail: Record<string, unknown>, patch?: Change['patch']): Promise<void> {
    const now = this.deps.clock.now();
    const j = journalOf(trx);
    if (patch && Object.keys(patch).length > 0) await journal.update(j, order.id, { ...patch, updated_at: now });
    await journal.addEvent(j, order, { at: now, kind, event: null, from_state: null, to_state: null, detail });
  }
}

/** For the worker's start: the connections with orders that may still change. */
export async function connectionsWithOpenOrders(db: JournalExecutor): Promise<string[]> {
  const rows = await db.selectFrom('orders').select('connection_id').distinct().where('state', 'in', OPEN_STATES).execute();
  return rows.map((r) => r.connection_id);
}
