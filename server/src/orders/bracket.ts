// Bracket orders, as IB's API documents them: the parent, then a take-profit LMT and/or a stop-loss
// STP on the opposite side for the same quantity, each child naming the parent's IB order id. The
// parent and every child but the last go with transmit=false and the last with transmit=true, so
// IB activates the group only once all of it arrived; the children are one-cancels-all at IB and
// cancelling the parent cancels them (IB's reports say so; Kairox assumes nothing).
//
// Kairox's rules (execution.ts applies them):
// - every row of a bracket is journaled in its signal's transaction: each child has its own Kairox
//   order id (its orderRef), its own intent (below) and its own states; ids are reserved in one
//   transaction, parent first, before anything is sent, and the group is sent back to back;
// - a child is never sent alone: it goes with its parent's group or not at all. What stops the
//   parent before it leaves (withheld, expired_unsent, a refused ticket) stops every child, with why;
// - the group is one unit at IB: nothing of it is active until its last row was transmitted. A send
//   that fails part-way leaves at most untransmitted rows at IB, which IB never activates on its own
//   (and Kairox never reuses their ids): after the reconnect or restart IB lists none of the group,
//   so the reconciliation sends the whole group again under new ids (time-to-live permitting) or
//   expires every row. So IB holds one active group or none, never a parent without its children.
import { newId } from '../common/index.ts';
import type { OrderIntent } from '../domain/index.ts';
import type { BracketRole } from './journal.ts';

export interface BracketChild {
  role: Exclude<BracketRole, 'parent'>;
  intent: OrderIntent;
}

const newChildOrderId = (): string => newId('kxo');

/** The children of a bracket intent, take-profit first (the order they are sent in); none for a plain order. */
export function bracketChildren(parent: OrderIntent, newId: () => string = newChildOrderId): BracketChild[] {
  const b = parent.bracket;
  if (b === undefined) return [];
  const { bracket: _b, limitPrice: _l, stopPrice: _s, trailingAmount: _ta, trailingPercent: _tp, ...common } = parent;
  // Not reduce-only: before its parent fills there is nothing for it to reduce, so the risk gate
  // judges a child's modification as the opposite-side order it is on its own.
  const child = { ...common, side: parent.side === 'BUY' ? 'SELL' : 'BUY', reduceOnly: false } as const;
  const children: BracketChild[] = [];
  if (b.takeProfit) children.push({ role: 'take_profit', intent: { ...child, kairoxOrderId: newId(), orderType: 'LMT', limitPrice: b.takeProfit.limitPrice } });
  if (b.stopLoss) children.push({ role: 'stop_loss', intent: { ...child, kairoxOrderId: newId(), orderType: 'STP', stopPrice: b.stopLoss.stopPrice } });
  return children;
}

/** transmit for each row of a group sent in order: false for all but the last. */
export function transmitFlags(groupSize: number): boolean[] {
  return Array.from({ length: groupSize }, (_, i) => i === groupSize - 1);
}
