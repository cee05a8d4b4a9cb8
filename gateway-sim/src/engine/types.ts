// Public types of the matching engine: what goes in (orders, queries) and what comes out (events,
// views). Every view is a plain, JSON-safe copy taken at the moment of the event.
import type { ContractQuery, Instrument, Quote } from '../market/types.ts';

export type Action = 'BUY' | 'SELL' | 'SSHORT';
export type Side = 'BOT' | 'SLD';

/** The TWS order-status vocabulary (§4.5.8). */
export type OrderStatus =
  | 'ApiPending'
  | 'PendingSubmit'
  | 'PendingCancel'
  | 'PreSubmitted'
  | 'Submitted'
  | 'ApiCancelled'
  | 'Cancelled'
  | 'Filled'
  | 'Inactive';

export type AccountMode = 'paper' | 'live';

/**
 * An order as placeOrder carries it, reduced to what the engine acts on. Strings are as on the wire
 * (`orderType` 'STP LMT', `tif` '' = DAY). Prices absent/undefined = unset. `passthrough` is echoed
 * back untouched in every OrderView so the server can keep fields the engine does not model.
 */
export interface OrderInput {
  action: string;
  totalQuantity: number;
  orderType: string;
  lmtPrice?: number | undefined;
  auxPrice?: number | undefined;
  tif?: string;
  ocaGroup?: string;
  /** 1 = cancel the rest on fill; 2/3 = reduce the rest by the filled size; 0 treated as 1. */
  ocaType?: number;
  account?: string;
  orderRef?: string;
  /** false stages the order: nothing happens until an order of its group arrives with transmit=true. */
  transmit?: boolean;
  parentId?: number;
  outsideRth?: boolean;
  hidden?: boolean;
  displaySize?: number;
  /** TRAIL: trailing percent (auxPrice carries the trailing amount instead). */
  trailingPercent?: number | undefined;
  /** TRAIL: initial stop price (optional; computed from the market otherwise). */
  trailStopPrice?: number | undefined;
  goodTillDate?: string;
  whatIf?: boolean;
  passthrough?: Readonly<Record<string, unknown>>;
}

/** The order fields the engine stores and the wire views carry alike (state.ts keeps the rest). */
export interface OrderTerms {
  orderId: number;
  clientId: number;
  permId: number;
  parentId: number;
  account: string;
  action: Action;
  totalQuantity: number;
  orderType: string;
  /** Unset prices are undefined (TWS writes 0.0 for them in openOrder). */
  lmtPrice: number | undefined;
  auxPrice: number | undefined;
  tif: string;
  ocaGroup: string;
  ocaType: number;
  orderRef: string;
  transmit: boolean;
  outsideRth: boolean;
  hidden: boolean;
  displaySize: number | undefined;
  trailingPercent: number | undefined;
  /** Current stop level of a TRAIL order (moves with the market), or the stop of a triggered STP. */
  trailStopPrice: number | undefined;
  goodTillDate: string;
  status: OrderStatus;
  filled: number;
  remaining: number;
  avgFillPrice: number;
  lastFillPrice: number;
  /** Commission charged so far (sum over fills), undefined before the first fill. */
  commission: number | undefined;
  warningText: string;
  /** Set when the order reached a terminal state: `yyyyMMdd HH:mm:ss America/New_York`. */
  completedTime: string;
  /** e.g. `Filled`, `Cancelled by Trader`, `Cancelled by System`, or the rejection reason. */
  completedStatus: string;
  /** Simulated epoch ms when the order was accepted. */
  placedAt: number;
}

export interface OrderView extends OrderTerms {
  /** permId of the parent, undefined without parent. */
  parentPermId: number | undefined;
  instrument: Instrument;
  whatIf: boolean;
  passthrough: Readonly<Record<string, unknown>>;
  commissionCurrency: string;
  whyHeld: string;
  mktCapPrice: number;
}

/** Everything orderStatus (§4.5.8) carries. */
export interface OrderStatusReport {
  orderId: number;
  status: OrderStatus;
  filled: number;
  remaining: number;
  avgFillPrice: number;
  permId: number;
  parentId: number;
  lastFillPrice: number;
  clientId: number;
  whyHeld: string;
  mktCapPrice: number;
}

/** Margin and commission answer to a whatIf order (openOrder #95–#107). */
export interface WhatIfResult {
  initMarginBefore: number;
  maintMarginBefore: number;
  equityWithLoanBefore: number;
  initMarginChange: number;
  maintMarginChange: number;
  equityWithLoanChange: number;
  initMarginAfter: number;
  maintMarginAfter: number;
  equityWithLoanAfter: number;
  commission: number;
  minCommission: number;
  maxCommission: number;
  commissionCurrency: string;
  marginCurrency: string;
  warningText: string;
}

/** Everything execDetails (§4.5.10) carries besides the reqId. */
export interface ExecutionView {
  execId: string;
  orderId: number;
  clientId: number;
  permId: number;
  instrument: Instrument;
  /** Execution venue (not SMART), e.g. ISLAND, NYSE, CME, IDEALPRO. */
  exchange: string;
  /** `yyyyMMdd HH:mm:ss US/Eastern`… in the IANA spelling `America/New_York` (ib_async needs IANA). */
  time: string;
  /** Simulated epoch ms of the fill. */
  timeMs: number;
  account: string;
  side: Side;
  shares: number;
  price: number;
  liquidation: number;
  cumQty: number;
  avgPrice: number;
  orderRef: string;
  /** 1 added, 2 removed, 3 routed out. */
  lastLiquidity: number;
}

export interface CommissionReport {
  execId: string;
  commission: number;
  currency: string;
  /** undefined when the execution opened or increased a position (TWS sends the double sentinel). */
  realizedPnl: number | undefined;
}

export interface PositionView {
  account: string;
  instrument: Instrument;
  /** Signed quantity. */
  position: number;
  /** Per unit, commission included, multiplier included for derivatives (as IB reports it). */
  avgCost: number;
  marketPrice: number;
  marketValue: number;
  unrealizedPnl: number;
  realizedPnl: number;
}

/** Account values as accountSummary tags (money in the base currency, USD). */
export interface AccountValues {
  account: string;
  currency: string;
  AccountType: string;
  NetLiquidation: number;
  TotalCashValue: number;
  SettledCash: number;
  AccruedCash: number;
  BuyingPower: number;
  EquityWithLoanValue: number;
  PreviousDayEquityWithLoanValue: number;
  GrossPositionValue: number;
  RegTEquity: number;
  RegTMargin: number;
  SMA: number;
  InitMarginReq: number;
  MaintMarginReq: number;
  AvailableFunds: number;
  ExcessLiquidity: number;
  Cushion: number;
  FullInitMarginReq: number;
  FullMaintMarginReq: number;
  FullAvailableFunds: number;
  FullExcessLiquidity: number;
  LookAheadNextChange: number;
  LookAheadInitMarginReq: number;
  LookAheadMaintMarginReq: number;
  LookAheadAvailableFunds: number;
  LookAheadExcessLiquidity: number;
  HighestSeverity: number;
  DayTradesRemaining: number;
  Leverage: number;
  RealizedPnL: number;
  UnrealizedPnL: number;
}

/** reqExecutions filter (§4.3): empty string / 0 = no constraint. `time` is `yyyyMMdd[-| ]HH:mm:ss`. */
export interface ExecutionFilter {
  clientId?: number;
  acctCode?: string;
  time?: string;
  symbol?: string;
  secType?: string;
  exchange?: string;
  side?: string;
}

/**
 * Events, emitted synchronously and in order. An event raised while listeners are running (for
 * example by a listener placing an order) is queued and delivered after the current one, so every
 * listener sees the same global order. `clientId` is the API client the message belongs to (the
 * order's owner).
 *
 * Order of a market order that fills at once:
 *   openOrder(PreSubmitted), orderStatus(PreSubmitted), execution, openOrder(Filled),
 *   orderStatus(Filled), commissionReport, position, accountValues.
 * Cancel: orderStatus(PendingCancel), orderStatus(Cancelled), error 202.
 */
export type EngineEvent =
  | { type: 'openOrder'; clientId: number; order: OrderView; whatIf: WhatIfResult | undefined }
  | { type: 'orderStatus'; clientId: number; status: OrderStatusReport }
  | { type: 'execution'; clientId: number; execution: ExecutionView }
  | { type: 'commissionReport'; clientId: number; report: CommissionReport }
  /** An error/notice for one client: id is the orderId (or -1). */
  | { type: 'error'; clientId: number; id: number; code: number; message: string; advancedOrderRejectJson: string }
  | { type: 'position'; position: PositionView }
  | { type: 'accountValues'; values: AccountValues }
  /** A price step of an instrument someone watches (see Engine.watchQuotes). */
  | { type: 'quote'; quote: Quote }
  /** New values of a P&L subscription (see Engine.watchPnl), at most once per simulated second. */
  | { type: 'pnl'; watchId: number; report: PnlReport };

export type EngineEventType = EngineEvent['type'];

/** What placeOrder did, for callers that want a direct answer besides the events. */
export type PlaceOutcome =
  | { kind: 'accepted'; permId: number }
  | { kind: 'modified'; permId: number }
  | { kind: 'staged' }
  | { kind: 'whatIf'; result: WhatIfResult }
  | { kind: 'rejected'; code: number; message: string };

export type CancelOutcome = { kind: 'cancelled' } | { kind: 'rejected'; code: number; message: string };

export type { ContractQuery };

// --- P&L (reqPnL / reqPnLSingle; see pnl.ts for what "daily" means) ------------------------------

/** Account P&L in USD: today's change in value, open positions' unrealized P&L, today's realized P&L. */
export interface PnlValues {
  dailyPnL: number;
  unrealizedPnL: number;
  realizedPnL: number;
}

/** One position's P&L in USD; `realizedPnL` is unset (undefined) when it was not traded today. */
export interface PnlSingleValues {
  position: number;
  dailyPnL: number;
  unrealizedPnL: number;
  realizedPnL: number | undefined;
  /** Market value of the position. */
  value: number;
}

/** What a P&L subscription follows: accounts (summed) and, for reqPnLSingle, one instrument. */
export interface PnlTarget {
  accounts: readonly string[];
  conId?: number;
}

export type PnlReport = { kind: 'account'; values: PnlValues } | { kind: 'single'; values: PnlSingleValues };

export interface PnlWatchHandle {
  /** Carried by the subscription's `pnl` events. */
  id: number;
  /** The values now: the subscription's first answer. */
  initial: PnlReport;
  stop(): void;
}
