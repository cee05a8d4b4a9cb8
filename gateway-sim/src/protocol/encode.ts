// Encoders for the server → client messages of the subset at server versions 176–178
// (tws-protocol.md §4.5). Each returns the message's fields; `encodeFrame` puts them on
// the wire. Field counts are exact on purpose: several client decoders are count-exact.
import { FieldWriter } from './fields.ts';
import { OUT, SERVER_VERSION } from './message-ids.ts';
import type {
  AccountSummaryView, AccountValueView, CommissionReportView, ContractDescriptionView, ContractDetailsView, ExecutionView,
  OrderStatusView, PortfolioValueView, PositionView,
} from './types.ts';

export type Fields = string[];

const w = (msgId: number): FieldWriter => new FieldWriter().int(msgId);

/** error (4) in the 166–193 layout: `4|2|id|code|text|advancedOrderRejectJson|`. */
export function encodeError(id: number, code: number, text: string, advancedOrderRejectJson = ''): Fields {
  return w(OUT.error).int(2).int(id).int(code).str(text).str(advancedOrderRejectJson).fields();
}

export function encodeNextValidId(orderId: number): Fields {
  return w(OUT.nextValidId).int(1).int(orderId).fields();
}

export function encodeManagedAccounts(accounts: readonly string[]): Fields {
  return w(OUT.managedAccounts).int(1).str(accounts.join(',')).fields();
}

export function encodeCurrentTime(epochSeconds: number): Fields {
  return w(OUT.currentTime).int(1).int(Math.floor(epochSeconds)).fields();
}

/** contractData (10): no version field at ≥164; 42 fields for a stock with one secId pair. */
export function encodeContractData(reqId: number, d: ContractDetailsView): Fields {
  const c = d.contract;
  const f = w(OUT.contractData).int(reqId)
    .str(c.symbol).str(c.secType).str(c.lastTradeDateOrContractMonth).num(c.strike ?? 0).str(c.right)
    .str(c.exchange).str(c.currency).str(c.localSymbol).str(d.marketName).str(c.tradingClass).int(c.conId)
    .num(d.minTick).str(c.multiplier).str(d.orderTypes).str(d.validExchanges).int(d.priceMagnifier)
    .int(d.underConId).str(d.longName).str(c.primaryExchange).str(d.contractMonth).str(d.industry)
    .str(d.category).str(d.subcategory).str(d.timeZoneId).str(d.tradingHours).str(d.liquidHours)
    .str(d.evRule).doubleOrEmpty(d.evMultiplier).int(d.secIdList.length);
  for (const { tag, value } of d.secIdList) f.str(tag).str(value);
  return f.int(d.aggGroup).str(d.underSymbol).str(d.underSecType).str(d.marketRuleIds).str(d.realExpirationDate)
    .str(d.stockType).decimal(d.minSize).decimal(d.sizeIncrement).decimal(d.suggestedSizeIncrement).fields();
}

export function encodeContractDataEnd(reqId: number): Fields {
  return w(OUT.contractDataEnd).int(1).int(reqId).fields();
}

/** symbolSamples (79): never had a version field; description/issuerId from 176. */
export function encodeSymbolSamples(version: number, reqId: number, items: readonly ContractDescriptionView[]): Fields {
  const f = w(OUT.symbolSamples).int(reqId).int(items.length);
  for (const d of items) {
    f.int(d.conId).str(d.symbol).str(d.secType).str(d.primaryExchange).str(d.currency).int(d.derivativeSecTypes.length);
    for (const t of d.derivativeSecTypes) f.str(t);
    if (version >= SERVER_VERSION.bondIssuerId) f.str(d.description).str(d.issuerId);
  }
  return f.fields();
}

/** tickPrice (1): exactly 7 fields; clients derive the matching size tick from `size`. */
export function encodeTickPrice(reqId: number, tickType: number, price: number, size: string, attrMask = 0): Fields {
  return w(OUT.tickPrice).int(6).int(reqId).int(tickType).double(price).decimal(size).int(attrMask).fields();
}

export function encodeTickSize(reqId: number, tickType: number, size: string): Fields {
  return w(OUT.tickSize).int(6).int(reqId).int(tickType).decimal(size).fields();
}

export function encodeTickString(reqId: number, tickType: number, value: string): Fields {
  return w(OUT.tickString).int(6).int(reqId).int(tickType).str(value).fields();
}

export function encodeTickGeneric(reqId: number, tickType: number, value: number): Fields {
  return w(OUT.tickGeneric).int(6).int(reqId).int(tickType).double(value).fields();
}

export function encodeTickReqParams(reqId: number, minTick: number, bboExchange: string, snapshotPermissions: number): Fields {
  return w(OUT.tickReqParams).int(reqId).num(minTick).str(bboExchange).int(snapshotPermissions).fields();
}

export function encodeMarketDataType(reqId: number, marketDataType: number): Fields {
  return w(OUT.marketDataType).int(1).int(reqId).int(marketDataType).fields();
}

export function encodeTickSnapshotEnd(reqId: number): Fields {
  return w(OUT.tickSnapshotEnd).int(1).int(reqId).fields();
}

/** orderStatus (3): no version field at ≥131; exactly 12 fields, prices in TWS's plain spelling. */
export function encodeOrderStatus(s: OrderStatusView): Fields {
  return w(OUT.orderStatus).int(s.orderId).str(s.status).decimal(s.filled).decimal(s.remaining).num(s.avgFillPrice)
    .int(s.permId).int(s.parentId).num(s.lastFillPrice).int(s.clientId).str(s.whyHeld).num(s.mktCapPrice).fields();
}

export function encodeOpenOrderEnd(): Fields {
  return w(OUT.openOrderEnd).int(1).fields();
}

export function encodeCompletedOrdersEnd(): Fields {
  return w(OUT.completedOrdersEnd).fields();
}

/** execDetails (11): no version field; 31 fields, 32 with pendingPriceRevision at ≥178. */
export function encodeExecDetails(version: number, reqId: number, e: ExecutionView): Fields {
  const c = e.contract;
  const f = w(OUT.execDetails).int(reqId).int(e.orderId).int(c.conId).str(c.symbol).str(c.secType)
    .str(c.lastTradeDateOrContractMonth).double(c.strike ?? 0).str(c.right).str(c.multiplier).str(c.exchange)
    .str(c.currency).str(c.localSymbol).str(c.tradingClass).str(e.execId).str(e.time).str(e.acctNumber)
    .str(e.exchange).str(e.side).decimal(e.shares).double(e.price).int(e.permId).int(e.clientId).int(e.liquidation)
    .decimal(e.cumQty).double(e.avgPrice).str(e.orderRef).str(e.evRule).doubleOrEmpty(e.evMultiplier).str(e.modelCode)
    .int(e.lastLiquidity);
  if (version >= SERVER_VERSION.pendingPriceRevision) f.bool(e.pendingPriceRevision);
  return f.fields();
}

export function encodeExecDetailsEnd(reqId: number): Fields {
  return w(OUT.execDetailsEnd).int(1).int(reqId).fields();
}

/** commissionReport (59): exactly 8 fields (ib_async rejects a longer one). */
export function encodeCommissionReport(r: CommissionReportView): Fields {
  return w(OUT.commissionReport).int(1).str(r.execId).double(r.commission).str(r.currency).doubleMax(r.realizedPNL)
    .doubleMax(r.yield).intOrEmpty(r.yieldRedemptionDate).fields();
}

/** position (61): exactly 16 fields; `contract.exchange` is the primary listing for stocks. */
export function encodePosition(p: PositionView): Fields {
  const c = p.contract;
  return w(OUT.position).int(3).str(p.account).int(c.conId).str(c.symbol).str(c.secType)
    .str(c.lastTradeDateOrContractMonth).double(c.strike ?? 0).str(c.right).str(c.multiplier).str(c.exchange)
    .str(c.currency).str(c.localSymbol).str(c.tradingClass).decimal(p.position).double(p.avgCost).fields();
}

export function encodePositionEnd(): Fields {
  return w(OUT.positionEnd).int(1).fields();
}

/** accountSummary (63): exactly 7 fields. */
export function encodeAccountSummary(a: AccountSummaryView): Fields {
  return w(OUT.accountSummary).int(1).int(a.reqId).str(a.account).str(a.tag).str(a.value).str(a.currency).fields();
}

export function encodeAccountSummaryEnd(reqId: number): Fields {
  return w(OUT.accountSummaryEnd).int(1).int(reqId).fields();
}

// --- account updates (reqAccountUpdates / reqAccountUpdatesMulti) ---------------------------------
// The official decoders read these generically and drop a message whose field count is not exact.

/** updateAccountValue (6): exactly 6 fields, `6|2|key|value|currency|account|`. */
export function encodeAccountValue(v: AccountValueView): Fields {
  return w(OUT.accountValue).int(2).str(v.key).str(v.value).str(v.currency).str(v.account).fields();
}

/** portfolioValue (7), version 8: exactly 20 fields; `contract.primaryExchange` is the listing. */
export function encodePortfolioValue(p: PortfolioValueView): Fields {
  const c = p.contract;
  return w(OUT.portfolioValue).int(8).int(c.conId).str(c.symbol).str(c.secType).str(c.lastTradeDateOrContractMonth)
    .double(c.strike ?? 0).str(c.right).str(c.multiplier).str(c.primaryExchange).str(c.currency).str(c.localSymbol)
    .str(c.tradingClass).decimal(p.position).double(p.marketPrice).double(p.marketValue).double(p.averageCost)
    .double(p.unrealizedPnl).double(p.realizedPnl).str(p.account).fields();
}

/** updateAccountTime (8): `8|1|HH:mm|`. */
export function encodeAccountUpdateTime(hhmm: string): Fields {
  return w(OUT.accountUpdateTime).int(1).str(hhmm).fields();
}

/** accountDownloadEnd (54): `54|1|account|`. */
export function encodeAccountDownloadEnd(account: string): Fields {
  return w(OUT.accountDownloadEnd).int(1).str(account).fields();
}

/** accountUpdateMulti (73): exactly 8 fields, `73|1|reqId|account|modelCode|key|value|currency|`. */
export function encodeAccountUpdateMulti(reqId: number, modelCode: string, v: AccountValueView): Fields {
  return w(OUT.accountUpdateMulti).int(1).int(reqId).str(v.account).str(modelCode).str(v.key).str(v.value).str(v.currency)
    .fields();
}

/** accountUpdateMultiEnd (74): `74|1|reqId|`. */
export function encodeAccountUpdateMultiEnd(reqId: number): Fields {
  return w(OUT.accountUpdateMultiEnd).int(1).int(reqId).fields();
}
