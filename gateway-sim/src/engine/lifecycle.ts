// Order lifecycle transitions and the events each one tells the client: activation (PreSubmitted),
// cancellation (PendingCancel → Cancelled, 202), rejection (Inactive, 201) and every terminal step.
import { ianaZone, nextSessionClose } from '../market/hours.ts';
import type { Instrument } from '../market/types.ts';
import { ERR } from './errors.ts';
import type { Emit } from './events.ts';
import { nyTime } from './ny-time.ts';
import type { OrderBook } from './order-book.ts';
import { isTerminal } from './order-record.ts';
import type { OrderRecord } from './state.ts';
import type { OrderStatus } from './types.ts';
import type { WireViews } from './wire-views.ts';

export interface LifecycleDeps {
  book: OrderBook;
  views: WireViews;
  emit: Emit;
  now(): number;
  instrument(conId: number): Instrument;
  /** Pre-trade margin check of a top-level order: the rejection reason, or undefined to accept. */
  marginProblem(o: OrderRecord): string | undefined;
  /** Fault injection: simulated ms before a newly live order may fill. */
  fillDelayMs(): number;
  /** The matcher: moves a working order as far as the market allows now. */
  work(o: OrderRecord, now: number): void;
}

export interface Rejected {
  kind: 'rejected';
  code: number;
  message: string;
}

export class OrderLifecycle {
  constructor(private readonly d: LifecycleDeps) {}

  emitOpenOrder(o: OrderRecord): void {
    this.d.emit({ type: 'openOrder', clientId: o.clientId, order: this.d.views.order(o), whatIf: undefined });
  }

  emitStatus(o: OrderRecord): void {
    this.d.emit({ type: 'orderStatus', clientId: o.clientId, status: this.d.views.status(o) });
  }

  /** An error message to one client, and the same refusal as placeOrder/cancelOrder's answer. */
  refuse(clientId: number, id: number, code: number, message: string): Rejected {
    this.d.emit({ type: 'error', clientId, id, code, message, advancedOrderRejectJson: '' });
    return { kind: 'rejected', code, message };
  }

  /** A transmitted order goes live: margin check (top-level orders), DAY expiry, then a first matching pass. */
  activate(o: OrderRecord): void {
    const i = this.d.instrument(o.conId);
    const now = this.d.now();
    if (o.parentId === 0) {
      const problem = this.d.marginProblem(o);
      if (problem !== undefined) {
        this.reject(o, problem);
        return;
      }
    }
    o.status = 'PreSubmitted';
    o.nextFillAt = now + this.d.fillDelayMs();
    if (o.tif === 'DAY') {
      const session = o.outsideRth || i.secType === 'FUT' || i.secType === 'CASH' ? i.tradingSession : i.liquidSession;
      o.expiresAt = nextSessionClose(session, ianaZone(i.timeZoneId), now);
    }
    this.d.book.startWorking(o);
    this.emitOpenOrder(o);
    this.emitStatus(o);
    this.d.work(o, now);
  }

  /** cancelOrder / reqGlobalCancel: PendingCancel, then Cancelled with 202. */
  userCancel(o: OrderRecord): void {
    o.status = 'PendingCancel';
    this.emitStatus(o);
    this.finishCancel(o, 'Cancelled by Trader', true);
  }

  /** Cancelled status (+202 when `notify`), then the order's bracket children go too. */
  finishCancel(o: OrderRecord, completedStatus: string, notify: boolean): void {
    if (!notify && o.status !== 'PendingCancel') {
      // IOC remainder: PendingCancel → Cancelled, without 202 (§6.4).
      o.status = 'PendingCancel';
      this.emitStatus(o);
    }
    this.complete(o, 'Cancelled', completedStatus);
    if (notify) this.d.emit({ type: 'error', clientId: o.clientId, id: o.orderId, code: ERR.cancelled.code, message: ERR.cancelled.text(), advancedOrderRejectJson: '' });
    for (const child of this.d.book.childrenOf(o)) {
      if (isTerminal(child)) continue;
      // A staged child was never seen by the client: it ends silently.
      if (child.staged) {
        child.staged = false;
        this.complete(child, 'Cancelled', 'Cancelled by System', false);
      } else if (o.filled === 0) this.finishCancel(child, 'Cancelled by System', true);
    }
  }

  /** Inactive with the reason, told as openOrder + orderStatus + error 201. */
  reject(o: OrderRecord, reason: string): Rejected {
    o.staged = false;
    this.complete(o, 'Inactive', reason);
    return this.refuse(o.clientId, o.orderId, ERR.rejected.code, ERR.rejected.text(reason));
  }

  /**
   * Terminal transition: leaves the working set, joins today's completed orders. Filled and Inactive
   * orders are re-sent as openOrder (clients read the final state from it), every one gets orderStatus;
   * `announce` = false completes silently.
   */
  complete(o: OrderRecord, status: OrderStatus, completedStatus: string, announce = true): void {
    const now = this.d.now();
    o.status = status;
    o.completedStatus = completedStatus;
    o.completedTime = nyTime(now);
    o.completedAt = now;
    this.d.book.markCompleted(o);
    if (!announce) return;
    if (status === 'Filled' || status === 'Inactive') this.emitOpenOrder(o);
    this.emitStatus(o);
  }
}
