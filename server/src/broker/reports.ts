// What a session tells the rest of Kairox. Plain data, no library types: the orders module
// decides an order's state from these; the session never does.
import type { IbCodeInfo, OrderWhatIf, SessionEvent, SessionState, TradingMode } from '../domain/index.ts';

export interface ContractRef {
  conId?: number;
  symbol?: string;
  secType?: string;
  exchange?: string;
  primaryExchange?: string;
  currency?: string;
  localSymbol?: string;
  /** Derivatives: YYYYMM or YYYYMMDD. */
  expiry?: string;
  strike?: number;
  right?: 'C' | 'P';
  multiplier?: string;
  tradingClass?: string;
}

export interface OpenOrderReport { kind: 'openOrder'; orderId: number; permId?: number; clientId?: number; orderRef?: string; account?: string; contract: ContractRef; action?: string; quantity?: number; orderType?: string; limitPrice?: number; auxPrice?: number; tif?: string; status?: string }
export interface OrderStatusReport { kind: 'orderStatus'; orderId: number; status: string; filled: number; remaining: number; avgFillPrice: number; lastFillPrice?: number; permId?: number; parentId?: number; clientId?: number; whyHeld?: string }
export interface CompletedOrderReport { kind: 'completedOrder'; orderId?: number; permId?: number; orderRef?: string; account?: string; contract: ContractRef; status?: string; filledQuantity?: number }
export interface ExecutionReport { kind: 'execution'; execId: string; orderId?: number; permId?: number; orderRef?: string; account?: string; contract: ContractRef; side?: string; shares?: number; price?: number; cumQty?: number; avgPrice?: number; time?: string }
export interface CommissionReportData { kind: 'commission'; execId: string; commission?: number; currency?: string; realizedPnl?: number }
export interface PositionReport { kind: 'position'; account: string; contract: ContractRef; position: number; avgCost?: number }
export interface AccountValueReport { kind: 'accountValue'; account: string; tag: string; value: string; currency: string }
/** IB's what-if answer (domain's OrderWhatIf): an openOrder with whatIf=1, never published as a report. */
export type WhatIfAnswer = OrderWhatIf;
export interface OrderErrorReport { kind: 'orderError'; orderId: number; code: number; message: string; info: IbCodeInfo }
export interface NoticeReport { kind: 'notice'; code: number; message: string; info: IbCodeInfo }

/**
 * P&L of an account (reqPnL), in the account's base currency, pushed while it changes. Daily is the
 * change since the day started, realized is today's; each is undefined where IB says "unset".
 */
export interface AccountPnlReport { kind: 'accountPnl'; account: string; modelCode?: string; daily?: number; unrealized?: number; realized?: number }
/** P&L of one position (reqPnLSingle), base currency; `value` is the position's market value. Undefined where IB says "unset". */
export interface PositionPnlReport { kind: 'positionPnl'; account: string; conId: number; position: number; daily?: number; unrealized?: number; realized?: number; value?: number }
/** IB refused or ended a P&L subscription (321 unknown account, 200 unknown contract, ...): no more updates come. Published once. */
export interface PnlSubscriptionFailedReport {
  kind: 'pnlSubscriptionFailed';
  subscription: 'accountPnl' | 'positionPnl';
  account: string;
  modelCode?: string;
  conId?: number;
  code: number;
  message: string;
  info: IbCodeInfo;
}

/**
 * One historical bar (reqHistoricalData). `time` is the bar's start in epoch ms; a daily bar's is
 * its session date at 00:00 UTC (IB sends daily bars as dates, not instants). volume, wap and count
 * are absent where IB sends none (bid / ask / midpoint bars).
 */
export interface HistoricalBar { time: number; open: number; high: number; low: number; close: number; volume?: number; wap?: number; count?: number }
/** A keepUpToDate subscription's bar as it changes: the current bar again and again, then the next one. */
export interface BarUpdateReport { kind: 'barUpdate'; subscriptionId: number; contract: ContractRef; barSize: string; whatToShow: string; bar: HistoricalBar }
/** A keepUpToDate subscription ended without being unsubscribed (IB's error on its id, the connection lost): no more updates come. */
export interface BarSubscriptionEndedReport { kind: 'barSubscriptionEnded'; subscriptionId: number; reason: string; code?: number; message?: string }

export interface ReconciliationSnapshot {
  takenAt: number;
  accounts: string[];
  openOrders: OpenOrderReport[];
  orderStatuses: OrderStatusReport[];
  completedOrders: CompletedOrderReport[];
  executions: ExecutionReport[];
  commissions: CommissionReportData[];
  positions: PositionReport[];
  accountValues: AccountValueReport[];
}
export interface ReconciliationReport { kind: 'reconciliation'; snapshot: ReconciliationSnapshot }

export type BrokerReport =
  | OpenOrderReport | OrderStatusReport | CompletedOrderReport | ExecutionReport | CommissionReportData
  | PositionReport | AccountValueReport | OrderErrorReport | NoticeReport | ReconciliationReport
  | AccountPnlReport | PositionPnlReport | PnlSubscriptionFailedReport
  | BarUpdateReport | BarSubscriptionEndedReport;

/**
 * Where a published report came from: the session's connection attempt (counted from 1, never
 * reset), and whether it is news (`replay: false`, IB telling what just happened) or IB's answer
 * to one of our reads (`replay: true`). A report a read collected is not published alone: it
 * arrives once, inside that read's snapshot (itself published with `replay: true`).
 */
export interface ReportOrigin {
  attempt: number;
  replay: boolean;
}

export type ReportListener = (report: BrokerReport, origin: ReportOrigin) => void;

/** Timeline entries that change no state: a condition IB reported came or went (the status has the warning). */
export type TimelineNote = 'warning' | 'warning_cleared';

export interface TimelineEntry {
  at: number;
  from: SessionState;
  to: SessionState;
  /** A transition, or a note (then `from` and `to` are the same state). */
  event: SessionEvent | TimelineNote;
  reason: string;
  /** IB's code when one caused it. */
  code?: number;
}

export const SESSION_ERROR_KINDS = [
  'refused', 'closed_early', 'closed', 'timeout', 'client_id_in_use', 'account_unknown', 'heartbeat', 'unreadable', 'sync_failed', 'ib',
  // No session was started: the address policy refused the gateway's address (the worker says so).
  'address_refused',
] as const;
export type SessionErrorKind = (typeof SESSION_ERROR_KINDS)[number];

export interface SessionLastError {
  at: number;
  kind: SessionErrorKind;
  message: string;
  code?: number;
  explanation?: string;
}

export interface SessionStatus {
  state: SessionState;
  since: number;
  host: string;
  port: number;
  clientId: number;
  serverVersion: number | undefined;
  connectionTime: string | undefined;
  /**
   * Synced with the gateway now (ready, or degraded while the gateway has lost IB). When false,
   * `accounts` and `mode` are what the gateway last reported, at `accountsSeenAt`.
   */
  connected: boolean;
  accounts: string[];
  /** When the gateway last reported the login's accounts; undefined before any connection got that far. */
  accountsSeenAt: number | undefined;
  account: string | null;
  mode: TradingMode | 'mixed' | undefined;
  /** Everything the user should know: live trading, port/account mismatch, client id 0, and IB conditions (10197, read-only). */
  warnings: string[];
  /** Read-Only API mode, as the gateway last showed it; undefined until the session found out. */
  readOnly: boolean | undefined;
  /** Whether an order could be sent now; when not, `cannotTradeReason` says why. */
  canTrade: boolean;
  cannotTradeReason: string | undefined;
  lastHeartbeatAt: number | undefined;
  /** Gateway clock minus ours, from the last heartbeat (seconds resolution on IB's side). */
  clockSkewMs: number | undefined;
  lastError: SessionLastError | undefined;
  pacingQueueDepth: number;
  pendingRequests: number;
  farms: Record<string, { ok: boolean; code: number; message: string }>;
  /** Connection attempts since the session was last ready (0 while it is). */
  attempts: number;
  nextRetryAt: number | undefined;
}

export interface QualifiedDetails {
  longName?: string;
  minTick?: number;
  marketName?: string;
  /** IB's comma-separated list, as sent. */
  validExchanges?: string;
  /**
   * The market rule (price grid) per valid exchange, e.g. { SMART: 26, NYSE: 26 }: an order follows
   * the rule of the exchange it is routed to (IB pairs validExchanges with marketRuleIds by position).
   * Absent when IB sent none, or lists that do not pair up.
   */
  marketRuleIds?: Record<string, number>;
}

/**
 * One contract IB offers for a description (reqContractDetails), with everything needed to approve
 * it for automation. `sizeIncrement` and `minSize` are IB's own at server versions 164 and later;
 * a gateway that sends none gets 1 (whole shares, contracts, or units of an FX pair's base
 * currency) and `sizeIncrementAssumed: true`.
 */
export interface ContractCandidate {
  conId: number;
  symbol: string;
  secType: string;
  exchange: string;
  primaryExchange?: string;
  currency: string;
  /** 1 when IB sends none (stocks, FX). */
  multiplier: number;
  minTick: number;
  minSize?: number;
  sizeIncrement: number;
  sizeIncrementAssumed?: true;
  longName?: string;
  localSymbol?: string;
  tradingClass?: string;
  /** Derivatives: YYYYMMDD (IB's lastTradeDate, else lastTradeDateOrContractMonth, else realExpirationDate). */
  lastTradeDate?: string;
  strike?: number;
  right?: 'C' | 'P';
  /** IB's session strings, e.g. "20261201:0930-20261201:1600;20261202:CLOSED", in `timeZoneId`. */
  tradingHours?: string;
  liquidHours?: string;
  timeZoneId?: string;
  validExchanges?: string;
  /** Market rule (price grid) per valid exchange; see QualifiedDetails.marketRuleIds. */
  marketRuleIds?: Record<string, number>;
}

export type ContractSearchResult =
  | { kind: 'found'; candidates: ContractCandidate[] }
  /** IB knows no contract for the description (its error 200, or an empty answer); `message` is IB's text. */
  | { kind: 'not_found'; message: string };

export type QualifyResult =
  | { kind: 'one'; contract: ContractRef; details: QualifiedDetails }
  | { kind: 'ambiguous'; candidates: ContractRef[] }
  | { kind: 'not_found'; message: string };

export interface PlaceOrderRequest {
  contract: ContractRef;
  action: 'BUY' | 'SELL';
  quantity: number;
  orderType: 'MKT' | 'LMT' | 'STP' | 'STP LMT' | 'TRAIL';
  limitPrice?: number;
  auxPrice?: number;
  /** TRAIL: the trail as a percentage of the price, instead of an amount in auxPrice. */
  trailingPercent?: number;
  tif?: 'DAY' | 'GTC' | 'IOC' | 'FOK';
  /** The Kairox order id; required, so every IB order can be traced back to its intent. */
  orderRef: string;
  /** Required when the login has several accounts and none is configured. */
  account?: string;
  outsideRth?: boolean;
  parentId?: number;
  ocaGroup?: string;
  /** Defaults to true; always sent explicitly (the library would send an empty field). */
  transmit?: boolean;
}
