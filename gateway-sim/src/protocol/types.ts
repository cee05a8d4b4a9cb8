// TWS-shaped values as they travel on the wire. Names follow the official clients so a
// reader can hold this file next to the protocol tables. Unset numerics are `undefined`;
// decimal quantities are kept as exact text.
import type { MarketRuleRequest } from './market-rule.ts';
import type { AccountDataRequest } from './types-account-data.ts';
import type { HistoricalRequest } from './types-history.ts';

export interface WireComboLeg {
  conId: number;
  ratio: number;
  action: string;
  exchange: string;
  openClose: number;
  shortSaleSlot: number;
  designatedLocation: string;
  exemptCode: number;
}

export interface WireDeltaNeutralContract {
  conId: number;
  delta: number;
  price: number;
}

export interface WireContract {
  conId: number;
  symbol: string;
  secType: string;
  lastTradeDateOrContractMonth: string;
  /** undefined when the client sent it empty (newer official clients do for "unset"). */
  strike: number | undefined;
  right: string;
  multiplier: string;
  exchange: string;
  primaryExchange: string;
  currency: string;
  localSymbol: string;
  tradingClass: string;
  includeExpired: boolean;
  secIdType: string;
  secId: string;
  issuerId: string;
  comboLegsDescrip: string;
  comboLegs: WireComboLeg[];
  deltaNeutralContract: WireDeltaNeutralContract | undefined;
}

export function emptyContract(overrides: Partial<WireContract> = {}): WireContract {
  return {
    conId: 0, symbol: '', secType: '', lastTradeDateOrContractMonth: '', strike: undefined, right: '',
    multiplier: '', exchange: '', primaryExchange: '', currency: '', localSymbol: '', tradingClass: '',
    includeExpired: false, secIdType: '', secId: '', issuerId: '', comboLegsDescrip: '', comboLegs: [],
    deltaNeutralContract: undefined, ...overrides,
  };
}

export interface TagValue {
  tag: string;
  value: string;
}

export type OrderCondition =
  | { type: 'price'; conjunction: string; isMore: boolean; price: number; conId: number; exchange: string; triggerMethod: number }
  | { type: 'time'; conjunction: string; isMore: boolean; time: string }
  | { type: 'margin'; conjunction: string; isMore: boolean; percent: number }
  | { type: 'execution'; conjunction: string; secType: string; exchange: string; symbol: string }
  | { type: 'volume'; conjunction: string; isMore: boolean; volume: number; conId: number; exchange: string }
  | { type: 'percentChange'; conjunction: string; isMore: boolean; changePercent: number; conId: number; exchange: string };

/** Condition type ids on the wire. */
export const CONDITION_TYPE_IDS = { price: 1, time: 3, margin: 4, execution: 5, volume: 6, percentChange: 7 } as const;

/** An order as placeOrder carries it, plus the server-assigned ids TWS echoes back. */
export interface WireOrder {
  orderId: number;
  /** Server-assigned: the placing client and the permanent id. */
  clientId: number;
  permId: number;
  action: string;
  totalQuantity: string;
  orderType: string;
  lmtPrice: number | undefined;
  auxPrice: number | undefined;
  tif: string;
  ocaGroup: string;
  account: string;
  openClose: string;
  origin: number;
  orderRef: string;
  transmit: boolean;
  parentId: number;
  blockOrder: boolean;
  sweepToFill: boolean;
  displaySize: number | undefined;
  triggerMethod: number;
  outsideRth: boolean;
  hidden: boolean;
  orderComboLegPrices: (number | undefined)[];
  smartComboRoutingParams: TagValue[];
  sharesAllocation: string;
  discretionaryAmt: number;
  goodAfterTime: string;
  goodTillDate: string;
  faGroup: string;
  faMethod: string;
  faPercentage: string;
  faProfile: string;
  modelCode: string;
  shortSaleSlot: number;
  designatedLocation: string;
  exemptCode: number;
  ocaType: number;
  rule80A: string;
  settlingFirm: string;
  allOrNone: boolean;
  minQty: number | undefined;
  percentOffset: number | undefined;
  eTradeOnly: boolean;
  firmQuoteOnly: boolean;
  nbboPriceCap: number | undefined;
  auctionStrategy: number;
  startingPrice: number | undefined;
  stockRefPrice: number | undefined;
  delta: number | undefined;
  stockRangeLower: number | undefined;
  stockRangeUpper: number | undefined;
  overridePercentageConstraints: boolean;
  volatility: number | undefined;
  volatilityType: number | undefined;
  deltaNeutralOrderType: string;
  deltaNeutralAuxPrice: number | undefined;
  deltaNeutralConId: number;
  deltaNeutralSettlingFirm: string;
  deltaNeutralClearingAccount: string;
  deltaNeutralClearingIntent: string;
  deltaNeutralOpenClose: string;
  deltaNeutralShortSale: boolean;
  deltaNeutralShortSaleSlot: number;
  deltaNeutralDesignatedLocation: string;
  continuousUpdate: boolean;
  referencePriceType: number | undefined;
  trailStopPrice: number | undefined;
  trailingPercent: number | undefined;
  scaleInitLevelSize: number | undefined;
  scaleSubsLevelSize: number | undefined;
  scalePriceIncrement: number | undefined;
  scalePriceAdjustValue: number | undefined;
  scalePriceAdjustInterval: number | undefined;
  scaleProfitOffset: number | undefined;
  scaleAutoReset: boolean;
  scaleInitPosition: number | undefined;
  scaleInitFillQty: number | undefined;
  scaleRandomPercent: boolean;
  scaleTable: string;
  activeStartTime: string;
  activeStopTime: string;
  hedgeType: string;
  hedgeParam: string;
  optOutSmartRouting: boolean;
  clearingAccount: string;
  clearingIntent: string;
  notHeld: boolean;
  algoStrategy: string;
  algoParams: TagValue[];
  algoId: string;
  whatIf: boolean;
  orderMiscOptions: string;
  solicited: boolean;
  randomizeSize: boolean;
  randomizePrice: boolean;
  referenceContractId: number;
  isPeggedChangeAmountDecrease: boolean;
  peggedChangeAmount: number;
  referenceChangeAmount: number;
  referenceExchangeId: string;
  conditions: OrderCondition[];
  conditionsIgnoreRth: boolean;
  conditionsCancelOrder: boolean;
  adjustedOrderType: string;
  triggerPrice: number | undefined;
  lmtPriceOffset: number | undefined;
  adjustedStopPrice: number | undefined;
  adjustedStopLimitPrice: number | undefined;
  adjustedTrailingAmount: number | undefined;
  adjustableTrailingUnit: number;
  extOperator: string;
  softDollarTierName: string;
  softDollarTierValue: string;
  softDollarTierDisplayName: string;
  cashQty: number | undefined;
  mifid2DecisionMaker: string;
  mifid2DecisionAlgo: string;
  mifid2ExecutionTrader: string;
  mifid2ExecutionAlgo: string;
  dontUseAutoPriceForHedge: boolean;
  isOmsContainer: boolean;
  discretionaryUpToLimitPrice: boolean;
  /** Tri-state on the wire: empty (default) / 0 / 1. */
  usePriceMgmtAlgo: boolean | undefined;
  duration: number | undefined;
  postToAts: number | undefined;
  autoCancelParent: boolean;
  advancedErrorOverride: string;
  manualOrderTime: string;
  minTradeQty: number | undefined;
  minCompeteSize: number | undefined;
  competeAgainstBestOffset: number | undefined;
  midOffsetAtWhole: number | undefined;
  midOffsetAtHalf: number | undefined;
}

/** The defaults of the official clients' Order(), i.e. what a decoded plain order looks like. */
export function defaultOrder(overrides: Partial<WireOrder> = {}): WireOrder {
  return {
    orderId: 0, clientId: 0, permId: 0, action: '', totalQuantity: '', orderType: '', lmtPrice: undefined,
    auxPrice: undefined, tif: '', ocaGroup: '', account: '', openClose: '', origin: 0, orderRef: '', transmit: true,
    parentId: 0, blockOrder: false, sweepToFill: false, displaySize: 0, triggerMethod: 0, outsideRth: false,
    hidden: false, orderComboLegPrices: [], smartComboRoutingParams: [], sharesAllocation: '', discretionaryAmt: 0,
    goodAfterTime: '', goodTillDate: '', faGroup: '', faMethod: '', faPercentage: '', faProfile: '', modelCode: '',
    shortSaleSlot: 0, designatedLocation: '', exemptCode: -1, ocaType: 0, rule80A: '', settlingFirm: '',
    allOrNone: false, minQty: undefined, percentOffset: undefined, eTradeOnly: false, firmQuoteOnly: false,
    nbboPriceCap: undefined, auctionStrategy: 0, startingPrice: undefined, stockRefPrice: undefined, delta: undefined,
    stockRangeLower: undefined, stockRangeUpper: undefined, overridePercentageConstraints: false, volatility: undefined,
    volatilityType: undefined, deltaNeutralOrderType: '', deltaNeutralAuxPrice: undefined, deltaNeutralConId: 0,
    deltaNeutralSettlingFirm: '', deltaNeutralClearingAccount: '', deltaNeutralClearingIntent: '',
    deltaNeutralOpenClose: '', deltaNeutralShortSale: false, deltaNeutralShortSaleSlot: 0,
    deltaNeutralDesignatedLocation: '', continuousUpdate: false, referencePriceType: undefined,
    trailStopPrice: undefined, trailingPercent: undefined, scaleInitLevelSize: undefined, scaleSubsLevelSize: undefined,
    scalePriceIncrement: undefined, scalePriceAdjustValue: undefined, scalePriceAdjustInterval: undefined,
    scaleProfitOffset: undefined, scaleAutoReset: false, scaleInitPosition: undefined, scaleInitFillQty: undefined,
    scaleRandomPercent: false, scaleTable: '', activeStartTime: '', activeStopTime: '', hedgeType: '', hedgeParam: '',
    optOutSmartRouting: false, clearingAccount: '', clearingIntent: '', notHeld: false, algoStrategy: '',
    algoParams: [], algoId: '', whatIf: false, orderMiscOptions: '', solicited: false, randomizeSize: false,
    randomizePrice: false, referenceContractId: 0, isPeggedChangeAmountDecrease: false, peggedChangeAmount: 0,
    referenceChangeAmount: 0, referenceExchangeId: '', conditions: [], conditionsIgnoreRth: false,
    conditionsCancelOrder: false, adjustedOrderType: '', triggerPrice: undefined, lmtPriceOffset: undefined,
    adjustedStopPrice: undefined, adjustedStopLimitPrice: undefined, adjustedTrailingAmount: undefined,
    adjustableTrailingUnit: 0, extOperator: '', softDollarTierName: '', softDollarTierValue: '',
    softDollarTierDisplayName: '', cashQty: undefined, mifid2DecisionMaker: '', mifid2DecisionAlgo: '',
    mifid2ExecutionTrader: '', mifid2ExecutionAlgo: '', dontUseAutoPriceForHedge: false, isOmsContainer: false,
    discretionaryUpToLimitPrice: false, usePriceMgmtAlgo: undefined, duration: undefined, postToAts: undefined,
    autoCancelParent: false, advancedErrorOverride: '', manualOrderTime: '', minTradeQty: undefined,
    minCompeteSize: undefined, competeAgainstBestOffset: undefined, midOffsetAtWhole: undefined,
    midOffsetAtHalf: undefined, ...overrides,
  };
}

export interface ExecutionFilter {
  clientId: number;
  acctCode: string;
  time: string;
  symbol: string;
  secType: string;
  exchange: string;
  side: string;
}

/** Every client → server request of the simulator's subset, decoded. */
export type WireRequest =
  | { kind: 'startApi'; clientId: number; optionalCapabilities: string }
  | { kind: 'reqCurrentTime' }
  | { kind: 'reqCurrentTimeInMillis' }
  | { kind: 'reqIds'; numIds: number }
  | { kind: 'reqContractDetails'; reqId: number; contract: WireContract }
  | { kind: 'reqMatchingSymbols'; reqId: number; pattern: string }
  | { kind: 'reqMktData'; reqId: number; contract: WireContract; genericTickList: string; snapshot: boolean; regulatorySnapshot: boolean; mktDataOptions: string }
  | { kind: 'cancelMktData'; reqId: number }
  | { kind: 'reqMarketDataType'; marketDataType: number }
  | { kind: 'placeOrder'; orderId: number; contract: WireContract; order: WireOrder }
  | { kind: 'cancelOrder'; orderId: number; manualOrderCancelTime: string }
  | { kind: 'reqOpenOrders' }
  | { kind: 'reqAllOpenOrders' }
  | { kind: 'reqAutoOpenOrders'; autoBind: boolean }
  | { kind: 'reqCompletedOrders'; apiOnly: boolean }
  | { kind: 'reqExecutions'; reqId: number; filter: ExecutionFilter }
  | { kind: 'reqPositions' }
  | { kind: 'cancelPositions' }
  | { kind: 'reqAccountSummary'; reqId: number; group: string; tags: string[] }
  | { kind: 'cancelAccountSummary'; reqId: number }
  | { kind: 'reqGlobalCancel' }
  | { kind: 'reqManagedAccts' }
  /** `account` empty = the (first) managed account. */
  | { kind: 'reqAccountUpdates'; subscribe: boolean; account: string }
  | { kind: 'reqAccountUpdatesMulti'; reqId: number; account: string; modelCode: string; ledgerAndNLV: boolean }
  | { kind: 'cancelAccountUpdatesMulti'; reqId: number }
  | AccountDataRequest
  | HistoricalRequest
  | MarketRuleRequest
  /** A valid frame whose message id the simulator does not implement. */
  | { kind: 'unsupported'; msgId: number; reqId: number | undefined };

export type WireRequestKind = WireRequest['kind'];

// ---- server → client views: plain inputs for the encoders ----

/** What TWS reports about an order's state in openOrder. */
export interface OrderStateView {
  status: string;
  initMarginBefore: string;
  maintMarginBefore: string;
  equityWithLoanBefore: string;
  initMarginChange: string;
  maintMarginChange: string;
  equityWithLoanChange: string;
  initMarginAfter: string;
  maintMarginAfter: string;
  equityWithLoanAfter: string;
  commission: number | undefined;
  minCommission: number | undefined;
  maxCommission: number | undefined;
  commissionCurrency: string;
  warningText: string;
}

export interface OpenOrderView {
  contract: WireContract;
  order: WireOrder;
  state: OrderStateView;
}

export interface CompletedOrderView {
  contract: WireContract;
  order: WireOrder;
  status: string;
  filledQuantity: string;
  completedTime: string;
  completedStatus: string;
}

export interface OrderStatusView {
  orderId: number;
  status: string;
  filled: string;
  remaining: string;
  avgFillPrice: number;
  permId: number;
  parentId: number;
  lastFillPrice: number;
  clientId: number;
  whyHeld: string;
  mktCapPrice: number;
}

export interface ExecutionView {
  orderId: number;
  contract: WireContract;
  execId: string;
  time: string;
  acctNumber: string;
  exchange: string;
  side: string;
  shares: string;
  price: number;
  permId: number;
  clientId: number;
  liquidation: number;
  cumQty: string;
  avgPrice: number;
  orderRef: string;
  evRule: string;
  evMultiplier: number | undefined;
  modelCode: string;
  lastLiquidity: number;
  pendingPriceRevision: boolean;
}

export interface CommissionReportView {
  execId: string;
  commission: number;
  currency: string;
  realizedPNL: number | undefined;
  yield: number | undefined;
  yieldRedemptionDate: number | undefined;
}

export interface PositionView {
  account: string;
  contract: WireContract;
  position: string;
  avgCost: number;
}

/** One account value, as updateAccountValue (6) and accountUpdateMulti (73) carry it. */
export interface AccountValueView {
  key: string;
  value: string;
  currency: string;
  account: string;
}

/** portfolioValue (7): a position with its market value and P&L. */
export interface PortfolioValueView {
  contract: WireContract;
  position: string;
  marketPrice: number;
  marketValue: number;
  averageCost: number;
  unrealizedPnl: number;
  realizedPnl: number;
  account: string;
}

export interface AccountSummaryView {
  reqId: number;
  account: string;
  tag: string;
  value: string;
  currency: string;
}

export interface ContractDetailsView {
  contract: WireContract;
  marketName: string;
  minTick: number;
  orderTypes: string;
  validExchanges: string;
  priceMagnifier: number;
  underConId: number;
  longName: string;
  contractMonth: string;
  industry: string;
  category: string;
  subcategory: string;
  timeZoneId: string;
  tradingHours: string;
  liquidHours: string;
  evRule: string;
  evMultiplier: number | undefined;
  secIdList: TagValue[];
  aggGroup: number;
  underSymbol: string;
  underSecType: string;
  marketRuleIds: string;
  realExpirationDate: string;
  stockType: string;
  minSize: string;
  sizeIncrement: string;
  suggestedSizeIncrement: string;
}

export interface ContractDescriptionView {
  conId: number;
  symbol: string;
  secType: string;
  primaryExchange: string;
  currency: string;
  derivativeSecTypes: string[];
  description: string;
  issuerId: string;
}
