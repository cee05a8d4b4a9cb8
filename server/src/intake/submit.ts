// The one way a signal enters Kairox, whoever sent it (the API, a webhook, later the dashboard):
// parsed signals go to `SignalIntake.submit`, which records the signal durably, decides it
// (instrument, sizing, risk gate) and answers with the decision. The HTTP routes of both doors call
// this and nothing else, so a webhook's signal is treated exactly like an API one.
import type { Executor, WorkspaceScope } from '../db/index.ts';
import type { AuditActor } from '../domain/index.ts';
import type { Signal } from '../domain/signal.ts';

export type SignalSource = 'api' | 'webhook';

/** What a signal became. `prepared` and `denied` come from intake; the rest from execution (issue 9). */
export const SIGNAL_STATUSES = ['received', 'prepared', 'denied', 'routed', 'filled', 'rejected', 'cancelled', 'expired_unsent', 'unknown'] as const;
export type SignalStatus = (typeof SIGNAL_STATUSES)[number];

export interface SubmitContext {
  workspaceId: string;
  source: SignalSource;
  /** The webhook it came through (source 'webhook'). */
  webhookId?: string;
  /** From the Idempotency-Key header, or the signal's own idempotencyKey (the header wins when both are given and equal; they must not differ). */
  idempotencyKey?: string;
  /** When Kairox received it (epoch ms): the signal's time when it carries none, and the start of its time-to-live check. */
  receivedAt: number;
  actor: AuditActor;
  requestId?: string;
  /** The body as sent, secrets already removed: kept on the signal and in the audit trail. */
  payload: unknown;
  /**
   * Runs inside the transaction that records a new signal, after its row and audit entries: what
   * the caller writes here (a webhook's delivery record) commits with the signal or not at all, so
   * no crash can leave one without the other. Not run for a repeat (`repeated: true`), which writes
   * nothing; a failure here fails the submission and nothing is kept.
   */
  recordWithSignal?: (trx: SignalTransaction, result: SubmitResult) => Promise<void>;
  /** Filled in by the submission: where its time went (the signal doors' Server-Timing header). */
  timings?: SubmitTimings;
}

/** Milliseconds spent deciding (reads, IB, the risk gate) and storing (the transaction and its commit). */
export interface SubmitTimings {
  decideMs?: number;
  storeMs?: number;
}

/** The transaction a new signal is being written in. */
export interface SignalTransaction {
  /** The signal's workspace, bound to the transaction (audit appends through it join it). */
  readonly scope: WorkspaceScope;
  /** The transaction itself, for stores that take an executor. */
  readonly executor: Executor;
}

export interface SignalDecisionView {
  /** What intake decided; the signal's own status moves on with its order (routed, filled, …), this stays. */
  status: 'prepared' | 'denied';
  /** The denial code (e.g. instrument_not_qualified, max_order_notional), when denied. */
  code?: string;
  message: string;
  /** Every step's outcome, in order (instrument, sizing, each risk rule), with the values that decided it. */
  steps: Array<{ step: string; outcome: 'pass' | 'deny' | 'skip'; code?: string; message?: string; values?: Record<string, unknown> }>;
}

export interface SubmitResult {
  signalId: string;
  decision: SignalDecisionView;
  /** True when this was a repeat of an earlier submission with the same idempotency key: nothing new was created. */
  repeated: boolean;
}

export interface SignalIntake {
  /**
   * Records and decides one signal. A repeat of an idempotency key with the same signal answers the
   * first result (`repeated: true`); with a different signal it throws a KairoxError with status 422.
   */
  submit(signal: Signal, context: SubmitContext): Promise<SubmitResult>;
}
