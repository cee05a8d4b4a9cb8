// The vocabulary between execution (orders/) and the broker sessions that carry its orders
// (sessions/order-route.ts): what goes on the wire, what a send's outcome was, and IB's news about
// orders, normalised and in an envelope. Plain data; no IB library types.
import type { OrderSide, OrderType, TimeInForce } from './trading.ts';

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
  /** TRAIL given as a percentage of the price (auxPrice is then unset). */
  trailingPercent?: number;
  tif: TimeInForce;
  outsideRth: boolean;
  /** A bracket child: its parent's IB order id. */
  parentId?: number;
  /** False holds the order at IB until an order of its group arrives with true (default true). */
  transmit?: boolean;
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

/** An order's quantity and prices as IB holds them (auxPrice: the stop price, or a trail's amount). */
export interface OrderTerms {
  quantity?: number;
  limitPrice?: number;
  auxPrice?: number;
}

export type OrderReport =
  | {
    kind: 'order'; key: OrderKey; phase: IbOrderPhase; ibStatus: string; filled?: number; remaining?: number; avgFillPrice?: number;
    /** The terms IB has for the order (openOrder only): what settles a modification whose outcome is not known. */
    terms?: OrderTerms;
  }
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

/** A session as execution uses it (orders/ports.ts; sessions/order-route.ts implements it). */
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
  /** Sends the order again on its own id with new terms (IB's modify is a placeOrder on the same id). */
  modify(orderId: number, ticket: OrderTicket): Promise<SendOutcome>;
  /** Reads IB's picture again; it arrives as a `reconciliation` report (replay). */
  requestReconciliation(): void;
}

/** A working order as a modification would leave it, for the risk gate to judge again (intake judges, execution asks). */
export interface ProposedOrderChange {
  workspaceId: string;
  connectionId: string;
  account: string;
  conId: number;
  side: OrderSide;
  orderType: OrderType;
  quantity: number;
  limitPrice?: number;
  stopPrice?: number;
  tif: TimeInForce;
  outsideRth: boolean;
  reduceOnly: boolean;
  /** The Kairox order the proposal replaces: not counted again among the working orders. */
  replaces: string;
}

/**
 * IB's what-if answer to an order (placeOrder with whatIf=true: an openOrder whose OrderState
 * carries these; nothing is placed). Amounts in the margin currency, commission in its own; a value
 * IB left unset is absent.
 */
export interface OrderWhatIf {
  initMarginBefore?: number;
  maintMarginBefore?: number;
  equityWithLoanBefore?: number;
  initMarginChange?: number;
  maintMarginChange?: number;
  equityWithLoanChange?: number;
  initMarginAfter?: number;
  maintMarginAfter?: number;
  equityWithLoanAfter?: number;
  commission?: number;
  minCommission?: number;
  maxCommission?: number;
  commissionCurrency?: string;
  /** IB's warning about the order (e.g. not enough equity with loan for the initial margin); empty when none. */
  warningText?: string;
}
