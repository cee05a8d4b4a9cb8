// What orders/ reads from IB to show the user what is there, Kairox's or not (the IbBookReads port
// of orders/ib-book.ts, restated structurally: sessions/ may not import orders/; main.ts plugs it
// in): every client's open orders, the positions the session holds per account, and the account
// P&L it holds per account. Plain data out; the session's readiness rules apply.
import type { IbSession } from '../broker/index.ts';

export interface IbOpenOrderRow {
  clientId: number | null;
  orderId: number;
  permId: number | null;
  orderRef: string | null;
  account: string | null;
  conId: number | null;
  symbol: string | null;
  secType: string | null;
  action: string | null;
  quantity: number | null;
  orderType: string | null;
  limitPrice: number | null;
  auxPrice: number | null;
  tif: string | null;
  status: string | null;
  filled: number | null;
  remaining: number | null;
}

export interface IbPositionRow { conId: number | null; symbol: string | null; secType: string | null; currency: string | null; quantity: number; avgCost: number | null }

export interface IbSessionReads {
  ready(): boolean;
  readonly clientId: number;
  accounts(): readonly string[];
  openOrders(): Promise<IbOpenOrderRow[]>;
  positions(account: string): Promise<IbPositionRow[]>;
  accountPnl(account: string, timeoutMs: number): Promise<{ daily: number | null; unrealized: number | null; realized: number | null }>;
}

const orNull = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

function readsOf(session: IbSession): IbSessionReads {
  return {
    ready: () => session.currentState === 'ready',
    clientId: session.clientId,
    accounts: () => session.status().accounts,
    openOrders: async () => (await session.allOpenOrders()).map(({ order: o, status: s }) => ({
      clientId: orNull(o.clientId), orderId: o.orderId, permId: orNull(o.permId ?? s?.permId), orderRef: o.orderRef ? o.orderRef : null, account: orNull(o.account),
      conId: orNull(o.contract.conId), symbol: orNull(o.contract.symbol), secType: orNull(o.contract.secType),
      action: orNull(o.action), quantity: orNull(o.quantity), orderType: orNull(o.orderType), limitPrice: orNull(o.limitPrice), auxPrice: orNull(o.auxPrice), tif: orNull(o.tif),
      status: orNull(s?.status ?? o.status), filled: orNull(s?.filled), remaining: orNull(s?.remaining),
    })),
    positions: async (account) => (await session.positions(account)).map((p) => ({
      conId: orNull(p.contract.conId), symbol: orNull(p.contract.symbol), secType: orNull(p.contract.secType), currency: orNull(p.contract.currency), quantity: p.position, avgCost: orNull(p.avgCost),
    })),
    accountPnl: async (account, timeoutMs) => {
      const pnl = await session.accountPnl(account, timeoutMs);
      return { daily: orNull(pnl.daily), unrealized: orNull(pnl.unrealized), realized: orNull(pnl.realized) };
    },
  };
}

export function ibReads(sessions: { session(connectionId: string): IbSession | undefined }): { session(connectionId: string): IbSessionReads | undefined } {
  return {
    session: (connectionId) => {
      const session = sessions.session(connectionId);
      return session && readsOf(session);
    },
  };
}
