// "Also cancel open orders at IB" for the kill switch and for halting one connection: every Kairox
// order of the workspace (or of one connection) that may still be working is cancelled through
// OrderExecution.cancel, one order at a time in its connection's queue, and each answer is reported.
//
// Per order, not IB's reqGlobalCancel, on purpose: reqGlobalCancel cancels every open order of the
// account from every client — the user's manual TWS orders and other programs' included — and
// Kairox has no business touching orders it did not place. Per-order cancels touch only orders
// whose Kairox id IB keeps as orderRef, and each one is journaled and audited as its own
// transition. (A global cancel is not offered: it could not be made safe from inside Kairox.)
import type { Db } from '../db/index.ts';
import type { OrderState } from '../domain/index.ts';
import type { CancelAnswer } from './execution.ts';
import { journalOf } from './journal.ts';

/** Every state in which an order may still reach or work at IB. */
const SWEPT_STATES: readonly OrderState[] = ['accepted', 'journaled', 'not_sent', 'sent', 'unknown', 'working', 'partially_filled', 'cancelling'];

export interface OrderCanceller {
  cancel(workspaceId: string, orderId: string): Promise<CancelAnswer>;
}

export const SWEEP_OUTCOMES = ['requested', 'withheld', 'not_ready', 'not_cancellable'] as const;
export type SweepOutcome = (typeof SWEEP_OUTCOMES)[number];

export interface SweptOrder {
  orderId: string;
  connectionId: string;
  /** The state it was in when the sweep found it. */
  state: OrderState;
  outcome: SweepOutcome;
  /** Why, for the user. */
  message: string;
}

const MESSAGES: Readonly<Record<SweepOutcome, string>> = {
  requested: 'the cancel was handed to IB; IB’s confirmation follows as a state change',
  withheld: 'it had not been sent: it is withheld and will never be',
  not_ready: 'its connection has no ready IB session in this Kairox process: nothing was sent; cancel it again once the connection is ready',
  not_cancellable: 'it ended meanwhile: there was nothing left to cancel',
};

const NOT_SENT_ELSEWHERE = 'it has not been sent and this Kairox process runs no broker worker: the worker that runs its connection withholds it at its turn, as the connection is halted';

/** Cancels or withholds each open Kairox order of the workspace (of one connection, when given); `execution` is undefined in a process without the broker worker. */
export async function cancelOpenOrders(db: Db, execution: OrderCanceller | undefined, workspaceId: string, connectionId?: string): Promise<SweptOrder[]> {
  let q = journalOf(db).selectFrom('orders').select(['id', 'connection_id', 'state']).where('workspace_id', '=', workspaceId).where('state', 'in', SWEPT_STATES);
  if (connectionId !== undefined) q = q.where('connection_id', '=', connectionId);
  const open = await q.orderBy('created_at').orderBy('id').execute();
  // Connections run side by side; within one, the queue keeps the cancels in order.
  return Promise.all(open.map(async (o): Promise<SweptOrder> => {
    const answer: CancelAnswer = execution ? await execution.cancel(workspaceId, o.id) : { outcome: 'not_ready' };
    const outcome: SweepOutcome = answer.outcome === 'not_found' ? 'not_cancellable' : answer.outcome;
    // Without execution here, an order not sent yet is still stopped: the worker re-reads the halt before its send.
    const message = !execution && (o.state === 'accepted' || o.state === 'not_sent') ? NOT_SENT_ELSEWHERE : MESSAGES[outcome];
    return { orderId: o.id, connectionId: o.connection_id, state: o.state, outcome, message };
  }));
}
