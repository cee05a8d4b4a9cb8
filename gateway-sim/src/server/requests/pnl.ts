// reqPnL / cancelPnL / reqPnLSingle / cancelPnLSingle. The engine computes the values (engine/pnl.ts
// says what "daily" means) and owns the subscriptions' timing (at most one push per simulated second
// while a value changes); this module answers at once, routes the engine's `pnl` events to the
// subscribing client and stops them on cancel or when the client has gone.
//
// Answers where IB's behaviour is not documented, chosen so a caller never waits in vain:
// * an account the gateway does not manage: 321 on the request's id (accounts.ts);
// * reqPnLSingle for a conId the catalogue does not know: 200 on the request's id;
// * a known conId the account does not hold: pnlSingle with position 0, zeros and realized P&L unset
//   (the sentinel, as TWS sends for a position not traded today), then pushes once a fill makes one;
// * a model code is accepted and ignored (models are not simulated): the account's whole P&L.
import type { PnlReport } from '../../engine/index.ts';
import { encodePnl, encodePnlSingle, errorText } from '../../protocol/index.ts';
import type { AccountDataRequest } from '../../protocol/index.ts';
import type { ClientConnection } from '../connection.ts';
import { quantityText } from '../convert.ts';
import type { DispatchContext } from '../dispatch.ts';
import { refuseAccount, requestedAccounts } from './accounts.ts';

type PnlRequest = Extract<AccountDataRequest, { kind: 'reqPnL' | 'cancelPnL' | 'reqPnLSingle' | 'cancelPnLSingle' }>;

interface Subscription {
  conn: ClientConnection;
  reqId: number;
  stop: () => void;
}

/** Per gateway: subscriptions by the engine's watch id and by client and request id. */
interface GatewayPnl {
  byWatch: Map<number, Subscription>;
  byClient: Map<ClientConnection, Map<string, number>>;
}

const byGateway = new WeakMap<DispatchContext, GatewayPnl>();

function stateOf(ctx: DispatchContext): GatewayPnl {
  let s = byGateway.get(ctx);
  if (s === undefined) {
    const state: GatewayPnl = { byWatch: new Map(), byClient: new Map() };
    ctx.engine.on((e) => {
      if (e.type === 'pnl') deliver(state, e.watchId, e.report);
    });
    byGateway.set(ctx, state);
    s = state;
  }
  return s;
}

function frame(reqId: number, report: PnlReport): string[] {
  if (report.kind === 'account') return encodePnl({ reqId, ...report.values });
  const v = report.values;
  return encodePnlSingle({
    reqId, position: quantityText(v.position), dailyPnL: v.dailyPnL, unrealizedPnL: v.unrealizedPnL, realizedPnL: v.realizedPnL,
    value: v.value,
  });
}

/** A client that went away takes its subscriptions with it (found on its next push or any P&L request). */
function dropClient(state: GatewayPnl, conn: ClientConnection): void {
  for (const id of state.byClient.get(conn)?.values() ?? []) {
    state.byWatch.get(id)?.stop();
    state.byWatch.delete(id);
  }
  state.byClient.delete(conn);
}

function deliver(state: GatewayPnl, watchId: number, report: PnlReport): void {
  const sub = state.byWatch.get(watchId);
  if (sub === undefined) return;
  if (!sub.conn.isOpen) {
    dropClient(state, sub.conn);
    return;
  }
  sub.conn.send(frame(sub.reqId, report));
}

/** reqPnL and reqPnLSingle share TWS's request-id space per client but are cancelled separately. */
const subKey = (single: boolean, reqId: number): string => `${single ? 'single' : 'account'}:${reqId}`;

function cancel(state: GatewayPnl, conn: ClientConnection, single: boolean, reqId: number): void {
  const subs = state.byClient.get(conn);
  const watchId = subs?.get(subKey(single, reqId));
  if (watchId === undefined) return; // TWS ignores a cancel for nothing
  subs?.delete(subKey(single, reqId));
  state.byWatch.get(watchId)?.stop();
  state.byWatch.delete(watchId);
}

export function handlePnl(ctx: DispatchContext, conn: ClientConnection, req: PnlRequest): void {
  const state = stateOf(ctx);
  const { engine } = ctx;
  for (const c of [...state.byClient.keys()]) if (!c.isOpen) dropClient(state, c);
  switch (req.kind) {
    case 'cancelPnL':
      cancel(state, conn, false, req.reqId);
      return;
    case 'cancelPnLSingle':
      cancel(state, conn, true, req.reqId);
      return;
    case 'reqPnL':
    case 'reqPnLSingle': {
      const accounts = requestedAccounts(engine, req.account);
      if (accounts === undefined) {
        refuseAccount(conn, req.reqId, req.account);
        return;
      }
      const single = req.kind === 'reqPnLSingle';
      if (req.kind === 'reqPnLSingle' && engine.getInstrument(req.conId) === undefined) {
        conn.sendError(req.reqId, 200, errorText(200));
        return;
      }
      // The same request id again replaces the earlier subscription.
      cancel(state, conn, single, req.reqId);
      const watch = engine.watchPnl(req.kind === 'reqPnLSingle' ? { accounts, conId: req.conId } : { accounts });
      state.byWatch.set(watch.id, { conn, reqId: req.reqId, stop: watch.stop });
      let subs = state.byClient.get(conn);
      if (subs === undefined) {
        subs = new Map();
        state.byClient.set(conn, subs);
      }
      subs.set(subKey(single, req.reqId), watch.id);
      conn.send(frame(req.reqId, watch.initial));
      return;
    }
  }
}
