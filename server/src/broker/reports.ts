// What a session tells the rest of Kairox. Plain data, no library types: the orders module
// decides an order's state from these; the session never does.
import type { IbCodeInfo, SessionEvent, SessionState, TradingMode } from '../domain/index.ts';

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
export interface OrderErrorReport { kind: 'orderError'; orderId: number; code: number; message: string; info: IbCodeInfo }
export interface NoticeReport { kind: 'notice'; code: number; message: string; info: IbCodeInfo }

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
  | PositionReport | AccountValueReport | OrderErrorReport | NoticeReport | ReconciliationReport;

export interface TimelineEntry {
  at: number;
  from: SessionState;
  to: SessionState;
  event: SessionEvent;
  reason: string;
  /** IB's code when one caused it. */
  code?: number;
}

export type SessionErrorKind =
  | 'refused' | 'closed_early' | 'closed' | 'timeout' | 'client_id_in_use' | 'account_unknown' | 'heartbeat' | 'unreadable' | 'sync_failed' | 'ib';

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
  accounts: string[];
  account: string | null;
  mode: TradingMode | 'mixed' | undefined;
  warnings: string[];
  lastHeartbeatAt: number | undefined;
  /** Gateway clock minus ours, from the last heartbeat (seconds resolution on IB's side). */
  clockSkewMs: number | undefined;
  lastError: SessionLastError | undefined;
  pacingQueueDepth: number;
  pendingRequests: number;
  farms: Record<string, { ok: boolean; code: number; message: string }>;
  attempts: number;
  nextRetryAt: number | undefined;
}

export type QualifyResult =
  | { kind: 'one'; contract: ContractRef; details: { longName?: string; minTick?: number; marketName?: string; validExchanges?: string } }
  | { kind: 'ambiguous'; candidates: ContractRef[] }
  | { kind: 'not_found'; message: string };

export interface PlaceOrderRequest {
  contract: ContractRef;
  action: 'BUY' | 'SELL';
  quantity: number;
  orderType: 'MKT' | 'LMT' | 'STP' | 'STP LMT' | 'TRAIL';
  limitPrice?: number;
  auxPrice?: number;
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
