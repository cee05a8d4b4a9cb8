// What this order does to the book, counting working orders that may still fill. A working order
// may fill or not, so the position after the order is a range: from "every working sell fills" to
// "every working buy fills". Limits judge the worse end; "reducing" must hold at both ends.
import type { RiskContext } from './context.ts';

export interface PositionRange {
  /** The position now (signed). */
  current: number;
  /** Every working sell of the contract fills, no buy does. */
  low: number;
  /** Every working buy fills, no sell does. */
  high: number;
}

export function currentPosition(ctx: RiskContext): number {
  // Plain loops here and below: several rules ask for every signal, and a loop makes no closure or array.
  const { conId } = ctx.order.instrument;
  let sum = 0;
  for (const p of ctx.positions) if (p.conId === conId) sum += p.quantity;
  return sum;
}

/** The order's quantity with its sign (+ buys, - sells). */
export function signedQuantity(ctx: RiskContext): number {
  return ctx.order.side === 'BUY' ? ctx.order.quantity : -ctx.order.quantity;
}

/** The range of positions in the order's contract, with or without the order itself. */
export function positionRange(ctx: RiskContext, withOrder: boolean): PositionRange {
  const current = currentPosition(ctx);
  const { conId } = ctx.order.instrument;
  let buys = 0;
  let sells = 0;
  for (const o of ctx.openOrders) {
    if (o.conId !== conId) continue;
    if (o.side === 'BUY') buys += o.remainingQuantity;
    else sells += o.remainingQuantity;
  }
  const order = withOrder ? signedQuantity(ctx) : 0;
  return { current, low: current - sells + Math.min(order, 0), high: current + buys + Math.max(order, 0) };
}

/** The largest absolute position the range allows. */
export function worstAbsolute(range: PositionRange): number {
  return Math.max(Math.abs(range.low), Math.abs(range.high));
}

/**
 * The order lowers the absolute position whatever the working orders do: a sell needs a long that
 * stays at least the order's size after every working sell; a buy the same for a short.
 */
export function reducesPosition(ctx: RiskContext): boolean {
  const { low, high } = positionRange(ctx, false);
  return ctx.order.side === 'SELL' ? low >= ctx.order.quantity : -high >= ctx.order.quantity;
}
