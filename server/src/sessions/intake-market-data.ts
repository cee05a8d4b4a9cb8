// The intake module's IB reads (the IntakeMarketData port of intake/ports.ts, which main.ts plugs
// this into; sessions/ may not import intake/, so the shape is stated here), answered from the
// session the worker runs for the connection: no second login, and the session's readiness rules apply.
// Every decided signal reads these, so the session answers without an IB round trip where IB has
// told it already: positions and daily P&L from subscriptions it holds per account, account values
// read within 5 s and with no fill since, market rules once per connection, the quote from a
// streaming line held per instrument (live data only; otherwise a snapshot read). A preview asks IB's
// what-if for the order execution would send (nothing placed).
import type { ContractRef, IbSession } from '../broker/index.ts';
import type { AccountSnapshot, MarketRule, MarketSnapshot, OrderTicket, OrderWhatIf, SessionState } from '../domain/index.ts';
import { requestOf } from './order-route.ts';

export interface RunningSessions {
  session(connectionId: string): IbSession | undefined;
}

export interface SessionReads {
  state(): SessionState;
  accounts(): { all: readonly string[]; chosen: string | null };
  marketSnapshot(contract: ContractRef, options: { allowDelayed: boolean; timeoutMs: number }): Promise<MarketSnapshot>;
  accountSnapshot(account: string): Promise<AccountSnapshot>;
  positions(account: string): Promise<Array<{ conId: number; symbol: string; secType: string; quantity: number; avgCost?: number }>>;
  dailyPnl(account: string, timeoutMs: number): Promise<{ realized?: number; unrealized?: number }>;
  marketRule(ruleId: number): Promise<MarketRule>;
  whatIf(ticket: OrderTicket, timeoutMs: number): Promise<OrderWhatIf>;
}

function intakeSessionOf(session: IbSession): SessionReads {
  return {
    state: () => session.currentState,
    accounts: () => {
      const status = session.status();
      return { all: status.accounts, chosen: status.account };
    },
    marketSnapshot: (contract, options) => session.marketSnapshot(contract, { ...options, held: true }),
    // Deciding a signal does not wait for IB to re-read values a fill made stale: IB's own values lag a fill anyway.
    accountSnapshot: (account) => session.accountSnapshot(account, { staleWhileRefreshing: true }),
    positions: async (account) => (await session.positions(account)).flatMap((p) => (p.contract.conId === undefined ? [] : [{
      conId: p.contract.conId, symbol: p.contract.symbol ?? '', secType: p.contract.secType ?? '', quantity: p.position, ...(p.avgCost !== undefined && { avgCost: p.avgCost }),
    }])),
    dailyPnl: async (account, timeoutMs) => {
      const pnl = await session.accountPnl(account, timeoutMs);
      return { ...(pnl.realized !== undefined && { realized: pnl.realized }), ...(pnl.unrealized !== undefined && { unrealized: pnl.unrealized }) };
    },
    marketRule: (ruleId) => session.marketRule(ruleId),
    whatIf: (ticket, timeoutMs) => session.whatIfOrder(requestOf(ticket), timeoutMs),
  };
}

export function intakeMarketData(sessions: RunningSessions): { session(connectionId: string): SessionReads | undefined } {
  return {
    session: (connectionId) => {
      const session = sessions.session(connectionId);
      return session && intakeSessionOf(session);
    },
  };
}
