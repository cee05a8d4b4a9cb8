// The audit entries of IB's news about orders, beside the `order.<state>` entries of state changes:
// every execution applied (once per execId, since a replayed one is never applied again), every
// commission joined to its fill, every IB message on one of our orders' ids (IB's text verbatim),
// and the summary of each reconciliation. Execution writes them in the transaction of the journal
// change they describe, so an entry never exists without its change nor the change without it.
import type { AuditEventInput, OrderReport } from '../domain/index.ts';
import type { OrderRow } from './journal.ts';

const SYSTEM = { type: 'system' as const, id: null };

type Execution = Extract<OrderReport, { kind: 'execution' }>;

const orderTarget = (order: Pick<OrderRow, 'id'>) => ({ type: 'order', id: order.id });

/** An execution applied to the order; `filled` is the order's cumulative quantity after it. */
export function fillEntry(order: OrderRow, e: Execution, filled: number): AuditEventInput {
  return {
    action: 'order.fill', actor: SYSTEM, target: orderTarget(order),
    data: {
      connectionId: order.connection_id, signalId: order.signal_id, execId: e.execId, side: e.side ?? order.side, shares: e.shares, price: e.price,
      filled, of: order.quantity, ...(e.cumQty !== undefined && { cumQty: e.cumQty }), ...(e.time !== undefined && { time: e.time }),
    },
  };
}

/** A commission joined to the fill of `execId` (when it came or, if it came first, when its execution did). */
export function commissionEntry(order: Pick<OrderRow, 'id' | 'connection_id'>, c: { execId: string; commission: number; currency: string | null }): AuditEventInput {
  return {
    action: 'order.commission', actor: SYSTEM, target: orderTarget(order),
    data: { connectionId: order.connection_id, execId: c.execId, commission: c.commission, currency: c.currency },
  };
}

/** An error or notice IB sent on the order's id, with IB's code and text as IB wrote them. */
export function ibMessageEntry(order: OrderRow, m: { code: number; message: string }): AuditEventInput {
  return {
    action: 'order.ib_message', actor: SYSTEM, target: orderTarget(order),
    data: { connectionId: order.connection_id, ibOrderId: order.ib_order_id, code: m.code, message: m.message, state: order.state },
  };
}

/** What one reconciliation examined and settled. */
export interface ReconciliationSummary {
  attempt: number;
  takenAt: number;
  /** Orders of the connection that could still change. */
  examined: number;
  /** Of those, IB listed (open or completed). */
  found: number;
  /** Never arrived at IB: sent again (time-to-live held) or expired unsent. */
  resent: number;
  expired: number;
  /** New to the journal in this reconciliation (replays already counted are not). */
  executionsApplied: number;
  commissionsApplied: number;
  /** What IB listed in all. */
  ib: { orders: number; executions: number; commissions: number };
}

export function reconciledEntry(connectionId: string, summary: ReconciliationSummary): AuditEventInput {
  return { action: 'connection.reconciled', actor: SYSTEM, target: { type: 'connection', id: connectionId }, data: { connectionId, ...summary } };
}
