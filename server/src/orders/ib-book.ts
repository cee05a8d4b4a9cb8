// What IB has, as the user should see it: the connection's open orders and the account's positions,
// each marked Kairox's or not. Kairox's means the journal of this workspace knows it: an open order
// whose orderRef is one of the workspace's Kairox order ids (or, failing that, whose permId one of
// its orders carries); a position in a contract that Kairox orders of the connection filled in that
// account. Everything else was placed by someone else (TWS, another program, another client id) and
// is shown as not Kairox's; Kairox never cancels or changes it.
import { KairoxError } from '../common/index.ts';
import type { Db } from '../db/index.ts';
import { journalOf } from './journal.ts';

/** One open order as IB lists it (reqAllOpenOrders). */
export interface IbOpenOrder {
  clientId: number | null; orderId: number; permId: number | null; orderRef: string | null; account: string | null;
  conId: number | null; symbol: string | null; secType: string | null; action: string | null; quantity: number | null;
  orderType: string | null; limitPrice: number | null; auxPrice: number | null; tif: string | null;
  status: string | null; filled: number | null; remaining: number | null;
}

export interface IbPosition { conId: number | null; symbol: string | null; secType: string | null; currency: string | null; quantity: number; avgCost: number | null }

/** The broker session's reads this needs (sessions/ib-reads.ts implements them, main.ts plugs them in). */
export interface IbBookSession {
  ready(): boolean;
  accounts(): readonly string[];
  openOrders(): Promise<IbOpenOrder[]>;
  positions(account: string): Promise<IbPosition[]>;
  accountPnl(account: string, timeoutMs: number): Promise<{ daily: number | null; unrealized: number | null; realized: number | null }>;
}

export interface IbBookReads {
  session(connectionId: string): IbBookSession | undefined;
}

export type IbOrderView = IbOpenOrder & { kairox: boolean; kairoxOrderId: string | null };
export type PositionView = IbPosition & { kairox: boolean };

export interface AccountPositions {
  account: string;
  positions: PositionView[];
  /** The account's P&L today from the session's held reqPnL subscription; null when IB gave none in time (pnlUnavailable says why). */
  pnl: { daily: number | null; unrealized: number | null; realized: number | null } | null;
  pnlUnavailable?: string;
}

export interface ConnectionPositions {
  connectionId: string;
  /** False when no ready IB session for the connection runs in this process: `reason` says why, `accounts` is empty. */
  available: boolean;
  reason?: string;
  accounts: AccountPositions[];
}

/** How long a positions read waits for an account's first P&L value (later reads answer at once). */
const PNL_WAIT_MS = 2_000;

const notReady = (connectionId: string) =>
  new KairoxError('CONNECTION_NOT_READY', 503, `Connection ${connectionId} has no ready IB session in this Kairox process, so IB cannot be asked. Try again once it is ready (its timeline says why it is not).`);

export class IbBook {
  constructor(private readonly deps: { db: Db; reads?: IbBookReads }) {}

  /** The connection's open orders at IB, every client's (the caller has checked the connection is the workspace's). */
  async openOrders(workspaceId: string, connectionId: string): Promise<IbOrderView[]> {
    const session = this.deps.reads?.session(connectionId);
    if (!session?.ready()) throw notReady(connectionId);
    const orders = await session.openOrders().catch((error: unknown) => {
      throw new KairoxError('CONNECTION_NOT_READY', 503, `IB did not list the open orders of connection ${connectionId}: ${error instanceof Error ? error.message : String(error)}. Try again in a moment.`);
    });
    const refs = [...new Set(orders.flatMap((o) => (o.orderRef?.startsWith('kxo_') ? [o.orderRef] : [])))];
    const permIds = [...new Set(orders.flatMap((o) => (o.permId !== null && o.permId > 0 ? [o.permId] : [])))];
    const db = journalOf(this.deps.db);
    const byRef = refs.length === 0 ? [] : await db.selectFrom('orders').select('id').where('workspace_id', '=', workspaceId).where('id', 'in', refs).execute();
    const byPerm = permIds.length === 0 ? [] : await db.selectFrom('orders').select(['id', 'perm_id']).where('workspace_id', '=', workspaceId).where('connection_id', '=', connectionId).where('perm_id', 'in', permIds).execute();
    const known = new Set(byRef.map((r) => r.id));
    const permToId = new Map(byPerm.map((r) => [Number(r.perm_id), r.id]));
    return orders.map((o) => {
      const id = (o.orderRef !== null && known.has(o.orderRef) ? o.orderRef : undefined) ?? (o.permId !== null ? permToId.get(o.permId) : undefined) ?? null;
      return { ...o, kairox: id !== null, kairoxOrderId: id };
    });
  }

  /** Each connection's positions per account, as its session holds them, with the account's P&L. */
  async positions(workspaceId: string, connectionIds: readonly string[]): Promise<ConnectionPositions[]> {
    return Promise.all(connectionIds.map((id) => this.positionsOf(workspaceId, id)));
  }

  private async positionsOf(workspaceId: string, connectionId: string): Promise<ConnectionPositions> {
    const session = this.deps.reads?.session(connectionId);
    if (!session?.ready()) return { connectionId, available: false, reason: notReady(connectionId).message, accounts: [] };
    const built = await this.kairoxBuilt(workspaceId, connectionId);
    try {
      return { connectionId, available: true, accounts: await this.accountsOf(session, built) };
    } catch (error) {
      return { connectionId, available: false, reason: `IB did not answer the positions read: ${error instanceof Error ? error.message : String(error)}`, accounts: [] };
    }
  }

  private accountsOf(session: IbBookSession, built: ReadonlySet<string>): Promise<AccountPositions[]> {
    return Promise.all(session.accounts().map(async (account): Promise<AccountPositions> => {
      const [positions, pnl] = await Promise.all([
        session.positions(account),
        session.accountPnl(account, PNL_WAIT_MS).then((value) => ({ value }), (error: unknown) => ({ error: error instanceof Error ? error.message : String(error) })),
      ]);
      return {
        account,
        positions: positions.map((p) => ({ ...p, kairox: p.conId !== null && built.has(`${account}|${p.conId}`) })),
        ...('value' in pnl ? { pnl: pnl.value } : { pnl: null, pnlUnavailable: `IB gave no P&L for ${account} in time: ${pnl.error}` }),
      };
    }));
  }

  /** account|conId of every contract a Kairox order of the connection has a fill in. */
  private async kairoxBuilt(workspaceId: string, connectionId: string): Promise<Set<string>> {
    const rows = await journalOf(this.deps.db).selectFrom('order_fills').innerJoin('orders', 'orders.id', 'order_fills.order_id')
      .select(['orders.account', 'orders.con_id']).distinct()
      .where('order_fills.workspace_id', '=', workspaceId).where('order_fills.connection_id', '=', connectionId).execute();
    return new Set(rows.map((r) => `${r.account}|${Number(r.con_id)}`));
  }
}
