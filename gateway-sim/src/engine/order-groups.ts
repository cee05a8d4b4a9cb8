// Orders that move together. Staging: a transmit=false order waits until an order of its bracket
// arrives with transmit=true, then the whole group goes live in id order (the children of a parent
// that was rejected or cancelled are cancelled instead). OCA groups and bracket
// children react to a fill: siblings are cancelled or reduced, and a filled parent's children start.
import type { OrderLifecycle } from './lifecycle.ts';
import type { OrderBook } from './order-book.ts';
import { isTerminal } from './order-record.ts';
import type { OrderRecord } from './state.ts';

export class OrderGroups {
  constructor(
    private readonly book: OrderBook,
    private readonly lifecycle: OrderLifecycle,
    private readonly work: (o: OrderRecord, now: number) => void,
  ) {}

  /** transmit=1 arrived: the order, its staged parent and the parent's staged children go live together. */
  transmit(o: OrderRecord): void {
    const root = this.book.parentOf(o) ?? o;
    const group = [root];
    for (const child of this.book.childrenOf(root)) {
      if (child !== root && (child.staged || child === o)) group.push(child);
    }
    if (!group.includes(o)) group.push(o);
    group.sort((a, b) => a.orderId - b.orderId);
    for (const g of group) {
      if (!(g.staged || g.status === 'PendingSubmit')) continue;
      g.staged = false;
      g.transmit = true;
      // The parent was rejected (at entry, or by the margin check just now) or cancelled: its
      // children have nothing to attach to and are cancelled, as IB does, never left working.
      if (g !== root && isTerminal(root) && root.status !== 'Filled') this.lifecycle.finishCancel(g, 'Cancelled by System', true);
      else this.lifecycle.activate(g);
    }
  }

  /** OCA siblings and bracket children react to a fill of `qty`. */
  afterFill(o: OrderRecord, qty: number, now: number): void {
    // Bracket children of one parent are one-cancels-all among themselves (ocaPeers includes them).
    for (const s of this.book.ocaPeers(o)) {
      if (isTerminal(s) || s.staged) continue;
      // OCA types 2 and 3 reduce the rest of the group by the filled size instead of cancelling it.
      if (o.ocaGroup !== '' && (o.ocaType === 2 || o.ocaType === 3) && s.ocaGroup === o.ocaGroup) {
        s.totalQuantity = Math.max(s.filled, s.totalQuantity - qty);
        s.remaining = s.totalQuantity - s.filled;
        if (s.remaining <= 0) this.lifecycle.finishCancel(s, 'Cancelled by System', true);
        else this.lifecycle.emitStatus(s);
      } else {
        this.lifecycle.finishCancel(s, 'Cancelled by System', true);
      }
    }
    if (o.status === 'Filled') {
      for (const child of this.book.childrenOf(o)) {
        if (!isTerminal(child) && !child.staged) this.work(child, now);
      }
    }
  }
}
