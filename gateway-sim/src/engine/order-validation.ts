// The checks placeOrder makes before it acts, each answering with the code and text a real gateway
// uses, in its order: 104/103 for an id that cannot be (re)used, 321 for the request's own fields
// (missing exchange, order type, side, size, prices) before the contract is looked up, then 110 for
// a price off the increment of the contract's market rule. Pure functions: the caller emits the error.
import { onIncrement, ruleIdFor } from '../market/market-rules.ts';
import type { ContractQuery, Instrument } from '../market/types.ts';
import { ERR } from './errors.ts';
import { isTerminal, normalTif, normalType } from './order-record.ts';
import type { OrderRecord } from './state.ts';
import type { OrderInput } from './types.ts';

export interface Refusal {
  code: number;
  message: string;
}

const SUPPORTED_TYPES = new Set(['MKT', 'LMT', 'STP', 'STP LMT', 'TRAIL']);
const SUPPORTED_TIFS = new Set(['DAY', 'GTC', 'IOC', 'FOK']);

/** An id names a new order above the client's highest, or a live order to modify. */
export function orderIdProblem(existing: OrderRecord | undefined, orderId: number, highestUsed: number): Refusal | undefined {
  if (existing !== undefined && existing.status === 'Filled') return { code: ERR.modifyFilled.code, message: ERR.modifyFilled.text() };
  if (existing !== undefined && isTerminal(existing)) return { code: ERR.duplicateOrderId.code, message: ERR.duplicateOrderId.text() };
  if (existing === undefined && orderId <= highestUsed) return { code: ERR.duplicateOrderId.code, message: ERR.duplicateOrderId.text() };
  return undefined;
}

const invalid = (cause: string, tag?: string): Refusal => ({ code: ERR.validation.code, message: ERR.validation.text(cause, tag) });

function isTickMultiple(price: number, tick: number): boolean {
  const n = price / tick;
  return Math.abs(n - Math.round(n)) < 1e-6;
}

/** IB's cause for an order without a routing exchange (real gateways append the period). */
export const MISSING_EXCHANGE_CAUSE = 'Missing order exchange.';

/**
 * The request's own fields, checked before the contract is looked up, as TWS does: an order on
 * Stock("XXX") with no exchange is a 321 "Missing order exchange", not a 200 for the unknown symbol.
 */
export function orderRequestProblem(contract: ContractQuery, input: OrderInput): Refusal | undefined {
  if ((contract.exchange ?? '').trim() === '') return invalid(MISSING_EXCHANGE_CAUSE, 'bN');
  const type = normalType(input);
  if (!SUPPORTED_TYPES.has(type)) return invalid('Invalid order type was entered');
  const action = input.action.toUpperCase();
  if (action !== 'BUY' && action !== 'SELL' && action !== 'SSHORT') return invalid(`Invalid action ${input.action}`, 'bA');
  if (!(input.totalQuantity > 0) || !Number.isFinite(input.totalQuantity)) return invalid('The order size must be greater than zero', 'bQ');
  const tif = normalTif(input);
  if (!SUPPORTED_TIFS.has(tif)) return invalid(`Invalid time in force ${tif}`, 'bT');
  if (needsLmt(type) && (input.lmtPrice === undefined || !(input.lmtPrice > 0))) return invalid('A limit price is required', 'bL');
  if (needsAux(type) && (input.auxPrice === undefined || !(input.auxPrice > 0))) return invalid('A stop price is required', 'bS');
  if (type === 'TRAIL' && !((input.auxPrice ?? 0) > 0) && !((input.trailingPercent ?? 0) > 0)) {
    return invalid('A trailing amount or trailing percent is required', 'bS');
  }
  return undefined;
}

const needsLmt = (type: string): boolean => type === 'LMT' || type === 'STP LMT';
const needsAux = (type: string): boolean => type === 'STP' || type === 'STP LMT';

/**
 * Checks that need the resolved contract: every price the order uses on the increment its market
 * rule sets for that price's band, on the exchange the order is routed to (110 otherwise).
 */
export function orderPriceProblem(i: Instrument, exchange: string | undefined, input: OrderInput): Refusal | undefined {
  const type = normalType(input);
  const rule = ruleIdFor(i, exchange);
  for (const p of [needsLmt(type) ? input.lmtPrice : undefined, needsAux(type) || type === 'TRAIL' ? input.auxPrice : undefined, input.trailStopPrice]) {
    if (p === undefined || !(p > 0)) continue;
    const ok = rule !== undefined ? onIncrement(rule, p) : isTickMultiple(p, i.minTick);
    if (!ok) return { code: ERR.priceVariation.code, message: ERR.priceVariation.text() };
  }
  return undefined;
}
