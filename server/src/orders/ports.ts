// What execution needs from the broker sessions this process runs (sessions/ implements it from
// the worker, main.ts plugs it in). Placing is split in two: reserve an IB order id (committed to
// the journal before anything is sent), then send it, with a typed outcome. Reports arrive in an
// envelope that says which connection and session attempt they came from, and whether they are
// news (live) or IB's answer to a read (replay: the reconciliation after a (re)connect). The
// session only reports; execution decides what an order's state becomes.
import type { OrderSide, OrderType, TimeInForce } from '../domain/index.ts';

/** What happened to a send. */
export type SendOutcome =
  /** The frame was handed to the socket on this session attempt. */
  | { outcome: 'sent'; attempt: number }
  /** Provably never left Kairox (not ready, the connection went before its turn). */
  | { outcome: 'not_sent'; reason: string }
  /** Kairox cannot tell whether it left. */
  | { outcome: 'unknown'; reason: string };

/** An order as the session puts it on the wire: plain data, the IB library's types stay in broker/. */
export interface OrderTicket {
  /** The Kairox order id: IB keeps it with the order (openOrder, completedOrder, execDetails). */
  orderRef: string;
  account: string;
  contract: { conId: number; symbol: string; secType: string; exchange: string; currency: string; primaryExchange?: string };
  side: OrderSide;
  quantity: number;
  orderType: OrderType;
  limitPrice?: number;
  /** STP and STP LMT: the stop price; TRAIL: the trailing amount. */
  auxPrice?: number;
  tif: TimeInForce;
  outsideRth: boolean;
}

export interface OrderSession {
  /** The session's connection attempt (from 1; a new one after every reconnect). */
  readonly attempt: number;
  /** The API client id IB order ids belong to. */
  readonly clientId: number;
  /** Ready to trade (connected, synced). */
  ready(): boolean;
  /** The next id of the session's one sequence, above `floor` (the highest IB order id the journal ever used for this client id). */
  reserveOrderId(floor: number): number;
  send(orderId: number, ticket: OrderTicket): Promise<SendOutcome>;
  cancel(orderId: number): Promise<SendOutcome>;
}

/** IB's order status, normalised. */
export type IbOrderPhase =
  /** PendingSubmit, PreSubmitted, Submitted, ApiPending: IB has it and it works. */
  | 'working'
  | 'pending_cancel'
  /** Cancelled, ApiCancelled. */
  | 'cancelled'
  /** Filled (the quantities come from executions). */
  | 'filled'
  /** Inactive: refused, or held by IB. */
  | 'inactive'
  | 'other';

/** How a report names its order: the Kairox id IB keeps (orderRef), IB's permId, or the client's order id. */
export interface OrderKey {
  orderRef?: string;
  permId?: number;
  clientId?: number;
  orderId?: number;
}

export type OrderReport =
  | { kind: 'order'; key: OrderKey; phase: IbOrderPhase; ibStatus: string; filled?: number; remaining?: number; avgFillPrice?: number }
  | { kind: 'execution'; key: OrderKey; execId: string; account?: string; side?: string; shares: number; price: number; cumQty?: number; avgPrice?: number; time?: string }
  | { kind: 'commission'; execId: string; commission?: number; currency?: string; realizedPnl?: number }
  | { kind: 'orderError'; orderId: number; code: number; message: string; rejects: boolean; cancels: boolean }
  /** What IB has after a (re)connect: every open and completed order and today's executions. */
  | { kind: 'reconciliation'; orders: Array<Extract<OrderReport, { kind: 'order' }>>; executions: Array<Extract<OrderReport, { kind: 'execution' }>>; commissions: Array<Extract<OrderReport, { kind: 'commission' }>>; takenAt: number };

export interface ReportEnvelope {
  connectionId: string;
  attempt: number;
  origin: 'live' | 'replay';
  report: OrderReport;
}

export interface OrderSessions {
  /** Undefined when this process runs no session for the connection. */
  session(connectionId: string): OrderSession | undefined;
  /** Every order report of every session of this process. Returns the unsubscribe function. */
  onReport(listener: (envelope: ReportEnvelope) => void): () => void;
}

/** What execution re-reads before sending: the connection may have been halted or switched off since the signal. */
export interface TradingGate {
  current(workspaceId: string, connectionId: string): Promise<{ tradingState: 'active' | 'reduce_only' | 'halted'; workspaceHalted: boolean; executionEnabled: boolean; enabled: boolean }>;
}
