// What intake needs from others; main.ts plugs them in: the IB session this process runs for a
// connection (sessions/ satisfies it from the worker), the connection's trading state and risk
// policy (connections/), the connection itself, and the audit log.
import type { WorkspaceScope } from '../db/index.ts';
import type {
  AccountSnapshot, AuditEventInput, InstrumentMatch, InstrumentRef, MarketRule, MarketSnapshot, SecType, SessionState, TradingState,
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
}

export interface IntakeMarketData {
  /** Undefined when this process runs no session for the connection. */
  session(connectionId: string): IntakeSession | undefined;
}

export interface IntakeConnection {
  enabled: boolean;
  /** The IB account the connection was saved with, if any. */
  accountId: string | null;
}

export interface IntakeConnections {
  /** Throws NotFound when the workspace has no such connection. */
  describe(scope: WorkspaceScope, connectionId: string): Promise<IntakeConnection>;
}

export interface TradingStateSource {
  tradingState(scope: WorkspaceScope, connectionId: string): Promise<{ state: TradingState; workspaceHalted: boolean; executionEnabled: boolean }>;
}

export interface RiskPolicySource {
  policyOf(scope: WorkspaceScope, connectionId: string): Promise<RiskPolicy>;
}

export interface IntakeAuditSink {
  append(scope: WorkspaceScope, input: AuditEventInput): Promise<unknown>;
}

export interface ApprovedInstruments {
  /** The approved instrument a reference names, or why there is none (instruments/ answers). */
  findApproved(scope: WorkspaceScope, connectionId: string, ref: InstrumentRef): Promise<InstrumentMatch>;
}
