// The instrument model shared by the catalogue, the contract resolver and the price model.

export type SecType = 'STK' | 'FUT' | 'OPT' | 'CASH';
export type Right = '' | 'C' | 'P';

/**
 * What market data a (paper) account gets for an instrument, mapped by the server to TWS codes:
 * realtime → live ticks; delayed → 10167 then delayed ticks; none → 354;
 * additional → 10089 (an extra subscription is needed; delayed data is available).
 */
export type MarketDataAccess = 'realtime' | 'delayed' | 'none' | 'additional';

/**
 * A weekly session rule in the instrument's time zone. `open`/`close` are `HHmm`. When `overnight`
 * is true the session opens on the previous calendar day (CME Globex: 17:00 the day before → 16:00).
 * `days` are the weekdays (0 = Sunday … 6 = Saturday) on which a session *closes*.
 */
export interface SessionRule {
  open: string;
  close: string;
  overnight: boolean;
  days: readonly number[];
}

export interface SecId {
  tag: string;
  value: string;
}

/** One tradable contract with everything contractData (§4.5.4) needs, plus simulation inputs. */
export interface Instrument {
  conId: number;
  symbol: string;
  secType: SecType;
  /** `YYYYMMDD` last trade date for FUT/OPT, empty otherwise. */
  lastTradeDateOrContractMonth: string;
  /** `HH:mm` last trade time (local to timeZoneId) for FUT/OPT, empty otherwise. */
  lastTradeTime: string;
  /** `YYYYMM` for derivatives, empty otherwise. */
  contractMonth: string;
  strike: number;
  right: Right;
  /** As IB writes it: empty for stocks and FX, '50' for ES, '100' for options. */
  multiplier: string;
  /** Routing exchange used in queries and orders: SMART, CME, NYMEX, IDEALPRO… */
  exchange: string;
  primaryExchange: string;
  currency: string;
  localSymbol: string;
  tradingClass: string;
  marketName: string;
  minTick: number;
  priceMagnifier: number;
  underConId: number;
  underSymbol: string;
  underSecType: string;
  longName: string;
  industry: string;
  category: string;
  subcategory: string;
  /** TWS time zone id (e.g. US/Eastern); see market/hours.ts for the IANA mapping. */
  timeZoneId: string;
  validExchanges: readonly string[];
  orderTypes: readonly string[];
  secIds: readonly SecId[];
  stockType: string;
  minSize: string;
  sizeIncrement: string;
  suggestedSizeIncrement: string;
  aggGroup: number;
  marketRuleIds: string;
  realExpirationDate: string;
  marketData: MarketDataAccess;
  tradingSession: SessionRule;
  liquidSession: SessionRule;
  /** Reference price the random walk starts from and is pulled back towards. */
  refPrice: number;
  /** Annualised volatility used by the price walk (and option pricing). */
  volatility: number;
}

/** contractData's full content: the instrument plus its generated hours strings. */
export interface ContractDetails extends Instrument {
  /** TWS format `yyyyMMdd:HHmm-yyyyMMdd:HHmm;…`, `yyyyMMdd:CLOSED` for days without a session. */
  tradingHours: string;
  liquidHours: string;
}

/**
 * A contract as a client describes it (placeOrder / reqContractDetails / reqMktData). Fields that are
 * absent, empty, 0 or `?` (TWS's "unset" spellings) do not constrain the match, so the server can pass
 * decoded wire values straight through.
 */
export interface ContractQuery {
  conId?: number;
  symbol?: string;
  secType?: string;
  lastTradeDateOrContractMonth?: string;
  strike?: number;
  right?: string;
  multiplier?: string;
  exchange?: string;
  primaryExchange?: string;
  currency?: string;
  localSymbol?: string;
  tradingClass?: string;
  secIdType?: string;
  secId?: string;
  includeExpired?: boolean;
}

/** A top-of-book snapshot with the day's statistics, prices snapped to minTick. */
export interface Quote {
  conId: number;
  /** Simulated time of the last price step. */
  time: number;
  bid: number;
  ask: number;
  bidSize: number;
  askSize: number;
  /** Last trade; undefined for FX (IDEALPRO reports no trades). */
  last: number | undefined;
  lastSize: number;
  /** Epoch seconds of the last trade (tick type 45). */
  lastTimestamp: number;
  volume: number;
  high: number;
  low: number;
  open: number;
  /** The previous session's close. */
  close: number;
  halted: boolean;
  /** True while the instrument's trading session (not just liquid hours) is open. */
  tradingOpen: boolean;
  /** True during liquid (regular) hours. */
  liquidOpen: boolean;
}
