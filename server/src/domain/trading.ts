// The trading vocabulary shared by intake (signals, sizing, the risk gate) and execution (journal,
// routing, follow-up). `OrderIntent` is the one value that crosses between them: intake decides
// and records it, execution journals and sends it. Plain data, no IB library types.

export const SEC_TYPES = ['STK', 'FUT', 'OPT', 'CASH'] as const;
export type SecType = (typeof SEC_TYPES)[number];

export const ORDER_SIDES = ['BUY', 'SELL'] as const;
export type OrderSide = (typeof ORDER_SIDES)[number];

export const ORDER_TYPES = ['MKT', 'LMT', 'STP', 'STP LMT', 'TRAIL'] as const;
export type OrderType = (typeof ORDER_TYPES)[number];

export const TIMES_IN_FORCE = ['DAY', 'GTC', 'IOC'] as const;
export type TimeInForce = (typeof TIMES_IN_FORCE)[number];

/** Per connection (and a workspace-wide kill switch): what the risk gate lets through. */
export const TRADING_STATES = ['active', 'reduce_only', 'halted'] as const;
export type TradingState = (typeof TRADING_STATES)[number];

/**
 * A contract the workspace approved for automation, pinned by IB's conId, with the details IB gave
 * when it was approved (re-read from IB, never taken from the request).
 */
export interface ApprovedInstrument {
  id: string;
  connectionId: string;
  conId: number;
  symbol: string;
  secType: SecType;
  /** Where orders are routed (SMART for most stocks). */
  exchange: string;
  primaryExchange?: string;
  currency: string;
  /** Contract multiplier (1 for stocks and FX, e.g. 50 for ES, 100 for equity options). */
  multiplier: number;
  minTick: number;
  /** The smallest quantity step IB accepts, as its contract details say (sizeIncrement): e.g. 0.0001 for fractional-share stocks, 1 for futures, options and FX units. */
  sizeIncrement: number;
  /** Market rule (price grid) per valid exchange; see price-grid.ts. */
  marketRuleIds?: Record<string, number>;
  longName?: string;
  localSymbol?: string;
  /** Derivatives: YYYYMMDD. */
  lastTradeDate?: string;
  strike?: number;
  right?: 'C' | 'P';
  /** IB's session strings and zone, e.g. "20261201:0930-20261201:1600;20261202:CLOSED", "US/Eastern". */
  tradingHours?: string;
  liquidHours?: string;
  timeZoneId?: string;
  approvedAt: number;
}

/** How much to trade, as the signal said it (sizing turns it into a quantity). */
export type SizeSpec =
  | { qty: number }
  | { notional: number }
  | { percentOfEquity: number }
  | { riskAmount: number; stopPrice: number };

export interface BracketSpec {
  takeProfit?: { limitPrice: number };
  stopLoss?: { stopPrice: number };
}

/**
 * The order intake decided on, ready for execution: instrument resolved and approved, quantity
 * sized and rounded, prices rounded to the grid, every risk rule passed. Execution journals it
 * under `kairoxOrderId` (IB's orderRef) before sending, and never sends it after `expiresAt`.
 */
export interface OrderIntent {
  kairoxOrderId: string;
  signalId: string;
  workspaceId: string;
  connectionId: string;
  /** The IB account it is for (required when the login exposes several). */
  account: string;
  instrument: Pick<ApprovedInstrument, 'conId' | 'symbol' | 'secType' | 'exchange' | 'primaryExchange' | 'currency' | 'multiplier' | 'minTick' | 'localSymbol' | 'lastTradeDate' | 'strike' | 'right'>;
  side: OrderSide;
  quantity: number;
  orderType: OrderType;
  limitPrice?: number;
  stopPrice?: number;
  /** TRAIL: exactly one of the two. */
  trailingAmount?: number;
  trailingPercent?: number;
  tif: TimeInForce;
  outsideRth: boolean;
  bracket?: BracketSpec;
  /** Only lowers the position (REDUCE_ONLY state, `close` signals). */
  reduceOnly: boolean;
  /** Signal time + time-to-live (epoch ms): an intent not sent by then ends expired_unsent. */
  expiresAt: number;
  strategy?: string;
}
