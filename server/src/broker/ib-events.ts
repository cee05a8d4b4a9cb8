// What one IBApi says, as typed calls: each library event the session uses, decoded once here,
// and for each report the read (pending-requests.ts) it answers, if any (report-router.ts).
import type { IBApi } from './ib-client.ts';
import { fromIbCompletedOrder, fromIbContract, fromIbExecution, fromIbOpenOrder, fromIbPnl, fromIbPnlSingle, fromIbWhatIf, isWhatIfOrder, type PnlAmounts, type PositionPnlAmounts } from './ib-mapping.ts';
import type { IbBar } from './historical-bars.ts';
import type { IbTick } from './market-snapshot.ts';
import { fromIbPriceIncrements, marketRuleKey } from './market-rules.ts';
import type { AccountValueReport, BrokerReport, CommissionReportData, OrderStatusReport, PositionReport, WhatIfAnswer } from './reports.ts';
import type { ReportAnswer } from './report-router.ts';
import type { RequestKey } from './pending-requests.ts';

/** IB also pushes these unasked as things change: outside a read they are news. */
const PUSHED = (read: RequestKey): ReportAnswer => ({ read, replay: false });
/** IB sends these only because we asked. */
const ANSWER = (read: RequestKey): ReportAnswer => ({ read, replay: true });

export interface IbEventSink {
  server(version: number, connectionTime: string): void;
  /** The handshake is done; this is not ready (design.md: "connected" fires before the bootstrap). */
  connected(serverVersion: number): void;
  disconnected(): void;
  nextValidId(id: number): void;
  managedAccounts(accounts: string[]): void;
  notice(code: number, message: string): void;
  error(code: number, message: string, reqId: number): void;
  currentTime(serverSeconds: number): void;
  /**
   * A report, and the read it answers (none may be waiting: it is still a report). Without an
   * answer the router works it out: a commission report carries no request id.
   */
  report(report: BrokerReport, answer?: ReportAnswer): void;
  /** An answer item that is not a report (contract details). */
  collect(key: RequestKey, item: unknown): void;
  /** The end message of a multi-part answer. */
  end(key: RequestKey): void;
  /** A row of a held positions subscription (reqPositionsMulti), by its request id (held-positions.ts). */
  positionMulti(reqId: number, row: PositionReport): void;
  /** A value of a P&L subscription (reqPnL / reqPnLSingle), by its request id (pnl-subscriptions.ts). */
  accountPnl(reqId: number, amounts: PnlAmounts): void;
  positionPnl(reqId: number, amounts: PositionPnlAmounts): void;
  /** A keepUpToDate update of historical bars, by its request id (historical-bars.ts). */
  barUpdate(reqId: number, bar: IbBar): void;
  /** IB's answer to a what-if order (an openOrder echoing whatIf=1): not an order, never a report. */
  whatIf(orderId: number, answer: WhatIfAnswer): void;
}

/** Listens to `api`; every call to `sink` runs through `guard` (connection-attempt.ts: never for a retired client). */
export function listenToIb(api: IBApi, guard: (fn: () => void) => void, sink: IbEventSink): void {
  const on = <A extends unknown[]>(event: string, fn: (...args: A) => void): void => {
    (api as unknown as NodeJS.EventEmitter).on(event, (...args: unknown[]) => guard(() => fn(...(args as A))));
  };
  on('server', (version: number, time: string) => sink.server(version, time));
  on('connected', () => sink.connected(api.serverVersion));
  on('disconnected', () => sink.disconnected());
  on('nextValidId', (id: number) => sink.nextValidId(id));
  on('managedAccounts', (list: string) => sink.managedAccounts(list.split(',').map((a) => a.trim()).filter(Boolean)));
  on('info', (message: string, code: number) => sink.notice(code, message));
  // The library's real arguments (design.md); one of its typed overloads says otherwise.
  on('error', (err: Error, code: number, reqId: number) => sink.error(code, err.message, reqId));
  on('currentTime', (time: number) => sink.currentTime(time));
  on('openOrder', (orderId: number, contract: unknown, order: unknown, orderState: unknown) => {
    if (isWhatIfOrder(order)) sink.whatIf(orderId, fromIbWhatIf(orderState));
    else sink.report(fromIbOpenOrder(orderId, contract, order, orderState), PUSHED('openOrders'));
  });
  on('orderStatus', (orderId: number, status: string, filled: number, remaining: number, avgFillPrice: number, permId?: number, parentId?: number, lastFillPrice?: number, clientId?: number, whyHeld?: string) => {
    const r: OrderStatusReport = { kind: 'orderStatus', orderId, status, filled, remaining, avgFillPrice, lastFillPrice, permId, parentId, clientId, whyHeld };
    sink.report(r, PUSHED('openOrders'));
  });
  on('openOrderEnd', () => sink.end('openOrders'));
  on('completedOrder', (contract: unknown, order: unknown, orderState: unknown) => sink.report(fromIbCompletedOrder(contract, order, orderState), ANSWER('completedOrders')));
  on('completedOrdersEnd', () => sink.end('completedOrders'));
  // reqId -1: a fill as it happens; otherwise an answer to reqExecutions.
  on('execDetails', (reqId: number, contract: unknown, execution: unknown) =>
    sink.report(fromIbExecution(contract, execution), reqId === -1 ? { replay: false } : ANSWER(reqId)));
  on('execDetailsEnd', (reqId: number) => sink.end(reqId));
  on('commissionReport', (c: { execId?: string; commission?: number; currency?: string; realizedPNL?: number }) => {
    const r: CommissionReportData = { kind: 'commission', execId: c.execId ?? '', commission: c.commission, currency: c.currency, realizedPnl: c.realizedPNL };
    sink.report(r);
  });
  on('position', (account: string, contract: unknown, pos: number, avgCost?: number) => {
    const r: PositionReport = { kind: 'position', account, contract: fromIbContract(contract), position: Number(pos), avgCost };
    sink.report(r, PUSHED('positions'));
  });
  on('positionEnd', () => sink.end('positions'));
  on('accountSummary', (reqId: number, account: string, tag: string, value: string, currency: string) => {
    const r: AccountValueReport = { kind: 'accountValue', account, tag, value, currency };
    // A subscription: rows after the end message are updates (the snapshot cancels it at once).
    sink.report(r, PUSHED(reqId));
  });
  on('accountSummaryEnd', (reqId: number) => sink.end(reqId));
  on('contractDetails', (reqId: number, details: unknown) => sink.collect(reqId, details));
  on('contractDetailsEnd', (reqId: number) => sink.end(reqId));
  // Bars end with one more historicalData whose date is "finished-<start>-<end>" (@stoqey/ib 1.6.10 has no historicalDataEnd event).
  const bar = (date: unknown, open: unknown, high: unknown, low: unknown, close: unknown, volume: unknown, count: unknown, wap: unknown): IbBar =>
    ({ date: String(date), open, high, low, close, volume, count, wap });
  on('historicalData', (reqId: number, date: string, open: unknown, high: unknown, low: unknown, close: unknown, volume: unknown, count: unknown, wap: unknown) => {
    if (String(date).startsWith('finished')) sink.end(reqId);
    else sink.collect(reqId, bar(date, open, high, low, close, volume, count, wap));
  });
  on('historicalDataUpdate', (reqId: number, date: string, open: unknown, high: unknown, low: unknown, close: unknown, volume: unknown, count: unknown, wap: unknown) =>
    sink.barUpdate(reqId, bar(date, open, high, low, close, volume, count, wap)));
  on('headTimestamp', (reqId: number, headTimestamp: string) => {
    sink.collect(reqId, headTimestamp);
    sink.end(reqId);
  });
  // Answered by rule id: IB's reqMarketRule carries no request id.
  on('marketRule', (ruleId: number, increments: unknown) => {
    sink.collect(marketRuleKey(ruleId), fromIbPriceIncrements(increments));
    sink.end(marketRuleKey(ruleId));
  });
  // A market-data snapshot's answer (market-snapshot.ts): prices, the last trade's time, the data type, then the end.
  const tick = (reqId: number, t: IbTick): void => sink.collect(reqId, t);
  on('tickPrice', (reqId: number, field: number, value: unknown) => tick(reqId, { tick: 'price', field, value }));
  on('tickString', (reqId: number, field: number, value: unknown) => tick(reqId, { tick: 'string', field, value }));
  on('marketDataType', (reqId: number, value: unknown) => tick(reqId, { tick: 'dataType', value }));
  on('tickSnapshotEnd', (reqId: number) => sink.end(reqId));
  // One account's positions, held (held-positions.ts): the rows up to the end answer the first read, later ones are changes (not news: position reports are).
  on('positionMulti', (reqId: number, account: string, _modelCode: string, contract: unknown, pos: number, avgCost?: number) => {
    const r: PositionReport = { kind: 'position', account, contract: fromIbContract(contract), position: Number(pos), avgCost };
    sink.positionMulti(reqId, r);
  });
  on('positionMultiEnd', (reqId: number) => sink.end(reqId));
  on('pnl', (reqId: number, daily: unknown, unrealized: unknown, realized: unknown) => sink.accountPnl(reqId, fromIbPnl(daily, unrealized, realized)));
  on('pnlSingle', (reqId: number, pos: unknown, daily: unknown, unrealized: unknown, realized: unknown, value: unknown) =>
    sink.positionPnl(reqId, fromIbPnlSingle(pos, daily, unrealized, realized, value)));
}
