// What intake needs from others; main.ts plugs them in: the IB session this process runs for a
// connection (sessions/ satisfies it from the worker), the connection with its trading state and
// risk policy (connections/), the approved instruments, and the audit log.
import type { Kysely } from 'kysely';
import type { Database, WorkspaceScope } from '../db/index.ts';
import type {
  AccountSnapshot, AuditEventInput, InstrumentMatch, InstrumentRef, MarketRule, MarketSnapshot, OrderIntent, OrderTicket, OrderWhatIf, SecType, SessionState, TradingState,
} from '../domain/index.ts';
import type { RiskPolicy } from '../risk/index.ts';

/** The contract as the broker reads it (conId is enough for IB; the rest is for messages). */
export interface IntakeContract {
  conId: number;
  symbol: string;
  secType: SecType;
  exchange: string;
  currency: string;
  primaryExchange?: string;
}

export interface IntakePosition {
  conId: number;
  symbol: string;
  secType: string;
  /** Signed: negative is short. */
  quantity: number;
  /** IB's average cost per position unit (the multiplier included for derivatives). */
  avgCost?: number;
}

/** The reads of one running IB session; each fails with the broker's typed errors (not ready, no market data, ...). */
export interface IntakeSession {
  state(): SessionState;
  /** The login's accounts, and the one the connection trades (null when the login has several and none was chosen). */
  accounts(): { all: readonly string[]; chosen: string | null };
  marketSnapshot(contract: IntakeContract, options: { allowDelayed: boolean; timeoutMs: number }): Promise<MarketSnapshot>;
  accountSnapshot(account: string): Promise<AccountSnapshot>;
  positions(account: string): Promise<IntakePosition[]>;
  /** IB's P&L of the day (base currency); values IB left unset are absent. */
  dailyPnl(account: string, timeoutMs: number): Promise<{ realized?: number; unrealized?: number }>;
  marketRule(ruleId: number): Promise<MarketRule>;
  /** IB's what-if (margin and commission) for the order as execution would send it; nothing is placed. */
  whatIf(ticket: OrderTicket, timeoutMs: number): Promise<OrderWhatIf>;
}

export interface IntakeMarketData {
  /** Undefined when this process runs no session for the connection. */
  session(connectionId: string): IntakeSession | undefined;
}

/** What a decision needs of its connection, read together (one query: connections/ answers). */
export interface IntakeConnection {
  enabled: boolean;
  /** The IB account the connection was saved with, if any. */
  accountId: string | null;
  tradingState: TradingState;
  /** The workspace's kill switch is on. */
  workspaceHalted: boolean;
  executionEnabled: boolean;
  /** The connection's risk policy (the defaults when none was saved). Shared: do not change it. */
  policy: RiskPolicy;
}

export interface IntakeConnections {
  /** Throws NotFound when the workspace has no such connection. */
  describe(scope: WorkspaceScope, connectionId: string): Promise<IntakeConnection>;
}

export interface IntakeAuditSink {
  /** Appends a decision's events in order, in the scope's transaction. */
  appendMany(scope: WorkspaceScope, inputs: readonly AuditEventInput[]): Promise<unknown>;
}

/**
 * Execution (orders/ implements it): an intent prepared with execution on is accepted inside the
 * signal's transaction — committed together or not at all — and execution is woken once committed.
 */
export interface ExecutionIntake {
  /** With `heldAudit`, the acceptance's audit entries go there, for the caller to append after its own, last in its transaction. */
  accept(db: Kysely<Database>, intent: OrderIntent, heldAudit?: AuditEventInput[]): Promise<void>;
  wake(connectionId: string): void;
  /** A `cancel` signal's orders, once it committed: each is cancelled at IB (or withheld if never sent); IB's answers follow as their states. */
  cancelOrders(workspaceId: string, kairoxOrderIds: readonly string[]): void;
}

/** A Kairox order that may still fill (execution's journal answers). */
export interface WorkingOrder {
  kairoxOrderId: string;
  conId: number;
  side: 'BUY' | 'SELL';
  /** What is still to fill, positive. */
  remainingQuantity: number;
}

export interface WorkingOrders {
  /** The connection's Kairox orders for the account that may still fill, oldest first. */
  working(scope: WorkspaceScope, connectionId: string, account: string): Promise<WorkingOrder[]>;
}

export interface ApprovedInstruments {
  /** The approved instrument a reference names, or why there is none (instruments/ answers). */
  findApproved(scope: WorkspaceScope, connectionId: string, ref: InstrumentRef): Promise<InstrumentMatch>;
}
