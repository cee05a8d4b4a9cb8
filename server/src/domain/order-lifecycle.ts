// A Kairox order's life as a transition table: the states it can be in, the events that move it,
// and — as data — which event moves which state where. Execution changes an order only by applying
// an event here; an event the table does not list for the current state is an impossible
// transition: it is recorded with the order (it means IB, the journal or Kairox disagree) and the
// state is left as it was. Pure.
//
// The states around the send are the ones exactly-once depends on:
//   accepted         the intent is committed with its signal; it waits for its connection's turn
//   journaled        its reserved IB order id is committed too; nothing left Kairox yet (after a
//                    restart Kairox cannot know whether the send happened: it becomes unknown)
//   sent             handed to the socket; IB has not answered
//   not_sent         provably never left Kairox (the socket refused it): may be sent again, with a
//                    new IB id, while the signal's time-to-live holds
//   unknown          it may or may not have reached IB (a crash or a drop around the send): stays so
//                    until IB's own answers settle it (found → its IB state; absent → resend/expire)
// Fills come from executions, not from orderStatus (IB does not send a status for every change),
// so a fill moves an order whatever status was or was not seen before it.

export const ORDER_STATES = [
  'accepted', 'journaled', 'sent', 'not_sent', 'unknown',
  'working', 'partially_filled', 'cancelling',
  'filled', 'cancelled', 'rejected', 'expired_unsent', 'withheld',
] as const;
export type OrderState = (typeof ORDER_STATES)[number];

export const TERMINAL_ORDER_STATES: ReadonlySet<OrderState> = new Set(['filled', 'cancelled', 'rejected', 'expired_unsent', 'withheld']);

export const ORDER_EVENTS = [
  /** Its IB order id is reserved and committed. */
  'id_reserved',
  /** Before anything was sent, its connection stopped trading it (halted, reduce-only, execution off): it is not sent. */
  'withhold',
  /** The socket took the placeOrder frame. */
  'send_succeeded',
  /** The send failed before the frame left (not connected, refused by the session). */
  'send_not_sent',
  /** Kairox cannot tell whether the frame left (a crash or drop around the send). */
  'send_outcome_unknown',
  /** IB's answers prove it never arrived and the time-to-live holds: it waits for a new IB id and its turn again. */
  'resend',
  /** It never reached IB and the time-to-live ran out. */
  'expire_unsent',
  /** IB has it (openOrder, or a PendingSubmit / PreSubmitted / Submitted status). */
  'acknowledged',
  /** An execution that leaves some quantity open. */
  'partially_filled',
  /** Executions now add up to the whole quantity. */
  'filled',
  /** Kairox asked IB to cancel it. */
  'cancel_requested',
  /** IB says it is cancelled (Cancelled / ApiCancelled), or IB refused the cancel because it is done. */
  'cancelled',
  /** IB refused the order (an order error on its id, or Inactive with a rejection). */
  'rejected',
] as const;
export type OrderEvent = (typeof ORDER_EVENTS)[number];

/** Where each event takes each state; an event missing for a state is an impossible transition. */
export const ORDER_TRANSITIONS: Readonly<Record<OrderState, Readonly<Partial<Record<OrderEvent, OrderState>>>>> = {
  accepted: { id_reserved: 'journaled', withhold: 'withheld', expire_unsent: 'expired_unsent' },
  journaled: {
    withhold: 'withheld', send_succeeded: 'sent', send_not_sent: 'not_sent', send_outcome_unknown: 'unknown', expire_unsent: 'expired_unsent',
    // A crash between the send and marking it sent: IB's answers are the first news.
    acknowledged: 'working', partially_filled: 'partially_filled', filled: 'filled', cancelled: 'cancelled', rejected: 'rejected',
  },
  sent: {
    send_outcome_unknown: 'unknown',
    acknowledged: 'working', partially_filled: 'partially_filled', filled: 'filled',
    cancel_requested: 'cancelling', cancelled: 'cancelled', rejected: 'rejected',
  },
  not_sent: { resend: 'accepted', expire_unsent: 'expired_unsent', withhold: 'withheld' },
  unknown: {
    resend: 'accepted', expire_unsent: 'expired_unsent',
    acknowledged: 'working', partially_filled: 'partially_filled', filled: 'filled',
    cancel_requested: 'cancelling', cancelled: 'cancelled', rejected: 'rejected',
  },
  working: {
    acknowledged: 'working', partially_filled: 'partially_filled', filled: 'filled',
    cancel_requested: 'cancelling', cancelled: 'cancelled', rejected: 'rejected',
    // A drop while it works: IB still has it; the reconciliation after the reconnect says how it is.
    send_outcome_unknown: 'working',
  },
  partially_filled: {
    acknowledged: 'partially_filled', partially_filled: 'partially_filled', filled: 'filled',
    cancel_requested: 'cancelling', cancelled: 'cancelled',
  },
  cancelling: {
    // Fills race a cancel: the cancel asked, the executions tell.
    acknowledged: 'cancelling', partially_filled: 'cancelling', filled: 'filled',
    cancel_requested: 'cancelling', cancelled: 'cancelled',
  },
  filled: { filled: 'filled', acknowledged: 'filled' },
  // An execution reported after the cancel (out-of-order reports) is recorded; the whole quantity filled means the cancel lost the race.
  cancelled: { cancelled: 'cancelled', partially_filled: 'cancelled', filled: 'filled' },
  rejected: { rejected: 'rejected' },
  expired_unsent: { expire_unsent: 'expired_unsent' },
  withheld: { withhold: 'withheld' },
};

export type TransitionResult =
  | { ok: true; state: OrderState; changed: boolean }
  | { ok: false; state: OrderState; message: string };

/** The state `event` moves `state` to, or why it cannot (the caller records that and keeps the state). */
export function applyOrderEvent(state: OrderState, event: OrderEvent): TransitionResult {
  const next = ORDER_TRANSITIONS[state][event];
  if (next === undefined) {
    return { ok: false, state, message: `an order that is ${state.replaceAll('_', ' ')} cannot take "${event.replaceAll('_', ' ')}"; the event is recorded and the order left ${state.replaceAll('_', ' ')}` };
  }
  return { ok: true, state: next, changed: next !== state };
}

export function isTerminalOrderState(state: OrderState): boolean {
  return TERMINAL_ORDER_STATES.has(state);
}
