// What the risk gate judges: the order intake is about to make, and everything known about the
// account at that moment. Plain data gathered by the caller (intake) from IB and storage; the gate
// reads no clock and does no I/O, so `now` and every amount come in here.
import type { ApprovedInstrument, OrderSide, OrderType, TradingState } from '../domain/index.ts';

/** The instrument as approved, with the details the rules need (sessions, expiry, multiplier). */
export type RiskInstrument = Pick<ApprovedInstrument,
  'conId' | 'symbol' | 'secType' | 'currency' | 'multiplier' | 'lastTradeDate' | 'liquidHours' | 'tradingHours' | 'timeZoneId'>;

/** The OrderIntent-to-be: sized and priced, not yet approved. Prices are in the instrument's currency. */
export interface RiskOrder {
  side: OrderSide;
  /** Positive, in the instrument's units (shares, contracts, currency units). */
  quantity: number;
  orderType: OrderType;
  limitPrice?: number;
  stopPrice?: number;
  outsideRth: boolean;
  /** The order may only lower the position (a `close` signal). */
  reduceOnly: boolean;
  instrument: RiskInstrument;
}

/** IB's account values, in the account's base currency. */
export interface RiskAccount {
  netLiquidation: number;
  availableFunds: number;
  /** The base currency, e.g. "USD": the unit of every money limit. */
  currency: string;
}

/** A position IB reports; `quantity` is signed (negative = short). */
export interface RiskPosition {
  conId: number;
  symbol: string;
  secType: ApprovedInstrument['secType'];
  quantity: number;
  /** Signed market value, converted to the account's base currency by the caller. */
  marketValue: number;
}

/** A working order of this connection (Kairox's or not) that may still fill. */
export interface RiskOpenOrder {
  conId: number;
  side: OrderSide;
  /** What is still to fill, positive. */
  remainingQuantity: number;
}

export interface RiskUsage {
  /** Orders accepted in the 60 seconds before `now`, this one not included. */
  ordersLastMinute: number;
  /** Orders accepted today, this one not included. */
  ordersToday: number;
  /** IB's P&L of the day in the account's base currency; absent when IB has not said (the check then denies). */
  dailyPnl?: { realized: number; unrealized: number };
}

/** A signal received earlier, for duplicate suppression. */
export interface RecentSignal {
  fingerprint: string;
  /** Epoch ms. */
  receivedAt: number;
}

export interface RiskSignal {
  /** When the sender says the signal was made (epoch ms). */
  time: number;
  /** The signal's own time-to-live; the policy's default applies when absent. */
  ttlSeconds?: number;
  /** Identifies "the same signal again" (e.g. a hash of the body without its idempotency key). */
  fingerprint: string;
}

export interface RiskContext {
  order: RiskOrder;
  /** The current price per unit in the instrument's currency (market data); absent when none is known. */
  referencePrice?: number;
  /**
   * Account base currency per one unit of the instrument's currency (e.g. 1.08 USD per EUR).
   * Needed when the two differ; money checks deny when it is missing.
   */
  fxRate?: number;
  account: RiskAccount;
  positions: readonly RiskPosition[];
  openOrders: readonly RiskOpenOrder[];
  usage: RiskUsage;
  /** Signals of this connection received within the duplicate window (older ones may be left out). */
  recentSignals: readonly RecentSignal[];
  /** The connection's trading state. */
  tradingState: TradingState;
  /** The workspace kill switch: halts every connection of the workspace. */
  workspaceHalted: boolean;
  /** Epoch ms: the gate's only notion of time. */
  now: number;
  signal: RiskSignal;
}
