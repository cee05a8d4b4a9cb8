// What an audit event says, independent of how it is stored or chained.
import type { OrderState } from './order-lifecycle.ts';

/** The steps of a modification, recorded as order events and audit entries (the order keeps its state). */
export type ModificationStep = 'modify_requested' | 'modify_sent' | 'modify_not_sent' | 'modify_outcome_unknown' | 'modify_acknowledged' | 'modify_rejected' | 'modify_not_applied';

/** Security and trading actions recorded in the audit trail; new modules add theirs here. */
export type AuditAction =
  | 'setup.completed'
  | 'user.created'
  | 'auth.login_succeeded'
  | 'auth.login_failed'
  | 'auth.logout'
  | 'token.created'
  | 'token.revoked'
  | 'member.added'
  | 'member.role_changed'
  | 'member.removed'
  | 'connection.created'
  | 'connection.updated'
  | 'connection.deleted'
  | 'instrument.approved'
  | 'instrument.revoked'
  | 'connection.trading_state_changed'
  | 'connection.execution_enabled'
  | 'connection.execution_disabled'
  | 'connection.halted_account_type_changed'
  | 'workspace.kill_switch_engaged'
  | 'workspace.kill_switch_lifted'
  | 'workspace.paper_fill_seen'
  | 'risk_policy.replaced'
  | 'signal.received'
  | 'signal.instrument_resolved'
  | 'signal.sized'
  | 'signal.risk_evaluated'
  | 'signal.prepared'
  | 'signal.denied'
  | 'webhook.created'
  | 'webhook.rotated'
  | 'webhook.revoked'
  | 'webhook.delivery_accepted'
  | 'webhook.delivery_repeated'
  | 'webhook.delivery_rejected'
  | 'webhook.delivery_unauthorized'
  | 'webhook.delivery_failed'
  /** Execution: an order entered a state (domain/order-lifecycle.ts); `order.<state>`. */
  | `order.${OrderState}`
  /** Execution: a working order's modification, its send and IB's answer (orders/modify.ts). */
  | `order.${ModificationStep}`
  /** Execution: IB's news about an order, each once (orders/audit-entries.ts): an execution, its commission, an IB message on its id. */
  | 'order.fill'
  | 'order.commission'
  | 'order.ib_message'
  /** A broker session: its state really changed (sessions/worker.ts); the journal reconciled with IB after a (re)connect (orders/execution.ts). */
  | 'connection.state_changed'
  | 'connection.reconciled';

/** `webhook`: an alert sender, known only by the webhook (and secret) it used. */
export const AUDIT_ACTOR_TYPES = ['user', 'api_token', 'system', 'cli', 'webhook'] as const;
export type AuditActorType = (typeof AUDIT_ACTOR_TYPES)[number];

export interface AuditActor {
  readonly type: AuditActorType;
  readonly id: string | null;
}

export interface AuditEventInput {
  readonly action: AuditAction;
  readonly actor: AuditActor;
  readonly target?: { readonly type: string; readonly id: string };
  /** Details that explain the event; never secrets. JSON-serialisable. */
  readonly data?: Readonly<Record<string, unknown>>;
  readonly requestId?: string;
}

/** Who is acting and from where, passed from the edge (HTTP, CLI) into application modules. */
export interface RequestMeta {
  readonly requestId?: string;
  readonly ip?: string;
}
