// Sizing: the quantity a size spec asks for, from the account's values and the reference price,
// rounded DOWN to the instrument's size increment (never more than asked). Prices: limit and stop
// prices rounded to IB's price grid toward the passive side. Pure: every value comes in.
import { roundToGrid, type GridSide, type MarketRule, type OrderSide, type SizeSpec } from '../domain/index.ts';

export interface SizingInputs {
  /** Per unit, in the instrument's currency. */
  referencePrice: number;
  /** The price the order enters at, when the signal fixes one (a limit); else the reference price is used. */
  entryPrice?: number;
  multiplier: number;
  sizeIncrement: number;
  /** The account's net liquidation and its currency (percentOfEquity). */
  netLiquidation?: number;
  accountCurrency?: string;
  instrumentCurrency: string;
}

export type SizingResult =
  | { ok: true; quantity: number; values: Record<string, number | string> }
  | { ok: false; code: 'size_rounds_to_zero' | 'fx_rate_unavailable' | 'no_account_values'; message: string; values: Record<string, number | string> };

function decimalsOf(step: number): number {
  const [mantissa = '', exponent] = String(step).split('e');
  return Math.max(0, (mantissa.split('.')[1]?.length ?? 0) - Number(exponent ?? 0));
}

/** Whole steps of `increment` not above `raw` (a raw value a hair below a step, from float noise, counts as that step). */
export function roundDownToIncrement(raw: number, increment: number): number {
  const decimals = decimalsOf(increment);
  const steps = Math.floor(raw / increment + 1e-9);
  return Number((steps * increment).toFixed(decimals));
}

function describeSpec(spec: SizeSpec): string {
  if ('qty' in spec) return `qty ${spec.qty}`;
  if ('notional' in spec) return `notional ${spec.notional}`;
  if ('percentOfEquity' in spec) return `${spec.percentOfEquity}% of equity`;
  return `riskAmount ${spec.riskAmount} with stopPrice ${spec.stopPrice}`;
}

export function sizeOrder(spec: SizeSpec, input: SizingInputs): SizingResult {
  const unitValue = input.referencePrice * input.multiplier;
  let raw: number;
  let formula: string;
  if ('qty' in spec) {
    raw = spec.qty;
    formula = 'qty';
  } else if ('notional' in spec) {
    raw = spec.notional / unitValue;
    formula = 'notional / (referencePrice × multiplier)';
  } else if ('percentOfEquity' in spec) {
    if (input.netLiquidation === undefined) {
      return { ok: false, code: 'no_account_values', message: 'percentOfEquity needs the account\'s net liquidation value, which IB did not give; size the signal with qty or notional, or try again once the connection is ready.', values: {} };
    }
    if (input.accountCurrency !== undefined && input.accountCurrency !== input.instrumentCurrency) {
      return {
        ok: false, code: 'fx_rate_unavailable',
        message: `percentOfEquity needs the ${input.accountCurrency}/${input.instrumentCurrency} rate, which Kairox does not read yet; size the signal with qty or notional (in ${input.instrumentCurrency}).`,
        values: { accountCurrency: input.accountCurrency, instrumentCurrency: input.instrumentCurrency },
      };
    }
    raw = ((spec.percentOfEquity / 100) * input.netLiquidation) / unitValue;
    formula = 'percentOfEquity / 100 × netLiquidation / (referencePrice × multiplier)';
  } else {
    const entry = input.entryPrice ?? input.referencePrice;
    raw = spec.riskAmount / Math.abs(entry - spec.stopPrice) / input.multiplier;
    formula = `riskAmount / |${input.entryPrice === undefined ? 'referencePrice' : 'limitPrice'} − stopPrice| / multiplier`;
  }
  const quantity = roundDownToIncrement(raw, input.sizeIncrement);
  const values = {
    spec: describeSpec(spec), formula, referencePrice: input.referencePrice, multiplier: input.multiplier,
    ...(input.netLiquidation !== undefined && 'percentOfEquity' in spec && { netLiquidation: input.netLiquidation }),
    rawQuantity: raw, sizeIncrement: input.sizeIncrement, quantity,
  };
  if (quantity <= 0) {
    return {
      ok: false, code: 'size_rounds_to_zero',
      message: `${describeSpec(spec)} comes to ${raw} units, which rounds down to 0 at the size increment ${input.sizeIncrement}; send a larger size.`,
      values,
    };
  }
  return { ok: true, quantity, values };
}

/** The grid a price is rounded on: IB's market rule, or the minimum tick when none was read. */
export function minTickRule(minTick: number): MarketRule {
  return { id: 0, increments: [{ lowEdge: 0, increment: minTick }] };
}

/**
 * A limit rounds toward the passive side of its order (BUY down, SELL up: never a worse fill); a
 * stop the other way (a BUY stop up, a SELL stop down: it triggers no sooner than asked).
 */
export function roundPrice(rule: MarketRule, price: number, side: OrderSide, kind: 'limit' | 'stop'): number {
  const gridSide: GridSide = kind === 'limit' ? side : side === 'BUY' ? 'SELL' : 'BUY';
  return roundToGrid(rule, price, gridSide);
}
