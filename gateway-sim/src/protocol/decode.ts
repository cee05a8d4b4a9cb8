// Decoders for the client → server requests of the subset at negotiated versions 176–178
// (tws-protocol.md §3.1, §4.3, §4.4). A frame that runs out of fields or holds an
// unparsable number throws DecodeError (answered with 321), never anything else.
import { DecodeError, FieldReader } from './fields.ts';
import { IN, SERVER_VERSION } from './message-ids.ts';
import { decodeAccountDataRequest } from './decode-account-data.ts';
import { decodeCancelHeadTimestamp, decodeCancelHistoricalData, decodeReqHeadTimestamp, decodeReqHistoricalData } from './decode-history.ts';
import { decodeReqMarketRule } from './market-rule.ts';
import { unsupportedRequestId } from './request-ids.ts';
import { defaultOrder, emptyContract } from './types.ts';
import type { OrderCondition, TagValue, WireContract, WireOrder, WireRequest } from './types.ts';

/** Counts above this are hostile, not real (legs, params, conditions). */
const MAX_LIST_COUNT = 1000;

function count(r: FieldReader, what: string): number {
  const n = r.int();
  if (n < 0 || n > MAX_LIST_COUNT) throw new DecodeError(`${what} count ${n} is out of range`, r.reqId);
  return n;
}

function tagValues(r: FieldReader, what: string): TagValue[] {
  const n = count(r, what);
  const out: TagValue[] = [];
  for (let i = 0; i < n; i += 1) out.push({ tag: r.str(), value: r.str() });
  return out;
}

/** The contract head shared by reqMktData, reqContractDetails, placeOrder and the historical requests. */
export function contractHead(r: FieldReader): WireContract {
  return emptyContract({
    conId: r.int(), symbol: r.str(), secType: r.str(), lastTradeDateOrContractMonth: r.str(), strike: r.doubleMax(),
    right: r.str(), multiplier: r.str(), exchange: r.str(), primaryExchange: r.str(), currency: r.str(),
    localSymbol: r.str(), tradingClass: r.str(),
  });
}

const CONDITION_TYPES: Record<number, OrderCondition['type']> = {
  1: 'price', 3: 'time', 4: 'margin', 5: 'execution', 6: 'volume', 7: 'percentChange',
};

function condition(r: FieldReader): OrderCondition {
  const typeId = r.int();
  const type = CONDITION_TYPES[typeId];
  if (type === undefined) throw new DecodeError(`unknown order condition type ${typeId}`, r.reqId);
  const conjunction = r.str();
  switch (type) {
    case 'price':
      return { type, conjunction, isMore: r.bool(), price: r.double(), conId: r.int(), exchange: r.str(), triggerMethod: r.int() };
    case 'time':
      return { type, conjunction, isMore: r.bool(), time: r.str() };
    case 'margin':
      return { type, conjunction, isMore: r.bool(), percent: r.int() };
    case 'execution':
      return { type, conjunction, secType: r.str(), exchange: r.str(), symbol: r.str() };
    case 'volume':
      return { type, conjunction, isMore: r.bool(), volume: r.int(), conId: r.int(), exchange: r.str() };
    case 'percentChange':
      return { type, conjunction, isMore: r.bool(), changePercent: r.double(), conId: r.int(), exchange: r.str() };
  }
}

/** placeOrder (3) at 176–178: 114 fields for a plain order, 115 below 177 (faProfile). */
function placeOrder(r: FieldReader, version: number): WireRequest {
  const orderId = r.int();
  r.reqId = orderId;
  const c = contractHead(r);
  c.secIdType = r.str();
  c.secId = r.str();
  const o: WireOrder = defaultOrder({ orderId });
  o.action = r.str();
  o.totalQuantity = r.decimal();
  o.orderType = r.str();
  o.lmtPrice = r.doubleMax();
  o.auxPrice = r.doubleMax();
  o.tif = r.str();
  o.ocaGroup = r.str();
  o.account = r.str();
  o.openClose = r.str();
  o.origin = r.int();
  o.orderRef = r.str();
  o.transmit = r.bool();
  o.parentId = r.int();
  o.blockOrder = r.bool();
  o.sweepToFill = r.bool();
  o.displaySize = r.intMax();
  o.triggerMethod = r.int();
  o.outsideRth = r.bool();
  o.hidden = r.bool();
  if (c.secType === 'BAG') {
    const legs = count(r, 'combo leg');
    for (let i = 0; i < legs; i += 1) {
      c.comboLegs.push({
        conId: r.int(), ratio: r.int(), action: r.str(), exchange: r.str(), openClose: r.int(),
        shortSaleSlot: r.int(), designatedLocation: r.str(), exemptCode: r.int(),
      });
    }
    const prices = count(r, 'order combo leg');
    for (let i = 0; i < prices; i += 1) o.orderComboLegPrices.push(r.doubleMax());
    o.smartComboRoutingParams = tagValues(r, 'smart combo routing param');
  }
  o.sharesAllocation = r.str();
  o.discretionaryAmt = r.double();
  o.goodAfterTime = r.str();
  o.goodTillDate = r.str();
  o.faGroup = r.str();
  o.faMethod = r.str();
  o.faPercentage = r.str();
  if (version < SERVER_VERSION.faProfileDesupport) o.faProfile = r.str();
  o.modelCode = r.str();
  o.shortSaleSlot = r.int();
  o.designatedLocation = r.str();
  o.exemptCode = r.int();
  o.ocaType = r.int();
  o.rule80A = r.str();
  o.settlingFirm = r.str();
  o.allOrNone = r.bool();
  o.minQty = r.intMax();
  o.percentOffset = r.doubleMax();
  o.eTradeOnly = r.bool();
  o.firmQuoteOnly = r.bool();
  o.nbboPriceCap = r.doubleMax();
  o.auctionStrategy = r.int();
  o.startingPrice = r.doubleMax();
  o.stockRefPrice = r.doubleMax();
  o.delta = r.doubleMax();
  o.stockRangeLower = r.doubleMax();
  o.stockRangeUpper = r.doubleMax();
  o.overridePercentageConstraints = r.bool();
  o.volatility = r.doubleMax();
  o.volatilityType = r.intMax();
  o.deltaNeutralOrderType = r.str();
  o.deltaNeutralAuxPrice = r.doubleMax();
  if (o.deltaNeutralOrderType !== '') {
    o.deltaNeutralConId = r.int();
    o.deltaNeutralSettlingFirm = r.str();
    o.deltaNeutralClearingAccount = r.str();
    o.deltaNeutralClearingIntent = r.str();
    o.deltaNeutralOpenClose = r.str();
    o.deltaNeutralShortSale = r.bool();
    o.deltaNeutralShortSaleSlot = r.int();
    o.deltaNeutralDesignatedLocation = r.str();
  }
  o.continuousUpdate = r.bool();
  o.referencePriceType = r.intMax();
  o.trailStopPrice = r.doubleMax();
  o.trailingPercent = r.doubleMax();
  o.scaleInitLevelSize = r.intMax();
  o.scaleSubsLevelSize = r.intMax();
  o.scalePriceIncrement = r.doubleMax();
  if (o.scalePriceIncrement !== undefined && o.scalePriceIncrement > 0) {
    o.scalePriceAdjustValue = r.doubleMax();
    o.scalePriceAdjustInterval = r.intMax();
    o.scaleProfitOffset = r.doubleMax();
    o.scaleAutoReset = r.bool();
    o.scaleInitPosition = r.intMax();
    o.scaleInitFillQty = r.intMax();
    o.scaleRandomPercent = r.bool();
  }
  o.scaleTable = r.str();
  o.activeStartTime = r.str();
  o.activeStopTime = r.str();
  o.hedgeType = r.str();
  if (o.hedgeType !== '') o.hedgeParam = r.str();
  o.optOutSmartRouting = r.bool();
  o.clearingAccount = r.str();
  o.clearingIntent = r.str();
  o.notHeld = r.bool();
  if (r.bool()) c.deltaNeutralContract = { conId: r.int(), delta: r.double(), price: r.double() };
  o.algoStrategy = r.str();
  if (o.algoStrategy !== '') o.algoParams = tagValues(r, 'algo param');
  o.algoId = r.str();
  o.whatIf = r.bool();
  o.orderMiscOptions = r.str();
  o.solicited = r.bool();
  o.randomizeSize = r.bool();
  o.randomizePrice = r.bool();
  if (o.orderType === 'PEG BENCH' || o.orderType === 'PEGBENCH') {
    o.referenceContractId = r.int();
    o.isPeggedChangeAmountDecrease = r.bool();
    o.peggedChangeAmount = r.double();
    o.referenceChangeAmount = r.double();
    o.referenceExchangeId = r.str();
  }
  const conditions = count(r, 'condition');
  if (conditions > 0) {
    for (let i = 0; i < conditions; i += 1) o.conditions.push(condition(r));
    o.conditionsIgnoreRth = r.bool();
    o.conditionsCancelOrder = r.bool();
  }
  o.adjustedOrderType = r.str();
  o.triggerPrice = r.doubleMax();
  o.lmtPriceOffset = r.doubleMax();
  o.adjustedStopPrice = r.doubleMax();
  o.adjustedStopLimitPrice = r.doubleMax();
  o.adjustedTrailingAmount = r.doubleMax();
  o.adjustableTrailingUnit = r.int();
  o.extOperator = r.str();
  o.softDollarTierName = r.str();
  o.softDollarTierValue = r.str();
  o.cashQty = r.doubleMax();
  o.mifid2DecisionMaker = r.str();
  o.mifid2DecisionAlgo = r.str();
  o.mifid2ExecutionTrader = r.str();
  o.mifid2ExecutionAlgo = r.str();
  o.dontUseAutoPriceForHedge = r.bool();
  o.isOmsContainer = r.bool();
  o.discretionaryUpToLimitPrice = r.bool();
  const pma = r.str().trim();
  o.usePriceMgmtAlgo = pma === '' ? undefined : pma !== '0' && pma.toLowerCase() !== 'false';
  o.duration = r.intMax();
  o.postToAts = r.intMax();
  o.autoCancelParent = r.bool();
  o.advancedErrorOverride = r.str();
  o.manualOrderTime = r.str();
  if (version >= SERVER_VERSION.pegBestPegMidOffsets) {
    if (c.exchange === 'IBKRATS') o.minTradeQty = r.intMax();
    let midOffsets = false;
    if (o.orderType === 'PEG BEST' || o.orderType === 'PEGBEST') {
      o.minCompeteSize = r.intMax();
      o.competeAgainstBestOffset = r.doubleMax();
      midOffsets = o.competeAgainstBestOffset === Number.POSITIVE_INFINITY;
    } else if (o.orderType === 'PEG MID' || o.orderType === 'PEGMID') {
      midOffsets = true;
    }
    if (midOffsets) {
      o.midOffsetAtWhole = r.doubleMax();
      o.midOffsetAtHalf = r.doubleMax();
    }
  }
  return { kind: 'placeOrder', orderId, contract: c, order: o };
}

function reqMktData(r: FieldReader): WireRequest {
  r.int(); // version 11
  const reqId = r.int();
  r.reqId = reqId;
  const contract = contractHead(r);
  if (contract.secType === 'BAG') {
    const legs = count(r, 'combo leg');
    for (let i = 0; i < legs; i += 1) {
      contract.comboLegs.push({
        conId: r.int(), ratio: r.int(), action: r.str(), exchange: r.str(), openClose: 0, shortSaleSlot: 0,
        designatedLocation: '', exemptCode: -1,
      });
    }
  }
  if (r.bool()) contract.deltaNeutralContract = { conId: r.int(), delta: r.double(), price: r.double() };
  return {
    kind: 'reqMktData', reqId, contract, genericTickList: r.str(), snapshot: r.bool(), regulatorySnapshot: r.bool(),
    mktDataOptions: r.str(),
  };
}

function reqContractDetails(r: FieldReader, version: number): WireRequest {
  r.int(); // version 8
  const reqId = r.int();
  r.reqId = reqId;
  const contract = contractHead(r);
  contract.includeExpired = r.bool();
  contract.secIdType = r.str();
  contract.secId = r.str();
  if (version >= SERVER_VERSION.bondIssuerId) contract.issuerId = r.str();
  return { kind: 'reqContractDetails', reqId, contract };
}

/** Reads a request id after the version field and remembers it for error replies. */
function versionAndReqId(r: FieldReader): number {
  r.int();
  const reqId = r.int();
  r.reqId = reqId;
  return reqId;
}

/** Decodes one frame payload (NUL-terminated fields, message id first). */
export function decodeRequest(payload: string, version: number): WireRequest {
  return decodeRequestWithRest(payload, version).request;
}

/**
 * Same, also saying how many fields were left unread: real clients may append fields we do
 * not model (ignored, as TWS does), and tests use it to prove a layout is consumed exactly.
 */
export function decodeRequestWithRest(payload: string, version: number): { request: WireRequest; unreadFields: number } {
  const r = FieldReader.fromPayload(payload);
  const request = decodeFields(r, version);
  return { request, unreadFields: r.remaining };
}

function decodeFields(r: FieldReader, version: number): WireRequest {
  const msgId = r.int();
  switch (msgId) {
    case IN.startApi:
      r.int();
      return { kind: 'startApi', clientId: r.int(), optionalCapabilities: r.remaining > 0 ? r.str() : '' };
    case IN.reqCurrentTime:
      return { kind: 'reqCurrentTime' };
    case IN.reqCurrentTimeInMillis:
      return { kind: 'reqCurrentTimeInMillis' };
    case IN.reqIds:
      r.int();
      return { kind: 'reqIds', numIds: r.int() };
    case IN.reqContractDetails:
      return reqContractDetails(r, version);
    case IN.reqMatchingSymbols: {
      const reqId = r.int();
      r.reqId = reqId;
      return { kind: 'reqMatchingSymbols', reqId, pattern: r.str() };
    }
    case IN.reqMktData:
      return reqMktData(r);
    case IN.cancelMktData:
      return { kind: 'cancelMktData', reqId: versionAndReqId(r) };
    case IN.reqMarketDataType:
      r.int();
      return { kind: 'reqMarketDataType', marketDataType: r.int() };
    case IN.placeOrder:
      return placeOrder(r, version);
    case IN.cancelOrder: {
      const orderId = versionAndReqId(r);
      // manualOrderCancelTime exists from 169; tolerate clients that omit it.
      return { kind: 'cancelOrder', orderId, manualOrderCancelTime: r.remaining > 0 ? r.str() : '' };
    }
    case IN.reqOpenOrders:
      return { kind: 'reqOpenOrders' };
    case IN.reqAllOpenOrders:
      return { kind: 'reqAllOpenOrders' };
    case IN.reqAutoOpenOrders:
      r.int();
      return { kind: 'reqAutoOpenOrders', autoBind: r.bool() };
    case IN.reqCompletedOrders:
      return { kind: 'reqCompletedOrders', apiOnly: r.bool() };
    case IN.reqExecutions: {
      const reqId = versionAndReqId(r);
      const filter = {
        clientId: r.int(), acctCode: r.str(), time: r.str(), symbol: r.str(), secType: r.str(), exchange: r.str(),
        side: r.str(),
      };
      return { kind: 'reqExecutions', reqId, filter };
    }
    case IN.reqPositions:
      return { kind: 'reqPositions' };
    case IN.cancelPositions:
      return { kind: 'cancelPositions' };
    case IN.reqAccountSummary: {
      const reqId = versionAndReqId(r);
      const group = r.str();
      const tags = r.str().split(',').map((t) => t.trim()).filter((t) => t !== '');
      return { kind: 'reqAccountSummary', reqId, group, tags };
    }
    case IN.cancelAccountSummary:
      return { kind: 'cancelAccountSummary', reqId: versionAndReqId(r) };
    case IN.reqGlobalCancel:
      return { kind: 'reqGlobalCancel' };
    case IN.reqManagedAccts:
      return { kind: 'reqManagedAccts' };
    case IN.reqAccountUpdates:
      // `6|2|subscribe|acctCode|`
      r.int();
      return { kind: 'reqAccountUpdates', subscribe: r.bool(), account: r.remaining > 0 ? r.str() : '' };
    case IN.reqAccountUpdatesMulti: {
      // `76|1|reqId|account|modelCode|ledgerAndNLV|`
      const reqId = versionAndReqId(r);
      return { kind: 'reqAccountUpdatesMulti', reqId, account: r.str(), modelCode: r.str(), ledgerAndNLV: r.bool() };
    }
    case IN.cancelAccountUpdatesMulti:
      return { kind: 'cancelAccountUpdatesMulti', reqId: versionAndReqId(r) };
    case IN.reqPositionsMulti:
    case IN.cancelPositionsMulti:
    case IN.reqPnL:
    case IN.cancelPnL:
    case IN.reqPnLSingle:
    case IN.cancelPnLSingle:
    case IN.reqUserInfo:
      return decodeAccountDataRequest(msgId, r);
    case IN.reqHistoricalData:
      return decodeReqHistoricalData(r);
    case IN.cancelHistoricalData:
      return decodeCancelHistoricalData(r);
    case IN.reqHeadTimestamp:
      return decodeReqHeadTimestamp(r);
    case IN.cancelHeadTimestamp:
      return decodeCancelHeadTimestamp(r);
    case IN.reqMarketRule:
      return decodeReqMarketRule(r);
    default:
      return { kind: 'unsupported', msgId, reqId: unsupportedRequestId(msgId, r) };
  }
}
