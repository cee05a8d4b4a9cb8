// Execution's port to the broker sessions (orders/ports.ts OrderSessions, in the vocabulary of
// domain/order-route.ts; main.ts plugs this in): the session the
// worker runs for a connection, placing under a reserved id with a typed outcome, and the
// session's reports normalised into order reports in an envelope (connection, attempt, live or
// replay). The session only reports; the orders module decides.
import {
  DisconnectedError, NotReadyError, PacingQueueCleared,
  type BrokerReport, type CompletedOrderReport, type ExecutionReport, type IbSession, type OpenOrderReport, type OrderStatusReport, type PlaceOrderRequest, type ReportOrigin,
} from '../broker/index.ts';
import type { IbOrderPhase, OrderReport, OrderSession, OrderTicket, ReportEnvelope, SendOutcome } from '../domain/index.ts';

type OrderNews = Extract<OrderReport, { kind: 'order' }>;
type ExecutionNews = Extract<OrderReport, { kind: 'execution' }>;

/** The worker's session as execution uses it. */
export type RoutedSession = OrderSession;

export interface SessionsOf {
  session(connectionId: string): IbSession | undefined;
}

const PHASES: Readonly<Record<string, IbOrderPhase>> = {
  PendingSubmit: 'working', PreSubmitted: 'working', Submitted: 'working', ApiPending: 'working',
  PendingCancel: 'pending_cancel', Cancelled: 'cancelled', ApiCancelled: 'cancelled', Filled: 'filled', Inactive: 'inactive',
};
const phaseOf = (status: string | undefined): IbOrderPhase => (status === undefined ? 'other' : PHASES[status] ?? 'other');

/** IB's code 202: "Order Canceled - reason:". */
const ORDER_CANCELLED = 202;

/** A send failed before the frame could leave: the session was not ready or the connection went first. */
function neverLeft(error: unknown): boolean {
  return error instanceof NotReadyError || error instanceof DisconnectedError || error instanceof PacingQueueCleared;
}

async function outcomeOf(attempt: number, send: () => Promise<unknown>): Promise<SendOutcome> {
  try {
    await send();
    return { outcome: 'sent', attempt };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return neverLeft(error) ? { outcome: 'not_sent', reason } : { outcome: 'unknown', reason };
  }
}

/** The ticket as the session's order request (sends, modifications, and intake's what-if: intake-market-data.ts). */
export function requestOf(t: OrderTicket): PlaceOrderRequest {
  return {
    contract: t.contract, action: t.side, quantity: t.quantity, orderType: t.orderType,
    ...(t.limitPrice !== undefined && { limitPrice: t.limitPrice }),
    ...(t.auxPrice !== undefined && { auxPrice: t.auxPrice }),
    ...(t.trailingPercent !== undefined && { trailingPercent: t.trailingPercent }),
    ...(t.parentId !== undefined && { parentId: t.parentId }),
    tif: t.tif, orderRef: t.orderRef, account: t.account, outsideRth: t.outsideRth, transmit: t.transmit ?? true,
  };
}

function routedSession(session: IbSession): RoutedSession {
  return {
    get attempt() {
      return session.attemptCount;
    },
    clientId: session.clientId,
    ready: () => session.currentState === 'ready',
    reserveOrderId: (floor) => session.reserveOrderId(floor),
    send: (orderId, ticket) => {
      const attempt = session.attemptCount;
      return outcomeOf(attempt, () => session.submitOrder(orderId, requestOf(ticket)));
    },
    cancel: (orderId) => {
      const attempt = session.attemptCount;
      return outcomeOf(attempt, () => session.cancelOrder(orderId));
    },
    modify: (orderId, ticket) => {
      const attempt = session.attemptCount;
      return outcomeOf(attempt, () => session.modifyOrder(orderId, requestOf(ticket)));
    },
    // The snapshot is published as a replay report, which is how execution receives it.
    requestReconciliation: () => void session.reconciliationSnapshot().catch(() => undefined),
  };
}

const openOrderNews = (o: OpenOrderReport, status?: OrderStatusReport): OrderNews => ({
  kind: 'order', key: { orderRef: o.orderRef, permId: o.permId ?? status?.permId, clientId: o.clientId, orderId: o.orderId },
  phase: phaseOf(status?.status ?? o.status), ibStatus: status?.status ?? o.status ?? '',
  ...(status && { filled: status.filled, remaining: status.remaining, avgFillPrice: status.avgFillPrice }),
  terms: { ...(o.quantity !== undefined && { quantity: o.quantity }), ...(o.limitPrice !== undefined && { limitPrice: o.limitPrice }), ...(o.auxPrice !== undefined && { auxPrice: o.auxPrice }) },
});
const statusNews = (s: OrderStatusReport): OrderNews => ({
  kind: 'order', key: { permId: s.permId, clientId: s.clientId, orderId: s.orderId }, phase: phaseOf(s.status), ibStatus: s.status,
  filled: s.filled, remaining: s.remaining, avgFillPrice: s.avgFillPrice,
});
const completedNews = (c: CompletedOrderReport): OrderNews => ({
  kind: 'order', key: { orderRef: c.orderRef, permId: c.permId }, phase: phaseOf(c.status), ibStatus: c.status ?? '',
  ...(c.filledQuantity !== undefined && { filled: c.filledQuantity }),
});
const executionNews = (e: ExecutionReport): ExecutionNews => ({
  kind: 'execution', key: { orderRef: e.orderRef, permId: e.permId, orderId: e.orderId }, execId: e.execId,
  ...(e.account !== undefined && { account: e.account }), ...(e.side !== undefined && { side: e.side }),
  shares: e.shares ?? 0, price: e.price ?? 0,
  ...(e.cumQty !== undefined && { cumQty: e.cumQty }), ...(e.avgPrice !== undefined && { avgPrice: e.avgPrice }), ...(e.time !== undefined && { time: e.time }),
});

/** The order news in a broker report, if any. */
export function routeReportOf(report: BrokerReport): OrderReport | undefined {
  switch (report.kind) {
    case 'openOrder':
      return openOrderNews(report);
    case 'orderStatus':
      return statusNews(report);
    case 'completedOrder':
      return completedNews(report);
    case 'execution':
      return executionNews(report);
    case 'commission':
      return {
        kind: 'commission', execId: report.execId, ...(report.commission !== undefined && { commission: report.commission }),
        ...(report.currency !== undefined && { currency: report.currency }), ...(report.realizedPnl !== undefined && { realizedPnl: report.realizedPnl }),
      };
    case 'orderError':
      return { kind: 'orderError', orderId: report.orderId, code: report.code, message: report.message, cancels: report.code === ORDER_CANCELLED, rejects: report.code !== ORDER_CANCELLED && report.info.severity === 'error' };
    case 'reconciliation': {
      const s = report.snapshot;
      const statusById = new Map(s.orderStatuses.map((st) => [st.orderId, st]));
      return {
        kind: 'reconciliation', takenAt: s.takenAt,
        orders: [...s.openOrders.map((o) => openOrderNews(o, statusById.get(o.orderId))), ...s.completedOrders.map(completedNews)],
        executions: s.executions.map(executionNews),
        commissions: s.commissions.map((c) => ({ kind: 'commission' as const, execId: c.execId, ...(c.commission !== undefined && { commission: c.commission }), ...(c.currency !== undefined && { currency: c.currency }), ...(c.realizedPnl !== undefined && { realizedPnl: c.realizedPnl }) })),
      };
    }
    default:
      return undefined;
  }
}

/** The worker's sessions as execution sees them; `deliver` is fed every report the worker's sessions publish. */
export class OrderRoute {
  private readonly listeners = new Set<(envelope: ReportEnvelope) => void>();

  constructor(private readonly sessions: SessionsOf) {}

  session(connectionId: string): RoutedSession | undefined {
    const session = this.sessions.session(connectionId);
    return session && routedSession(session);
  }

  onReport(listener: (envelope: ReportEnvelope) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  deliver(connectionId: string, report: BrokerReport, origin: ReportOrigin): void {
    const news = routeReportOf(report);
    if (!news) return;
    const envelope: ReportEnvelope = { connectionId, attempt: origin.attempt, origin: origin.replay ? 'replay' : 'live', report: news };
    for (const listener of this.listeners) listener(envelope);
  }
}
