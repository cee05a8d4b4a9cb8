// Translation between our plain report/request types and @stoqey/ib's objects, plus the checks
// that keep user-supplied values off the wire when they could corrupt it (a NUL byte would
// inject fields into the TWS protocol).
import { InvalidRequestError } from './errors.ts';
import type { Contract, Order } from './ib-client.ts';
import type { CompletedOrderReport, ContractRef, ExecutionReport, OpenOrderReport, PlaceOrderRequest, WhatIfAnswer } from './reports.ts';

type Loose = Record<string, unknown>;
const obj = (v: unknown): Loose => (v && typeof v === 'object' ? (v as Loose) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
/** IB's "unset" sentinels (Integer.MAX_VALUE, Double.MAX_VALUE) read as absent. */
const num = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : Number.NaN;
  return Number.isFinite(n) && n !== 2147483647 && n < 1e300 ? n : undefined;
};

/**
 * A P&L amount: IB's "unset" double (Double.MAX_VALUE, 1.7976931348623157E308) reads as absent,
 * never as a number. (Unlike `num`, 2147483647 is a plausible amount here.)
 */
const amount = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : Number.NaN;
  return Number.isFinite(n) && Math.abs(n) < 1e300 ? n : undefined;
};

export interface PnlAmounts { daily?: number; unrealized?: number; realized?: number }
export interface PositionPnlAmounts extends PnlAmounts { position: number | undefined; value?: number }

/** The `pnl` event's values (reqId aside). */
export function fromIbPnl(daily: unknown, unrealized: unknown, realized: unknown): PnlAmounts {
  return clean({ daily: amount(daily), unrealized: amount(unrealized), realized: amount(realized) });
}

/** The `pnlSingle` event's values (reqId aside); position undefined when IB sent none. */
export function fromIbPnlSingle(position: unknown, daily: unknown, unrealized: unknown, realized: unknown, value: unknown): PositionPnlAmounts {
  return { ...fromIbPnl(daily, unrealized, realized), position: amount(position), ...clean({ value: amount(value) }) };
}

function clean<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

const SAFE_TEXT = /^[\x20-\x7e]*$/;

function checkText(value: unknown, what: string, max = 64): void {
  if (value === undefined) return;
  if (typeof value !== 'string' || value.length > max || !SAFE_TEXT.test(value)) {
    throw new InvalidRequestError(`${what} must be printable ASCII text of at most ${max} characters`);
  }
}

const DERIVATIVES = new Set(['FUT', 'OPT', 'FOP', 'WAR']);

export function validateContractRef(c: ContractRef, purpose: 'qualify' | 'order'): void {
  if (c.conId !== undefined && (!Number.isInteger(c.conId) || c.conId <= 0)) throw new InvalidRequestError('conId must be a positive integer');
  for (const key of ['symbol', 'secType', 'exchange', 'primaryExchange', 'currency', 'localSymbol', 'expiry', 'multiplier', 'tradingClass'] as const) {
    checkText(c[key], `contract ${key}`);
  }
  if (c.strike !== undefined && !(Number.isFinite(c.strike) && c.strike > 0)) throw new InvalidRequestError('contract strike must be a positive number');
  if (c.right !== undefined && c.right !== 'C' && c.right !== 'P') throw new InvalidRequestError('contract right must be C or P');
  if (c.conId === undefined && (!c.symbol || !c.secType)) throw new InvalidRequestError('a contract needs a conId, or a symbol and a secType');
  if (purpose === 'order' && c.conId === undefined && !c.exchange) throw new InvalidRequestError('an order contract needs a conId or an exchange');
  if (c.expiry !== undefined && !/^\d{6}(\d{2})?$/.test(c.expiry)) throw new InvalidRequestError('contract expiry must be YYYYMM or YYYYMMDD');
  if (c.secType && !DERIVATIVES.has(c.secType) && (c.expiry || c.strike || c.right)) {
    throw new InvalidRequestError(`expiry, strike and right apply only to derivatives, not ${c.secType}`);
  }
}

export function validateOrderRequest(r: PlaceOrderRequest): void {
  validateContractRef(r.contract, 'order');
  if (r.action !== 'BUY' && r.action !== 'SELL') throw new InvalidRequestError('action must be BUY or SELL');
  if (!(Number.isFinite(r.quantity) && r.quantity > 0)) throw new InvalidRequestError('quantity must be above 0');
  if (typeof r.orderRef !== 'string' || r.orderRef.length === 0) throw new InvalidRequestError('orderRef (the Kairox order id) is required');
  checkText(r.orderRef, 'orderRef', 40);
  checkText(r.account, 'account', 32);
  checkText(r.ocaGroup, 'ocaGroup', 64);
  const needsLimit = r.orderType === 'LMT' || r.orderType === 'STP LMT';
  const needsAux = r.orderType === 'STP' || r.orderType === 'STP LMT' || (r.orderType === 'TRAIL' && r.trailingPercent === undefined);
  if (!['MKT', 'LMT', 'STP', 'STP LMT', 'TRAIL'].includes(r.orderType)) throw new InvalidRequestError('orderType must be MKT, LMT, STP, STP LMT or TRAIL');
  if (needsLimit && !(typeof r.limitPrice === 'number' && Number.isFinite(r.limitPrice))) throw new InvalidRequestError(`${r.orderType} needs a limitPrice`);
  if (needsAux && !(typeof r.auxPrice === 'number' && Number.isFinite(r.auxPrice))) throw new InvalidRequestError(`${r.orderType} needs an auxPrice${r.orderType === 'TRAIL' ? ' (the trailing amount) or a trailingPercent' : ''}`);
  if (r.trailingPercent !== undefined && !(r.orderType === 'TRAIL' && Number.isFinite(r.trailingPercent) && r.trailingPercent > 0 && r.trailingPercent < 100)) {
    throw new InvalidRequestError('trailingPercent applies to TRAIL only and must be above 0 and below 100');
  }
  if (r.parentId !== undefined && !(Number.isInteger(r.parentId) && r.parentId > 0)) throw new InvalidRequestError('parentId must be a positive integer');
}

export function toIbContract(c: ContractRef): Contract {
  return clean({
    conId: c.conId,
    symbol: c.symbol,
    secType: c.secType as Contract['secType'],
    exchange: c.exchange,
    primaryExch: c.primaryExchange,
    currency: c.currency,
    localSymbol: c.localSymbol,
    lastTradeDateOrContractMonth: c.expiry,
    strike: c.strike,
    right: c.right as Contract['right'],
    multiplier: c.multiplier === undefined ? undefined : Number(c.multiplier),
    tradingClass: c.tradingClass,
  });
}

/** orderRef, account and transmit are always set explicitly. */
export function toIbOrder(r: PlaceOrderRequest, account: string): Order {
  return clean({
    action: r.action as Order['action'],
    totalQuantity: r.quantity,
    orderType: r.orderType as Order['orderType'],
    lmtPrice: r.limitPrice,
    auxPrice: r.auxPrice,
    trailingPercent: r.trailingPercent,
    tif: (r.tif ?? 'DAY') as Order['tif'],
    orderRef: r.orderRef,
    account,
    transmit: r.transmit ?? true,
    outsideRth: r.outsideRth ?? false,
    parentId: r.parentId,
    ocaGroup: r.ocaGroup,
  });
}

export function fromIbContract(value: unknown): ContractRef {
  const c = obj(value);
  const right = str(c.right);
  return clean({
    conId: num(c.conId),
    symbol: str(c.symbol),
    secType: str(c.secType),
    exchange: str(c.exchange),
    primaryExchange: str(c.primaryExch),
    currency: str(c.currency),
    localSymbol: str(c.localSymbol),
    expiry: str(c.lastTradeDateOrContractMonth),
    strike: num(c.strike) || undefined,
    right: right === 'C' || right === 'CALL' ? 'C' : right === 'P' || right === 'PUT' ? 'P' : undefined,
    multiplier: c.multiplier === undefined || c.multiplier === '' ? undefined : String(c.multiplier),
    tradingClass: str(c.tradingClass),
  });
}

export function fromIbOpenOrder(orderId: number, contract: unknown, order: unknown, orderState: unknown): OpenOrderReport {
  const o = obj(order);
  return clean({
    kind: 'openOrder' as const,
    orderId,
    permId: num(o.permId),
    clientId: num(o.clientId),
    orderRef: str(o.orderRef),
    account: str(o.account),
    contract: fromIbContract(contract),
    action: str(o.action),
    quantity: num(o.totalQuantity),
    orderType: str(o.orderType),
    limitPrice: num(o.lmtPrice),
    auxPrice: num(o.auxPrice),
    tif: str(o.tif),
    status: str(obj(orderState).status),
  });
}

/** Whether an openOrder answers a what-if (IB echoes the order's whatIf flag) rather than telling about an order. */
export function isWhatIfOrder(order: unknown): boolean {
  return obj(order).whatIf === true;
}

/** The margin and commission fields of a what-if's OrderState; IB's "unset" (Double.MAX_VALUE) reads as absent. */
export function fromIbWhatIf(orderState: unknown): WhatIfAnswer {
  const s = obj(orderState);
  return clean({
    initMarginBefore: amount(s.initMarginBefore), maintMarginBefore: amount(s.maintMarginBefore), equityWithLoanBefore: amount(s.equityWithLoanBefore),
    initMarginChange: amount(s.initMarginChange), maintMarginChange: amount(s.maintMarginChange), equityWithLoanChange: amount(s.equityWithLoanChange),
    initMarginAfter: amount(s.initMarginAfter), maintMarginAfter: amount(s.maintMarginAfter), equityWithLoanAfter: amount(s.equityWithLoanAfter),
    commission: amount(s.commission), minCommission: amount(s.minCommission), maxCommission: amount(s.maxCommission),
    commissionCurrency: str(s.commissionCurrency), warningText: str(s.warningText),
  });
}

export function fromIbCompletedOrder(contract: unknown, order: unknown, orderState: unknown): CompletedOrderReport {
  const o = obj(order);
  return clean({
    kind: 'completedOrder' as const,
    orderId: num(o.orderId),
    permId: num(o.permId),
    orderRef: str(o.orderRef),
    account: str(o.account),
    contract: fromIbContract(contract),
    status: str(obj(orderState).status),
    filledQuantity: num(o.filledQuantity),
  });
}

export function fromIbExecution(contract: unknown, execution: unknown): ExecutionReport {
  const e = obj(execution);
  return clean({
    kind: 'execution' as const,
    execId: str(e.execId) ?? '',
    orderId: num(e.orderId),
    permId: num(e.permId),
    orderRef: str(e.orderRef),
    account: str(e.acctNumber),
    contract: fromIbContract(contract),
    side: str(e.side),
    shares: num(e.shares),
    price: num(e.price),
    cumQty: num(e.cumQty),
    avgPrice: num(e.avgPrice),
    time: str(e.time),
  });
}
