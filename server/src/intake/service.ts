// SignalIntake: records and decides one signal. A repeat of an idempotency key answers the first
// result (same signal) or a 422 saying what differs; otherwise the signal is decided (decide.ts)
// and stored with its decision and audit entries in ONE transaction before the answer.
import { BadRequest, canonicalJson, KeyedTurns, newId, KairoxError, NotFound, type Clock } from '../common/index.ts';
import { commitsFor, forWorkspace, isUniqueViolation, WorkspaceScope, type Db } from '../db/index.ts';
import type { AuditActor, AuditEventInput, Signal } from '../domain/index.ts';
import { orderIntentOf, type Decision, type PreparedIntent } from './decision.ts';
import { decide, type DecideDeps } from './decide.ts';
import { signalFingerprint } from './fingerprint.ts';
import { previewSignal, type SignalPreview } from './preview.ts';
import type { ExecutionIntake, IntakeAuditSink } from './ports.ts';
import { signalsOf, type SignalFilter, type SignalRow } from './signal-store.ts';
import type { SignalDecisionView, SignalIntake, SignalSource, SignalStatus, SubmitContext, SubmitResult } from './submit.ts';

export const newSignalId = (): string => newId('sig');
export const newKairoxOrderId = (): string => newId('kxo');
const SIGNAL_ID = /^sig_[0-9a-z]{26}$/;

export interface SignalIntakeDeps extends Omit<DecideDeps, 'newOrderId'> {
  db: Db;
  clock: Clock;
  audit: IntakeAuditSink;
  newOrderId?: () => string;
  /** Where intents prepared with execution on go; without it (no execution in this process) they are only recorded. */
  execution?: ExecutionIntake;
  /** The connections' turns, shared with whatever else must judge a connection's orders in turn (modifications); its own when not given. */
  turns?: KeyedTurns;
}

export interface SignalView {
  id: string;
  connectionId: string;
  source: SignalSource;
  webhookId: string | null;
  idempotencyKey: string | null;
  fingerprint: string;
  status: SignalStatus;
  decision: SignalDecisionView;
  signal: Signal;
  payload: unknown;
  intent: PreparedIntent | null;
  kairoxOrderId: string | null;
  receivedAt: number;
  decidedAt: number | null;
}

function viewOf(row: SignalRow): SignalView {
  return {
    id: row.id, connectionId: row.connection_id, source: row.source as SignalSource, webhookId: row.webhook_id, idempotencyKey: row.idempotency_key,
    fingerprint: row.fingerprint, status: row.status as SignalStatus, decision: JSON.parse(row.decision) as SignalDecisionView,
    signal: JSON.parse(row.signal) as Signal, payload: JSON.parse(row.payload) as unknown,
    intent: row.intent === null ? null : (JSON.parse(row.intent) as PreparedIntent), kairoxOrderId: row.kairox_order_id,
    receivedAt: row.received_at, decidedAt: row.decided_at,
  };
}

/** The decision's JSON text as stored on a new signal's row, kept for the answer so it is not written twice. */
const decisionTexts = new WeakMap<SubmitResult, string>();

function decisionView(decision: Decision): SignalDecisionView {
  return { status: decision.status, ...(decision.code !== undefined && { code: decision.code }), message: decision.message, steps: decision.steps };
}

/** The top-level fields where two signals differ, for the 422. */
function differences(first: Signal, second: Signal): string[] {
  const keys = [...new Set([...Object.keys(first), ...Object.keys(second)])].filter((k) => k !== 'idempotencyKey').sort();
  const at = (s: Signal, k: string) => canonicalJson((s as unknown as Record<string, unknown>)[k] ?? null);
  return keys.filter((k) => at(first, k) !== at(second, k));
}

export class SignalIntakeService implements SignalIntake {
  private readonly decideDeps: DecideDeps;
  /**
   * A connection's signals are decided and committed one after another: the gate counts what is
   * recorded (the minute's orders, the duplicate window, open orders), so two decided before either
   * committed would both pass a limit meant for one. Other connections' signals go side by side.
   */
  private readonly connectionTurns: KeyedTurns;

  constructor(private readonly deps: SignalIntakeDeps) {
    this.decideDeps = { ...deps, newOrderId: deps.newOrderId ?? newKairoxOrderId };
    this.connectionTurns = deps.turns ?? new KeyedTurns();
  }

  async submit(signal: Signal, context: SubmitContext): Promise<SubmitResult> {
    const key = context.idempotencyKey ?? signal.idempotencyKey;
    if (context.idempotencyKey !== undefined && signal.idempotencyKey !== undefined && context.idempotencyKey !== signal.idempotencyKey) {
      throw new BadRequest(`The Idempotency-Key header (${context.idempotencyKey}) and the signal's idempotencyKey (${signal.idempotencyKey}) differ; send one of them, or the same key in both.`);
    }
    const keyed: Signal = key === undefined ? signal : { ...signal, idempotencyKey: key };
    const fingerprint = signalFingerprint(keyed);
    return this.connectionTurns.run(keyed.connectionId, () => this.decideAndRecord(keyed, key, fingerprint, context));
  }

  /** In the connection's turn: a repeat is answered as such, else the signal is decided and committed with its audit entries (and its order, if it goes). */
  private async decideAndRecord(keyed: Signal, key: string | undefined, fingerprint: string, context: SubmitContext): Promise<SubmitResult> {
    const scope = forWorkspace(this.deps.db, context.workspaceId);
    const signals = signalsOf(this.deps.db, context.workspaceId);
    if (key !== undefined) {
      const first = await signals.byIdempotencyKey(key);
      if (first) return this.repeat(first, keyed, fingerprint);
    }

    const signalId = newSignalId();
    const now = this.deps.clock.now();
    const decideStarted = performance.now();
    const decision = await decide(this.decideDeps, { scope, signals, signal: keyed, signalId, fingerprint, receivedAt: context.receivedAt, now });
    const decidedAt = this.deps.clock.now();
    const storeStarted = performance.now();
    if (context.timings) context.timings.decideMs = storeStarted - decideStarted;
    const view = decisionView(decision);
    const decisionJson = JSON.stringify(view);
    const row: Omit<SignalRow, 'workspace_id'> = {
      id: signalId, connection_id: keyed.connectionId, source: context.source, webhook_id: context.webhookId ?? null, idempotency_key: key ?? null,
      // Stored, not hashed: plain JSON (the fingerprint and the audit entries are the canonical texts).
      fingerprint, payload: JSON.stringify(context.payload ?? null), signal: JSON.stringify(keyed), status: decision.status,
      decision: decisionJson, intent: decision.intent ? JSON.stringify(decision.intent) : null,
      kairox_order_id: decision.intent?.kind === 'order' ? decision.intent.kairoxOrderId : null,
      received_at: context.receivedAt, decided_at: decidedAt,
    };
    const events = auditEvents(row, keyed, decision, context.actor, context.payload)
      .map((event) => ({ ...event, ...(context.requestId !== undefined && { requestId: context.requestId }) }));
    const result: SubmitResult = { signalId, decision: view, repeated: false };
    decisionTexts.set(result, decisionJson);
    const execution = this.deps.execution;
    const handOver = decision.execute === true && decision.intent?.kind === 'order' && execution ? { execution, intent: orderIntentOf(decision.intent) } : undefined;
    try {
      // Short on purpose: SQLite has one connection, so every other query waits while it is open.
      // Grouped (SQLite): signals of other connections decided meanwhile, and execution's drains, share its commit.
      await commitsFor(this.deps.db).run(async (trx) => {
        await signalsOf(trx, context.workspaceId).insert(row);
        const inTrx = new WorkspaceScope(context.workspaceId, trx, this.deps.db.kind);
        // Accepted with its signal or not at all: nothing accepted is lost, nothing is sent from here.
        // The order's audit entries follow the signal's, and the audit chain is written last: the
        // journal's locks before the audit head's, the order execution's transactions take them in.
        const orderAudit: AuditEventInput[] = [];
        if (handOver) await handOver.execution.accept(trx, handOver.intent, orderAudit);
        await this.deps.audit.appendMany(inTrx, [...events, ...orderAudit]);
        await context.recordWithSignal?.({ scope: inTrx, executor: trx }, result);
      });
    } catch (error) {
      if (key === undefined || !isUniqueViolation(error)) throw error;
      // Another submission with the same key committed first: answer as a repeat of it.
      const first = await signals.byIdempotencyKey(key);
      if (!first) throw error;
      return this.repeat(first, keyed, fingerprint);
    }
    if (context.timings) context.timings.storeMs = performance.now() - storeStarted;
    handOver?.execution.wake(keyed.connectionId);
    // Cancels go whatever the execution switch says: they only ever lower exposure.
    if (decision.status === 'prepared' && decision.intent?.kind === 'cancel') this.deps.execution?.cancelOrders(context.workspaceId, decision.intent.kairoxOrderIds);
    return result;
  }

  /**
   * What submitting the signal would decide now, and IB's what-if for its order (preview.ts).
   * Records nothing, places nothing, and takes no turn: it waits for no signal of the connection.
   */
  async preview(signal: Signal, context: { workspaceId: string; receivedAt: number; idempotencyKey?: string }): Promise<SignalPreview> {
    const key = context.idempotencyKey ?? signal.idempotencyKey;
    if (context.idempotencyKey !== undefined && signal.idempotencyKey !== undefined && context.idempotencyKey !== signal.idempotencyKey) {
      throw new BadRequest(`The Idempotency-Key header (${context.idempotencyKey}) and the signal's idempotencyKey (${signal.idempotencyKey}) differ; send one of them, or the same key in both.`);
    }
    return previewSignal(this.decideDeps, {
      scope: forWorkspace(this.deps.db, context.workspaceId), signals: signalsOf(this.deps.db, context.workspaceId), signal,
      receivedAt: context.receivedAt, now: this.deps.clock.now(), idempotencyKey: key,
    });
  }

  /** `JSON.stringify(result.decision)`: for a signal this service just recorded, the text its row holds. */
  decisionJsonOf(result: SubmitResult): string {
    return decisionTexts.get(result) ?? JSON.stringify(result.decision);
  }

  private repeat(first: SignalRow, signal: Signal, fingerprint: string): SubmitResult {
    if (first.fingerprint !== fingerprint) {
      const differs = differences(JSON.parse(first.signal) as Signal, signal);
      throw new KairoxError(
        'IDEMPOTENCY_KEY_REUSED', 422,
        `Idempotency key ${first.idempotency_key ?? ''} was already used by signal ${first.id} with a different body (${differs.length > 0 ? `it differs in ${differs.join(', ')}` : 'it differs'}); send a new key for a new signal, or resend the first body unchanged.`,
        { signalId: first.id, differs },
      );
    }
    return { signalId: first.id, decision: JSON.parse(first.decision) as SignalDecisionView, repeated: true };
  }

  async get(scope: WorkspaceScope, id: string): Promise<SignalView> {
    const row = SIGNAL_ID.test(id) ? await signalsOf(this.deps.db, scope.workspaceId).get(id) : undefined;
    if (!row) throw new NotFound('Signal');
    return viewOf(row);
  }

  /** Newest first; `before` is the last signal id of the previous page. */
  async list(scope: WorkspaceScope, filter: Omit<SignalFilter, 'before'> & { before?: string }): Promise<{ signals: SignalView[]; nextBefore: string | null }> {
    const store = signalsOf(this.deps.db, scope.workspaceId);
    let before: SignalFilter['before'];
    if (filter.before !== undefined) {
      const row = SIGNAL_ID.test(filter.before) ? await store.get(filter.before) : undefined;
      if (!row) throw new BadRequest(`before must be the id of a signal of this workspace (the nextBefore of the previous page), not ${filter.before}.`);
      before = { receivedAt: row.received_at, id: row.id };
    }
    const rows = await store.list({ ...filter, before });
    const last = rows.at(-1);
    return { signals: rows.map(viewOf), nextBefore: rows.length === filter.limit && last ? last.id : null };
  }
}

/** received, instrument resolved, sized, the risk gate's every rule, then prepared or denied. */
function auditEvents(row: Omit<SignalRow, 'workspace_id'>, signal: Signal, decision: Decision, actor: AuditActor, payload: unknown): Array<Omit<AuditEventInput, 'requestId'>> {
  const target = { type: 'signal', id: row.id };
  const base = { connectionId: row.connection_id };
  const events: Array<Omit<AuditEventInput, 'requestId'>> = [
    { action: 'signal.received', actor, target, data: { ...base, source: row.source, webhookId: row.webhook_id, idempotencyKey: row.idempotency_key, payload: payload ?? null } },
  ];
  const step = (name: string) => decision.steps.find((s) => s.step === name && s.outcome === 'pass');
  const instrument = step('instrument');
  if (instrument) events.push({ action: 'signal.instrument_resolved', actor, target, data: { ...base, ...instrument.values } });
  const sized = step('sizing');
  if (sized) events.push({ action: 'signal.sized', actor, target, data: { ...base, ...sized.values, prices: step('prices')?.values ?? null } });
  const rules = decision.steps.filter((s) => s.step.startsWith('risk:'));
  if (rules.length > 0) {
    events.push({
      action: 'signal.risk_evaluated', actor, target,
      data: { ...base, rules: rules.map((r) => ({ rule: r.step.slice('risk:'.length), outcome: r.outcome, code: r.code ?? null, message: r.message ?? null })) },
    });
  }
  events.push(decision.status === 'prepared'
    ? { action: 'signal.prepared', actor, target, data: { ...base, message: decision.message, kairoxOrderId: row.kairox_order_id, intent: decision.intent ?? null, strategy: signal.strategy ?? null } }
    : { action: 'signal.denied', actor, target, data: { ...base, code: decision.code ?? null, message: decision.message, step: decision.steps.find((s) => s.outcome === 'deny' && s.code === decision.code)?.step ?? null } });
  return events;
}
