// Pushes of the engine's order events (openOrder, orderStatus, execDetails, commissionReport) to the
// client that owns the order, and the ways IB has been seen to misdeliver them, for testing clients
// that must not trust the stream: orderStatus left out for some changes, execDetails ahead of the
// openOrder/orderStatus of the same change, commission reports late, executions replayed after a
// reconnect. All off by default.
import type { CommissionReport, EngineEvent, ExecutionView } from '../engine/index.ts';
import { encodeCommissionReport, encodeExecDetails, encodeOpenOrder, encodeOrderStatus } from '../protocol/index.ts';
import type { ClientConnection } from './connection.ts';
import { commissionView, executionView, openOrderView, orderStatusView } from './convert.ts';

export type OrderEvent = Extract<EngineEvent, { type: 'openOrder' | 'orderStatus' | 'execution' | 'commissionReport' }>;

export interface DeliveryMisbehaviours {
  /** Every N-th orderStatus push is left out (0 = none). */
  dropOrderStatusEvery: number;
  /** openOrder/orderStatus pushes wait until the engine's current step is done, so its execDetails go first. */
  execBeforeOpenOrder: boolean;
  /** commissionReport pushes follow their execDetails this many simulated ms later (0 = at once). */
  lateCommissionsMs: number;
}

export const deliveryDefaults = (): DeliveryMisbehaviours => ({ dropOrderStatusEvery: 0, execBeforeOpenOrder: false, lateCommissionsMs: 0 });

interface LateCommission {
  clientId: number;
  dueAt: number;
  report: CommissionReport;
}

export class OrderDelivery {
  readonly settings: DeliveryMisbehaviours = deliveryDefaults();
  private statusPushes = 0;
  private held: { conn: ClientConnection; frame: string[] }[] = [];
  private late: LateCommission[] = [];

  constructor(
    private readonly client: (clientId: number) => ClientConnection | undefined,
    /** The simulated clock, the one /delay-fills and /advance-clock move. */
    private readonly now: () => number,
  ) {}

  deliver(e: OrderEvent): void {
    const c = this.client(e.clientId);
    switch (e.type) {
      case 'openOrder':
        if (c) this.sendOrderState(c, encodeOpenOrder(c.version, openOrderView(e.order, e.whatIf)));
        return;
      case 'orderStatus': {
        // Counted whether or not the client is connected, so which pushes are left out depends only on the engine's events.
        this.statusPushes += 1;
        const every = this.settings.dropOrderStatusEvery;
        if (every > 0 && this.statusPushes % every === 0) return;
        if (c) this.sendOrderState(c, encodeOrderStatus(orderStatusView(e.status)));
        return;
      }
      case 'execution':
        c?.send(encodeExecDetails(c.version, -1, executionView(e.execution)));
        return;
      case 'commissionReport':
        if (this.settings.lateCommissionsMs > 0) {
          this.late.push({ clientId: e.clientId, dueAt: this.now() + this.settings.lateCommissionsMs, report: e.report });
          return;
        }
        c?.send(encodeCommissionReport(commissionView(e.report)));
        return;
    }
  }

  /** IB re-sends a client's executions of the day after a reconnect, as live pushes (reqId −1), each with its commission. */
  replayExecutions(conn: ClientConnection, rows: readonly { execution: ExecutionView; commission: CommissionReport }[]): void {
    for (const { execution, commission } of rows) {
      conn.send(encodeExecDetails(conn.version, -1, executionView(execution)));
      conn.send(encodeCommissionReport(commissionView(commission)));
    }
  }

  /** Sends the late commission reports that are due by the simulated clock (to whoever holds the client id then). */
  tick(): void {
    if (this.late.length === 0) return;
    const now = this.now();
    const due = this.late.filter((l) => l.dueAt <= now);
    if (due.length === 0) return;
    this.late = this.late.filter((l) => l.dueAt > now);
    for (const l of due) this.client(l.clientId)?.send(encodeCommissionReport(commissionView(l.report)));
  }

  /** Everything off; held pushes are delivered now rather than lost. */
  reset(): void {
    Object.assign(this.settings, deliveryDefaults());
    this.flushHeld();
    const late = this.late;
    this.late = [];
    for (const l of late) this.client(l.clientId)?.send(encodeCommissionReport(commissionView(l.report)));
  }

  private sendOrderState(c: ClientConnection, frame: string[]): void {
    if (!this.settings.execBeforeOpenOrder) {
      c.send(frame);
      return;
    }
    // The engine emits a whole step (place → activate → fill) synchronously: a microtask runs after it.
    if (this.held.length === 0) queueMicrotask(() => this.flushHeld());
    this.held.push({ conn: c, frame });
  }

  private flushHeld(): void {
    const held = this.held;
    this.held = [];
    for (const h of held) h.conn.send(h.frame);
  }
}
