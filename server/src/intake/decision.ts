// The steps of a decision and the values recorded with them: each step passes, denies (the first
// denial ends the signal as `denied` with its code) or is skipped.
import type { OrderIntent } from '../domain/index.ts';
import type { SignalDecisionView } from './submit.ts';

export type DecisionStep = SignalDecisionView['steps'][number];

/** Codes intake itself denies with (the risk gate adds its own, risk/outcome.ts). */
export type IntakeDenialCode =
  | 'connection_disabled'
  | 'connection_not_ready'
  | 'account_required'
  | 'account_not_found'
  | 'instrument_not_qualified'
  | 'instrument_ambiguous'
  | 'instrument_not_supported'
  | 'contract_near_expiry'
  | 'no_position'
  | 'nothing_to_cancel'
  | 'no_reference_price'
  | 'no_account_values'
  | 'fx_rate_unavailable'
  | 'size_rounds_to_zero'
  | 'ib_read_failed';

/** What execution is asked to do for a `cancel` signal: cancel these working Kairox orders. */
export interface CancelIntent {
  kind: 'cancel';
  signalId: string;
  connectionId: string;
  conId: number;
  kairoxOrderIds: string[];
}

export type PreparedIntent = ({ kind: 'order' } & OrderIntent) | CancelIntent;

/** The order a prepared intent asks for, without the kind that tells it from a cancel (execution journals orders only). */
export function orderIntentOf({ kind: _kind, ...order }: Extract<PreparedIntent, { kind: 'order' }>): OrderIntent {
  return order;
}

export interface Decision {
  status: 'prepared' | 'denied';
  code?: string;
  message: string;
  steps: DecisionStep[];
  intent?: PreparedIntent;
  /** Prepared with execution on: the intent is handed to execution in the signal's transaction. */
  execute?: boolean;
}

export class DecisionLog {
  readonly steps: DecisionStep[] = [];

  pass(step: string, values?: Record<string, unknown>, message?: string): void {
    this.steps.push({ step, outcome: 'pass', ...(message !== undefined && { message }), ...(values && { values }) });
  }

  skip(step: string, message: string, values?: Record<string, unknown>): void {
    this.steps.push({ step, outcome: 'skip', message, ...(values && { values }) });
  }

  deny(step: string, code: string, message: string, values?: Record<string, unknown>): Decision {
    this.steps.push({ step, outcome: 'deny', code, message, ...(values && { values }) });
    return { status: 'denied', code, message, steps: this.steps };
  }
}
