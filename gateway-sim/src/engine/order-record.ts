// An order as the engine keeps it (OrderRecord, see state.ts): built from placeOrder's input, changed
// by a modification, and the few questions every part of the engine asks of it.
import type { Instrument } from '../market/types.ts';
import type { OrderRecord } from './state.ts';
import type { OrderInput, OrderStatus } from './types.ts';

const TERMINAL = new Set<OrderStatus>(['Filled', 'Cancelled', 'ApiCancelled', 'Inactive']);

export const isTerminal = (o: { status: OrderStatus }): boolean => TERMINAL.has(o.status);
export const isBuy = (o: { action: string }): boolean => o.action === 'BUY';

export const normalType = (input: OrderInput): string => input.orderType.toUpperCase();
/** An empty time in force means DAY on the wire. */
export const normalTif = (input: OrderInput): string => (input.tif ?? '').toUpperCase() || 'DAY';

// An order keeps only the prices its type uses, so views show the others unset as TWS does.
const lmtPriceFor = (type: string, input: OrderInput): number | undefined => (type === 'LMT' || type === 'STP LMT' ? input.lmtPrice : undefined);
const auxPriceFor = (type: string, input: OrderInput): number | undefined => (type === 'MKT' || type === 'LMT' ? undefined : input.auxPrice);
const trailingPercentFor = (type: string, input: OrderInput): number | undefined =>
  type === 'TRAIL' && (input.trailingPercent ?? 0) > 0 ? input.trailingPercent : undefined;
const trailStopFor = (type: string, input: OrderInput): number | undefined =>
  type === 'TRAIL' && (input.trailStopPrice ?? 0) > 0 ? input.trailStopPrice : undefined;

export interface NewOrder {
  clientId: number;
  orderId: number;
  permId: number;
  instrument: Instrument;
  account: string;
  placedAt: number;
}

/** A fresh record for a validated input: PendingSubmit, and staged when transmit=false. */
export function newOrderRecord(n: NewOrder, input: OrderInput): OrderRecord {
  const type = normalType(input);
  const qty = input.totalQuantity;
  const transmit = input.transmit ?? true;
  return {
    orderId: n.orderId,
    clientId: n.clientId,
    permId: n.permId,
    parentId: input.parentId ?? 0,
    account: n.account,
    conId: n.instrument.conId,
    action: input.action.toUpperCase() as OrderRecord['action'],
    totalQuantity: qty,
    orderType: type,
    lmtPrice: lmtPriceFor(type, input),
    auxPrice: auxPriceFor(type, input),
    tif: normalTif(input),
    ocaGroup: input.ocaGroup ?? '',
    ocaType: input.ocaType ?? 0,
    orderRef: input.orderRef ?? '',
    transmit,
    outsideRth: input.outsideRth ?? false,
    hidden: input.hidden ?? false,
    displaySize: input.displaySize !== undefined && input.displaySize > 0 ? input.displaySize : undefined,
    trailingPercent: trailingPercentFor(type, input),
    trailStopPrice: trailStopFor(type, input),
    goodTillDate: input.goodTillDate ?? '',
    passthrough: { ...(input.passthrough ?? {}) },
    status: 'PendingSubmit',
    filled: 0,
    remaining: qty,
    avgFillPrice: 0,
    lastFillPrice: 0,
    filledValueUsd: 0,
    commission: undefined,
    warningText: '',
    completedTime: '',
    completedStatus: '',
    placedAt: n.placedAt,
    staged: !transmit,
    triggered: false,
    nextFillAt: 0,
    expiresAt: undefined,
    completedAt: undefined,
  };
}

/**
 * A placeOrder for an existing id (same contract and action, checked by the caller) replaces the
 * order's terms. The size never drops below what has already filled; fields the modification leaves
 * out keep their values where TWS keeps them (outsideRth, orderRef, passthrough, a TRAIL's stop).
 */
export function applyModification(o: OrderRecord, input: OrderInput): void {
  const type = normalType(input);
  o.orderType = type;
  o.totalQuantity = Math.max(input.totalQuantity, o.filled);
  o.remaining = o.totalQuantity - o.filled;
  o.lmtPrice = lmtPriceFor(type, input);
  o.auxPrice = auxPriceFor(type, input);
  o.tif = normalTif(input);
  o.outsideRth = input.outsideRth ?? o.outsideRth;
  o.orderRef = input.orderRef ?? o.orderRef;
  o.trailingPercent = trailingPercentFor(type, input);
  if (type !== 'TRAIL') o.trailStopPrice = undefined;
  else o.trailStopPrice = trailStopFor(type, input) ?? o.trailStopPrice;
  o.passthrough = { ...(input.passthrough ?? o.passthrough) };
}
