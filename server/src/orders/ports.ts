// What execution needs from the broker sessions this process runs (sessions/ implements it from
// the worker, main.ts plugs it in). Placing is split in two: reserve an IB order id (committed to
// the journal before anything is sent), then send it, with a typed outcome. Reports arrive in an
// envelope that says which connection and session attempt they came from, and whether they are
// news (live) or IB's answer to a read (replay: the reconciliation after a (re)connect). The
// session only reports; execution decides what an order's state becomes.
import type { OrderSession, ReportEnvelope } from '../domain/index.ts';

export type { IbOrderPhase, OrderKey, OrderReport, OrderSession, OrderTicket, ReportEnvelope, SendOutcome } from '../domain/index.ts';

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
