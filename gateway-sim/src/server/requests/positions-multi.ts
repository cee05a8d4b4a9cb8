// reqPositionsMulti / cancelPositionsMulti: the positions of one account (or all, for '' / `All`)
// as positionMulti rows, then positionMultiEnd; after that every fill that changes one of those
// accounts' positions pushes its row again, until the client cancels. Model codes are not simulated:
// the code asked for is echoed on every row, which then carries all of the account's positions.
import type { Engine, PositionView } from '../../engine/index.ts';
import { encodePositionMulti, encodePositionMultiEnd } from '../../protocol/index.ts';
import type { AccountDataRequest } from '../../protocol/index.ts';
import type { ClientConnection } from '../connection.ts';
import { positionView } from '../convert.ts';
import type { DispatchContext } from '../dispatch.ts';
import { refuseAccount, requestedAccounts } from './accounts.ts';

type PositionsMultiRequest = Extract<AccountDataRequest, { kind: 'reqPositionsMulti' | 'cancelPositionsMulti' }>;

interface Subscription {
  accounts: readonly string[];
  modelCode: string;
}

const byGateway = new WeakMap<DispatchContext, Map<ClientConnection, Map<number, Subscription>>>();

function stateOf(ctx: DispatchContext): Map<ClientConnection, Map<number, Subscription>> {
  let s = byGateway.get(ctx);
  if (s === undefined) {
    const clients = new Map<ClientConnection, Map<number, Subscription>>();
    ctx.engine.on((e) => {
      if (e.type === 'position') push(clients, e.position);
    });
    byGateway.set(ctx, clients);
    s = clients;
  }
  return s;
}

function row(reqId: number, modelCode: string, p: PositionView): string[] {
  const v = positionView(p);
  return encodePositionMulti({ reqId, account: v.account, modelCode, contract: v.contract, position: v.position, avgCost: v.avgCost });
}

function push(clients: Map<ClientConnection, Map<number, Subscription>>, p: PositionView): void {
  for (const [conn, subs] of clients) {
    if (!conn.isOpen) {
      clients.delete(conn);
      continue;
    }
    for (const [reqId, sub] of subs) if (sub.accounts.includes(p.account)) conn.send(row(reqId, sub.modelCode, p));
  }
}

function positionsOf(engine: Engine, accounts: readonly string[]): PositionView[] {
  return accounts.flatMap((a) => engine.positions(a));
}

export function handlePositionsMulti(ctx: DispatchContext, conn: ClientConnection, req: PositionsMultiRequest): void {
  const clients = stateOf(ctx);
  if (req.kind === 'cancelPositionsMulti') {
    clients.get(conn)?.delete(req.reqId);
    return;
  }
  const accounts = requestedAccounts(ctx.engine, req.account);
  if (accounts === undefined) {
    refuseAccount(conn, req.reqId, req.account);
    return;
  }
  let subs = clients.get(conn);
  if (subs === undefined) {
    subs = new Map();
    clients.set(conn, subs);
  }
  subs.set(req.reqId, { accounts, modelCode: req.modelCode });
  for (const p of positionsOf(ctx.engine, accounts)) conn.send(row(req.reqId, req.modelCode, p));
  conn.send(encodePositionMultiEnd(req.reqId));
}
