// Serves each decoded request of a ready client from the engine (tws-protocol.md §6).
// Replies go to the asking client; pushes caused by the engine (order updates, fills,
// positions) go through the event router in gateway.ts.
import type { Clock, Engine, Quote } from '../engine/index.ts';
import {
  READ_ONLY_CAUSE, SERVER_VERSION, encodeAccountDownloadEnd, encodeAccountSummary, encodeAccountSummaryEnd,
  encodeAccountUpdateMulti, encodeAccountUpdateMultiEnd, encodeAccountUpdateTime, encodeAccountValue,
  encodePortfolioValue, encodeCommissionReport,
  encodeCompletedOrder, encodeCompletedOrdersEnd, encodeContractData, encodeContractDataEnd, encodeCurrentTime,
  encodeExecDetails, encodeExecDetailsEnd, encodeManagedAccounts, encodeNextValidId, encodeOpenOrder,
  encodeOpenOrderEnd, encodeOrderStatus, encodePosition, encodePositionEnd, encodeSymbolSamples, encodeTickSnapshotEnd,
  errorText, validationText,
} from '../protocol/index.ts';
import type { WireContract, WireRequest } from '../protocol/index.ts';
import type { ClientConnection } from './connection.ts';
import {
  accountSummaryRows, accountUpdateValues, commissionView, completedOrderView, contractDetailsView, contractQuery,
  executionView, openOrderView, orderInput, orderStatusOf, portfolioView, positionView, summaryTags,
} from './convert.ts';
import { entitlement, initialTicks } from './market-data.ts';
import { handleMarketRule } from './requests/market-rules.ts';
import { handlePnl } from './requests/pnl.ts';
import { handlePositionsMulti } from './requests/positions-multi.ts';
import { handleUserInfo } from './requests/user-info.ts';
import { handleHistorical } from './requests/historical.ts';

export interface MarketDataSubscription {
  conId: number;
  marketDataType: number;
  last: Quote | undefined;
  stop: () => void;
}

/** What the gateway remembers per ready client beyond the socket. */
export interface SessionState {
  positions: boolean;
  accountSummaries: Map<number, { group: string; tags: string[] }>;
  marketData: Map<number, MarketDataSubscription>;
  autoBind: boolean;
  /** reqAccountUpdates: the one account this client follows (TWS allows one at a time). */
  accountUpdates: string | undefined;
  /** reqAccountUpdatesMulti subscriptions by reqId. */
  accountUpdatesMulti: Map<number, { accounts: string[]; modelCode: string; ledgerAndNLV: boolean }>;
}

export function newSessionState(): SessionState {
  return {
    positions: false, accountSummaries: new Map(), marketData: new Map(), autoBind: false, accountUpdates: undefined,
    accountUpdatesMulti: new Map(),
  };
}

const hhmmFormat = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
/** updateAccountTime's `HH:mm`, New York time. */
export function accountUpdateTime(epochMs: number): string {
  return hhmmFormat.format(new Date(epochMs));
}

/** Account values of one account as updateAccountValue messages, then the time stamp. */
export function accountValueMessages(engine: Engine, account: string, nowMs: number): string[][] {
  const values = engine.accountValues(account);
  if (!values) return [];
  return [...accountUpdateValues(values).map(encodeAccountValue), encodeAccountUpdateTime(accountUpdateTime(nowMs))];
}

export interface DispatchContext {
  readonly engine: Engine;
  readonly clock: Clock;
  readonly readOnly: boolean;
  session(conn: ClientConnection): SessionState;
  /** START_API: registers the client id; false when it is taken (the caller has answered 326). */
  startApi(conn: ClientConnection, clientId: number): boolean;
}

const MAX_ACCOUNT_SUMMARIES = 2;

function describe(c: WireContract): string {
  return [c.symbol || c.localSymbol || (c.conId ? `conId ${c.conId}` : '?'), c.secType, c.exchange, c.currency]
    .filter((s) => s !== '').join(' ');
}

export function handleRequest(ctx: DispatchContext, conn: ClientConnection, req: WireRequest): void {
  const { engine } = ctx;
  const clientId = conn.clientId ?? -1;
  switch (req.kind) {
    case 'startApi':
      if (conn.state === 'ready') {
        conn.log.warn('second START_API ignored');
        return;
      }
      ctx.startApi(conn, req.clientId);
      return;
    case 'reqCurrentTime':
      conn.send(encodeCurrentTime(Math.floor(ctx.clock.now() / 1000)));
      return;
    case 'reqCurrentTimeInMillis':
      // currentTimeInMillis (109) exists only from server version 197.
      conn.sendError(-1, 321, validationText(`reqCurrentTimeInMillis needs server version ${SERVER_VERSION.currentTimeInMillis}; this session is ${conn.version}`, 'bR'));
      return;
    case 'reqIds':
      conn.send(encodeNextValidId(engine.nextValidId(clientId)));
      return;
    case 'reqManagedAccts':
      conn.send(encodeManagedAccounts(engine.accounts));
      return;
    case 'reqContractDetails': {
      const found = engine.resolveContract(contractQuery(req.contract));
      if (found.length === 0) {
        conn.sendError(req.reqId, 200, errorText(200));
        return;
      }
      for (const inst of found) {
        const details = engine.contractDetails(inst.conId);
        if (details) conn.send(encodeContractData(req.reqId, contractDetailsView(details)));
      }
      conn.send(encodeContractDataEnd(req.reqId));
      return;
    }
    case 'reqMatchingSymbols': {
      const items = engine.matchingSymbols(req.pattern).map((i) => ({
        conId: i.conId, symbol: i.symbol, secType: i.secType, primaryExchange: i.primaryExchange, currency: i.currency,
        derivativeSecTypes: [...engine.derivativeSecTypes(i.conId)], description: i.longName, issuerId: '',
      }));
      conn.send(encodeSymbolSamples(conn.version, req.reqId, items));
      return;
    }
    case 'reqMarketDataType':
      conn.marketDataType = req.marketDataType;
      return;
    case 'reqMktData':
      reqMktData(ctx, conn, req);
      return;
    case 'cancelMktData': {
      const sub = ctx.session(conn).marketData.get(req.reqId);
      if (!sub) {
        conn.sendError(req.reqId, 300, errorText(300, String(req.reqId)));
        return;
      }
      sub.stop();
      ctx.session(conn).marketData.delete(req.reqId);
      return;
    }
    case 'placeOrder':
      if (ctx.readOnly) {
        conn.sendError(req.orderId, 321, validationText(READ_ONLY_CAUSE, 'bN'));
        return;
      }
      engine.placeOrder(clientId, req.orderId, contractQuery(req.contract), orderInput(req.order));
      return;
    case 'cancelOrder':
      if (ctx.readOnly) {
        conn.sendError(req.orderId, 321, validationText(READ_ONLY_CAUSE, 'bO'));
        return;
      }
      engine.cancelOrder(clientId, req.orderId);
      return;
    case 'reqGlobalCancel':
      if (ctx.readOnly) {
        conn.sendError(-1, 321, validationText(READ_ONLY_CAUSE, 'bG'));
        return;
      }
      engine.globalCancel(clientId);
      return;
    case 'reqOpenOrders':
    case 'reqAllOpenOrders': {
      const orders = req.kind === 'reqAllOpenOrders' ? engine.openOrders() : engine.openOrders(clientId);
      for (const o of orders) {
        conn.send(encodeOpenOrder(conn.version, openOrderView(o)));
        conn.send(encodeOrderStatus(orderStatusOf(o)));
      }
      conn.send(encodeOpenOrderEnd());
      return;
    }
    case 'reqAutoOpenOrders':
      if (clientId !== 0) {
        conn.sendError(-1, 327, errorText(327));
        return;
      }
      ctx.session(conn).autoBind = req.autoBind;
      return;
    case 'reqCompletedOrders':
      for (const o of engine.completedOrders()) conn.send(encodeCompletedOrder(conn.version, completedOrderView(o)));
      conn.send(encodeCompletedOrdersEnd());
      return;
    case 'reqExecutions': {
      const f = req.filter;
      const rows = engine.executions({
        ...(f.clientId !== 0 ? { clientId: f.clientId } : {}), acctCode: f.acctCode, time: f.time, symbol: f.symbol,
        secType: f.secType, exchange: f.exchange, side: f.side,
      });
      for (const { execution, commission } of rows) {
        conn.send(encodeExecDetails(conn.version, req.reqId, executionView(execution)));
        conn.send(encodeCommissionReport(commissionView(commission)));
      }
      conn.send(encodeExecDetailsEnd(req.reqId));
      return;
    }
    case 'reqPositions':
      ctx.session(conn).positions = true;
      for (const p of engine.positions()) conn.send(encodePosition(positionView(p)));
      conn.send(encodePositionEnd());
      return;
    case 'cancelPositions':
      ctx.session(conn).positions = false;
      return;
    case 'reqAccountSummary': {
      const subs = ctx.session(conn).accountSummaries;
      if (!subs.has(req.reqId) && subs.size >= MAX_ACCOUNT_SUMMARIES) {
        conn.sendError(req.reqId, 322, errorText(322, "'Q' : cause - Maximum number of account summary requests exceeded; desubscribe to previous request first"));
        return;
      }
      const tags = summaryTags(req.tags);
      subs.set(req.reqId, { group: req.group, tags });
      for (const account of engine.accounts) {
        const values = engine.accountValues(account);
        if (values) for (const row of accountSummaryRows(req.reqId, values, tags)) conn.send(encodeAccountSummary(row));
      }
      conn.send(encodeAccountSummaryEnd(req.reqId));
      return;
    }
    case 'cancelAccountSummary':
      ctx.session(conn).accountSummaries.delete(req.reqId);
      return;
    case 'reqAccountUpdates': {
      const session = ctx.session(conn);
      if (!req.subscribe) {
        session.accountUpdates = undefined;
        return;
      }
      const account = req.account === '' ? engine.accounts[0] : req.account;
      if (account === undefined || !engine.accounts.includes(account)) {
        conn.sendError(-1, 321, validationText(`Invalid account code ${req.account}`, 'bC'));
        return;
      }
      // Values, the account's portfolio, the time stamp, then the end marker; updates follow fills.
      session.accountUpdates = account;
      const values = engine.accountValues(account);
      if (values) for (const v of accountUpdateValues(values)) conn.send(encodeAccountValue(v));
      for (const p of engine.positions(account)) conn.send(encodePortfolioValue(portfolioView(p)));
      conn.send(encodeAccountUpdateTime(accountUpdateTime(ctx.clock.now())));
      conn.send(encodeAccountDownloadEnd(account));
      return;
    }
    case 'reqAccountUpdatesMulti': {
      const accounts = req.account === '' || req.account.toLowerCase() === 'all' ? [...engine.accounts] : [req.account];
      if (!accounts.every((a) => engine.accounts.includes(a))) {
        conn.sendError(req.reqId, 321, validationText(`Invalid account code ${req.account}`, 'bC'));
        return;
      }
      ctx.session(conn).accountUpdatesMulti.set(req.reqId, { accounts, modelCode: req.modelCode, ledgerAndNLV: req.ledgerAndNLV });
      for (const account of accounts) {
        const values = engine.accountValues(account);
        if (!values) continue;
        for (const v of accountUpdateValues(values, req.ledgerAndNLV)) conn.send(encodeAccountUpdateMulti(req.reqId, req.modelCode, v));
      }
      conn.send(encodeAccountUpdateMultiEnd(req.reqId));
      return;
    }
    case 'cancelAccountUpdatesMulti':
      ctx.session(conn).accountUpdatesMulti.delete(req.reqId);
      return;
    case 'reqHistoricalData':
    case 'cancelHistoricalData':
    case 'reqHeadTimestamp':
    case 'cancelHeadTimestamp':
      handleHistorical(ctx, conn, req);
      return;
    case 'reqPnL':
    case 'cancelPnL':
    case 'reqPnLSingle':
    case 'cancelPnLSingle':
      handlePnl(ctx, conn, req);
      return;
    case 'reqPositionsMulti':
    case 'cancelPositionsMulti':
      handlePositionsMulti(ctx, conn, req);
      return;
    case 'reqUserInfo':
      handleUserInfo(conn, req.reqId);
      return;
    case 'reqMarketRule':
      handleMarketRule(conn, req.marketRuleId);
      return;
    case 'unsupported':
      conn.log.info({ msgId: req.msgId }, 'unsupported request id');
      conn.sendError(req.reqId ?? -1, 321, validationText(`The simulated gateway does not support request message id ${req.msgId}`, 'bU'));
      return;
  }
}

function reqMktData(ctx: DispatchContext, conn: ClientConnection, req: Extract<WireRequest, { kind: 'reqMktData' }>): void {
  const { engine } = ctx;
  const session = ctx.session(conn);
  if (session.marketData.has(req.reqId)) {
    conn.sendError(req.reqId, 102, errorText(102));
    return;
  }
  if (req.snapshot && req.genericTickList.trim() !== '') {
    conn.sendError(req.reqId, 321, validationText('Snapshot market data subscription is not applicable to generic ticks.', 'bE'));
    return;
  }
  const found = engine.resolveContract(contractQuery(req.contract));
  const inst = found[0];
  if (inst === undefined || found.length > 1) {
    const text = found.length > 1 ? `${errorText(200)}. The contract description specified for ${describe(req.contract)} is ambiguous.` : errorText(200);
    conn.sendError(req.reqId, 200, text);
    return;
  }
  const access = engine.marketDataAccess(inst.conId) ?? 'none';
  const ent = entitlement(access, conn.marketDataType, `${inst.symbol} ${inst.primaryExchange}/TOP/ALL`);
  if (ent.kind === 'refused') {
    conn.sendError(req.reqId, ent.code, ent.text);
    return;
  }
  if (ent.notice) conn.sendError(req.reqId, ent.notice.code, ent.notice.text);
  const quote = engine.quote(inst.conId);
  if (quote) for (const f of initialTicks(req.reqId, ent.marketDataType, inst.minTick, quote)) conn.send(f);
  if (req.snapshot || req.regulatorySnapshot) {
    conn.send(encodeTickSnapshotEnd(req.reqId));
    return;
  }
  const stop = engine.watchQuotes(inst.conId);
  session.marketData.set(req.reqId, { conId: inst.conId, marketDataType: ent.marketDataType, last: quote, stop });
}
