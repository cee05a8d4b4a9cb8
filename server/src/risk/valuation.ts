// What one unit of the order is worth in the account's base currency: the price (the higher of the
// reference price and the order's own limit or stop, so a far limit cannot hide size) times the
// contract multiplier, converted from the instrument's currency.
import type { RiskContext } from './context.ts';

export type Valuation =
  | { ok: true; price: number; perUnit: number; fxRate: number }
  | { ok: false; message: string };

export function valuePerUnit(ctx: RiskContext): Valuation {
  const { order, referencePrice, account } = ctx;
  // The highest usable price, without building an array (three rules value the order every signal).
  const price = Math.max(usablePrice(referencePrice), usablePrice(order.limitPrice), usablePrice(order.stopPrice));
  if (price === -Infinity) {
    return { ok: false, message: `no reference price for ${order.instrument.symbol} and no limit or stop price to value the order by; check the market-data subscription` };
  }
  let fxRate = 1;
  if (order.instrument.currency !== account.currency) {
    if (ctx.fxRate === undefined || !(ctx.fxRate > 0)) {
      return { ok: false, message: `no exchange rate from ${order.instrument.currency} to ${account.currency} to value the order in the account's currency` };
    }
    fxRate = ctx.fxRate;
  }
  return { ok: true, price, perUnit: price * order.instrument.multiplier * fxRate, fxRate };
}

/** The price if it can value an order (finite, above 0); -Infinity, which loses every Math.max, if not. */
function usablePrice(p: number | undefined): number {
  return p !== undefined && Number.isFinite(p) && p > 0 ? p : -Infinity;
}
