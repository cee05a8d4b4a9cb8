// Conversions between the engine's model and the wire views of protocol/. The engine keeps
// the decoded WireOrder in `passthrough.wireOrder` so fields it does not model (algo
// params, conditions, …) come back to the client exactly as they were sent.
import type {
  AccountValues, CommissionReport, ContractDetails, ContractQuery, ExecutionView as EngineExecution, Instrument,
  OrderInput, OrderStatusReport, OrderView, PositionView as EnginePosition, WhatIfResult,
} from '../engine/index.ts';
import {
  defaultOrder, emptyContract, javaDouble, orderState, twsEcho,
} from '../protocol/index.ts';
import type {
  AccountSummaryView, AccountValueView, CommissionReportView, CompletedOrderView, ContractDetailsView, ExecutionView,
  OpenOrderView, OrderStatusView, PortfolioValueView, PositionView, WireContract, WireOrder,
} from '../protocol/index.ts';

/** Decimal text from a quantity, without float noise (1e-4 steps are the finest IB uses). */
export function quantityText(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return String(Number(n.toFixed(8)));
}

/** Strips float noise from computed prices (228.38000000000002 → 228.38) before they reach the wire. */
export function cleanPrice(n: number): number {
  return Number.isFinite(n) ? Number(n.toPrecision(12)) : n;
}

/** The client's contract as an engine query; unset spellings are left out. */
export function contractQuery(c: WireContract): ContractQuery {
  const q: ContractQuery = {};
  if (c.conId !== 0) q.conId = c.conId;
  const text: [keyof ContractQuery, string][] = [
    ['symbol', c.symbol], ['secType', c.secType], ['lastTradeDateOrContractMonth', c.lastTradeDateOrContractMonth],
    ['right', c.right], ['multiplier', c.multiplier], ['exchange', c.exchange], ['primaryExchange', c.primaryExchange],
    ['currency', c.currency], ['localSymbol', c.localSymbol], ['tradingClass', c.tradingClass],
    ['secIdType', c.secIdType], ['secId', c.secId],
  ];
  for (const [key, value] of text) if (value !== '' && value !== '?') (q as Record<string, unknown>)[key] = value;
  if (c.strike !== undefined && c.strike !== 0) q.strike = c.strike;
  if (c.includeExpired) q.includeExpired = true;
  return q;
}

/** An Instrument as the contract part of TWS messages (orders, executions). */
export function instrumentContract(i: Instrument): WireContract {
  return emptyContract({
    conId: i.conId, symbol: i.symbol, secType: i.secType, lastTradeDateOrContractMonth: i.lastTradeDateOrContractMonth,
    strike: i.strike, right: i.right, multiplier: i.multiplier, exchange: i.exchange, primaryExchange: i.primaryExchange,
    currency: i.currency, localSymbol: i.localSymbol, tradingClass: i.tradingClass,
  });
}

/** The engine's order input from a decoded placeOrder. */
export function orderInput(o: WireOrder): OrderInput {
  return {
    action: o.action, totalQuantity: Number(o.totalQuantity || '0'), orderType: o.orderType, lmtPrice: o.lmtPrice,
    auxPrice: o.auxPrice, tif: o.tif, ocaGroup: o.ocaGroup, ocaType: o.ocaType, account: o.account, orderRef: o.orderRef,
    transmit: o.transmit, parentId: o.parentId, outsideRth: o.outsideRth, hidden: o.hidden,
    ...(o.displaySize !== undefined ? { displaySize: o.displaySize } : {}),
    trailingPercent: o.trailingPercent, trailStopPrice: o.trailStopPrice, goodTillDate: o.goodTillDate, whatIf: o.whatIf,
    passthrough: { wireOrder: o },
  };
}

/** The client's WireOrder with the engine's current values for everything the engine owns. */
export function wireOrderOf(v: OrderView): WireOrder {
  const kept = v.passthrough['wireOrder'];
  const base = defaultOrder(typeof kept === 'object' && kept !== null ? (kept as Partial<WireOrder>) : {});
  return {
    ...base, orderId: v.orderId, clientId: v.clientId, permId: v.permId, parentId: v.parentId, account: v.account,
    action: v.action, totalQuantity: quantityText(v.totalQuantity), orderType: v.orderType, lmtPrice: v.lmtPrice,
    auxPrice: v.auxPrice, tif: v.tif, ocaGroup: v.ocaGroup, ocaType: v.ocaType, orderRef: v.orderRef,
    transmit: v.transmit, outsideRth: v.outsideRth, hidden: v.hidden, displaySize: v.displaySize,
    trailingPercent: v.trailingPercent, trailStopPrice: v.trailStopPrice, goodTillDate: v.goodTillDate, whatIf: v.whatIf,
  };
}

const money = (n: number): string => javaDouble(n);

export function openOrderView(v: OrderView, whatIf?: WhatIfResult): OpenOrderView {
  const echo = twsEcho(instrumentContract(v.instrument), wireOrderOf(v));
  const state = whatIf
    ? orderState(v.status, {
      initMarginBefore: money(whatIf.initMarginBefore), maintMarginBefore: money(whatIf.maintMarginBefore),
      equityWithLoanBefore: money(whatIf.equityWithLoanBefore), initMarginChange: money(whatIf.initMarginChange),
      maintMarginChange: money(whatIf.maintMarginChange), equityWithLoanChange: money(whatIf.equityWithLoanChange),
      initMarginAfter: money(whatIf.initMarginAfter), maintMarginAfter: money(whatIf.maintMarginAfter),
      equityWithLoanAfter: money(whatIf.equityWithLoanAfter), commission: whatIf.commission,
      minCommission: whatIf.minCommission, maxCommission: whatIf.maxCommission,
      commissionCurrency: whatIf.commissionCurrency, warningText: whatIf.warningText,
    })
    : orderState(v.status, {
      commission: v.commission, commissionCurrency: v.commission === undefined ? '' : v.commissionCurrency,
      warningText: v.warningText,
    });
  return { ...echo, state };
}

export function completedOrderView(v: OrderView): CompletedOrderView {
  const echo = twsEcho(instrumentContract(v.instrument), wireOrderOf(v), 'completed');
  return {
    ...echo, status: v.status, filledQuantity: quantityText(v.filled), completedTime: v.completedTime,
    completedStatus: v.completedStatus,
  };
}

export function orderStatusView(s: OrderStatusReport): OrderStatusView {
  return {
    ...s, filled: quantityText(s.filled), remaining: quantityText(s.remaining), avgFillPrice: cleanPrice(s.avgFillPrice),
    lastFillPrice: cleanPrice(s.lastFillPrice),
  };
}

export function orderStatusOf(v: OrderView): OrderStatusView {
  return {
    orderId: v.orderId, status: v.status, filled: quantityText(v.filled), remaining: quantityText(v.remaining),
    avgFillPrice: cleanPrice(v.avgFillPrice), permId: v.permId, parentId: v.parentId, lastFillPrice: cleanPrice(v.lastFillPrice),
    clientId: v.clientId, whyHeld: v.whyHeld, mktCapPrice: v.mktCapPrice,
  };
}

export function executionView(e: EngineExecution): ExecutionView {
  return {
    orderId: e.orderId, contract: { ...instrumentContract(e.instrument), exchange: e.exchange }, execId: e.execId,
    time: e.time, acctNumber: e.account, exchange: e.exchange, side: e.side, shares: quantityText(e.shares),
    price: cleanPrice(e.price), permId: e.permId, clientId: e.clientId, liquidation: e.liquidation,
    cumQty: quantityText(e.cumQty), avgPrice: cleanPrice(e.avgPrice), orderRef: e.orderRef, evRule: '', evMultiplier: undefined, modelCode: '',
    lastLiquidity: e.lastLiquidity, pendingPriceRevision: false,
  };
}

export function commissionView(c: CommissionReport): CommissionReportView {
  return {
    execId: c.execId, commission: c.commission, currency: c.currency, realizedPNL: c.realizedPnl, yield: undefined,
    yieldRedemptionDate: undefined,
  };
}

/** position (61): `exchange` is the primary listing for stocks, empty for derivatives. */
export function positionView(p: EnginePosition): PositionView {
  const c = instrumentContract(p.instrument);
  c.exchange = p.instrument.secType === 'STK' ? p.instrument.primaryExchange : '';
  return { account: p.account, contract: c, position: quantityText(p.position), avgCost: cleanPrice(p.avgCost) };
}

export function contractDetailsView(d: ContractDetails): ContractDetailsView {
  return {
    contract: instrumentContract(d), marketName: d.marketName, minTick: d.minTick, orderTypes: d.orderTypes.join(','),
    validExchanges: d.validExchanges.join(','), priceMagnifier: d.priceMagnifier, underConId: d.underConId,
    longName: d.longName, contractMonth: d.contractMonth, industry: d.industry, category: d.category,
    subcategory: d.subcategory, timeZoneId: d.timeZoneId, tradingHours: d.tradingHours, liquidHours: d.liquidHours,
    evRule: '', evMultiplier: undefined, secIdList: d.secIds.map((s) => ({ tag: s.tag, value: s.value })),
    aggGroup: d.aggGroup, underSymbol: d.underSymbol, underSecType: d.underSecType, marketRuleIds: d.marketRuleIds,
    realExpirationDate: d.realExpirationDate, stockType: d.stockType, minSize: d.minSize, sizeIncrement: d.sizeIncrement,
    suggestedSizeIncrement: d.suggestedSizeIncrement,
  };
}

/** accountSummary tags the simulator answers; the official helper's `ReqT…` typo is accepted. */
const TAG_ALIASES: Record<string, string> = { ReqTEquity: 'RegTEquity', ReqTMargin: 'RegTMargin' };
const NON_MONETARY = new Set(['AccountType', 'Cushion', 'LookAheadNextChange', 'HighestSeverity', 'DayTradesRemaining', 'Leverage']);
const ALL_TAGS = [
  'AccountType', 'NetLiquidation', 'TotalCashValue', 'SettledCash', 'AccruedCash', 'BuyingPower', 'EquityWithLoanValue',
  'PreviousDayEquityWithLoanValue', 'GrossPositionValue', 'RegTEquity', 'RegTMargin', 'SMA', 'InitMarginReq',
  'MaintMarginReq', 'AvailableFunds', 'ExcessLiquidity', 'Cushion', 'FullInitMarginReq', 'FullMaintMarginReq',
  'FullAvailableFunds', 'FullExcessLiquidity', 'LookAheadNextChange', 'LookAheadInitMarginReq',
  'LookAheadMaintMarginReq', 'LookAheadAvailableFunds', 'LookAheadExcessLiquidity', 'HighestSeverity',
  'DayTradesRemaining', 'Leverage',
] as const;

/** Normalises requested tags: aliases resolved, unknown tags and `$LEDGER…` dropped, order kept. */
export function summaryTags(requested: readonly string[]): string[] {
  const known = new Set<string>(ALL_TAGS);
  const out: string[] = [];
  for (const t of requested) {
    const tag = TAG_ALIASES[t] ?? t;
    if (known.has(tag) && !out.includes(tag)) out.push(tag);
  }
  return out;
}

export function accountSummaryRows(reqId: number, values: AccountValues, tags: readonly string[]): AccountSummaryView[] {
  return tags.map((tag) => {
    const raw = (values as unknown as Record<string, unknown>)[tag];
    let value: string;
    if (typeof raw === 'string') value = raw;
    else if (typeof raw !== 'number') value = '';
    else if (NON_MONETARY.has(tag)) value = Number.isInteger(raw) ? String(raw) : String(Number(raw.toFixed(4)));
    else value = raw.toFixed(2);
    return { reqId, account: values.account, tag, value, currency: NON_MONETARY.has(tag) ? '' : values.currency };
  });
}

const tagText = (tag: string, raw: number): string =>
  NON_MONETARY.has(tag) ? (Number.isInteger(raw) ? String(raw) : String(Number(raw.toFixed(4)))) : raw.toFixed(2);

/** The ledger keys reqAccountUpdatesMulti keeps when asked for `ledgerAndNLV` only. */
const LEDGER_KEYS = new Set(['CashBalance', 'TotalCashBalance', 'NetLiquidationByCurrency', 'RealizedPnL', 'UnrealizedPnL', 'NetLiquidation']);

/**
 * What reqAccountUpdates (and reqAccountUpdatesMulti) report for an account: every summary tag in
 * the base currency, the account's identity, and the cash ledger both as USD and as BASE, as TWS
 * lists it. The simulated accounts hold USD only, so USD and BASE agree.
 */
export function accountUpdateValues(values: AccountValues, ledgerAndNlvOnly = false): AccountValueView[] {
  const account = values.account;
  const row = (key: string, value: string, currency: string): AccountValueView => ({ key, value, currency, account });
  const rows: AccountValueView[] = [row('AccountCode', account, ''), row('AccountType', values.AccountType, ''), row('Currency', values.currency, values.currency)];
  for (const tag of ALL_TAGS) {
    if (tag === 'AccountType') continue;
    const raw = (values as unknown as Record<string, number>)[tag];
    if (typeof raw === 'number') rows.push(row(tag, tagText(tag, raw), NON_MONETARY.has(tag) ? '' : values.currency));
  }
  for (const ccy of [values.currency, 'BASE']) {
    rows.push(
      row('CashBalance', values.TotalCashValue.toFixed(2), ccy),
      row('TotalCashBalance', values.TotalCashValue.toFixed(2), ccy),
      row('NetLiquidationByCurrency', values.NetLiquidation.toFixed(2), ccy),
      row('RealizedPnL', values.RealizedPnL.toFixed(2), ccy),
      row('UnrealizedPnL', values.UnrealizedPnL.toFixed(2), ccy),
    );
  }
  return ledgerAndNlvOnly ? rows.filter((r) => LEDGER_KEYS.has(r.key)) : rows;
}

/** portfolioValue (7): the position with its mark, value and P&L (instrument currency). */
export function portfolioView(p: EnginePosition): PortfolioValueView {
  const c = instrumentContract(p.instrument);
  return {
    contract: c, position: quantityText(p.position), marketPrice: cleanPrice(p.marketPrice), marketValue: Number(p.marketValue.toFixed(2)),
    averageCost: cleanPrice(p.avgCost), unrealizedPnl: Number(p.unrealizedPnl.toFixed(2)), realizedPnl: Number(p.realizedPnl.toFixed(2)),
    account: p.account,
  };
}
