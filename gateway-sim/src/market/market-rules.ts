// The one table of market rules: which price increment applies in which price band. Contract
// details name these ids (one per valid exchange, as TWS does), reqMarketRule serves them, and order
// validation checks limit and stop prices against them (error 110). Ids 26 (US stocks) and 239
// (IDEALPRO FX) are the ids IB's contract details give those listings, as public client code records
// them; the other ids, and every band (26's sub-dollar band included), are this simulator's model of
// IB's typical rules, not a copy of IB's table.
import type { Instrument } from './types.ts';

/** One band: from `lowEdge` (inclusive) up to the next band's edge, prices move in `increment`. */
export interface PriceIncrement {
  lowEdge: number;
  increment: number;
}

export const RULE = {
  /** US stocks: sub-penny below $1 (Reg NMS 612), cents above. */
  usStock: 26,
  /** Equity options where every series trades in cents (SMART, the NASDAQ books, IBKR's own). */
  optionCents: 32,
  /** Equity options elsewhere: cents below $3, nickels above. */
  optionPennyBand: 36,
  cmeIndexFuture: 67,
  nymexEnergyFuture: 68,
  comexMetalFuture: 69,
  fx: 239,
  fxJpy: 240,
  /** TSX stocks: half-cents below $0.50, cents above. */
  tsxStock: 1501,
  /** Xetra/IBIS stocks (a simplified single band). */
  ibisStock: 1502,
} as const;

export const MARKET_RULES: ReadonlyMap<number, readonly PriceIncrement[]> = new Map([
  [RULE.usStock, [{ lowEdge: 0, increment: 0.0001 }, { lowEdge: 1, increment: 0.01 }]],
  [RULE.optionCents, [{ lowEdge: 0, increment: 0.01 }]],
  [RULE.optionPennyBand, [{ lowEdge: 0, increment: 0.01 }, { lowEdge: 3, increment: 0.05 }]],
  [RULE.cmeIndexFuture, [{ lowEdge: 0, increment: 0.25 }]],
  [RULE.nymexEnergyFuture, [{ lowEdge: 0, increment: 0.01 }]],
  [RULE.comexMetalFuture, [{ lowEdge: 0, increment: 0.1 }]],
  [RULE.fx, [{ lowEdge: 0, increment: 0.00005 }]],
  [RULE.fxJpy, [{ lowEdge: 0, increment: 0.005 }]],
  [RULE.tsxStock, [{ lowEdge: 0, increment: 0.005 }, { lowEdge: 0.5, increment: 0.01 }]],
  [RULE.ibisStock, [{ lowEdge: 0, increment: 0.01 }]],
]);

/** Option exchanges whose books quote every series in cents. */
const CENT_OPTION_EXCHANGES = new Set(['SMART', 'NASDAQOM', 'NASDAQBX', 'IBUSOPT']);

/** The rule of an option listing on one exchange. */
export function optionRuleFor(exchange: string): number {
  return CENT_OPTION_EXCHANGES.has(exchange) ? RULE.optionCents : RULE.optionPennyBand;
}

/** The rule of a futures contract, by its tick. */
export function futureRuleFor(minTick: number): number {
  for (const id of [RULE.cmeIndexFuture, RULE.nymexEnergyFuture, RULE.comexMetalFuture]) {
    const bands = MARKET_RULES.get(id);
    if (bands?.length === 1 && bands[0]?.increment === minTick) return id;
  }
  throw new RangeError(`no futures market rule for a tick of ${minTick}`);
}

export function fxRuleFor(quoteCurrency: string): number {
  return quoteCurrency === 'JPY' ? RULE.fxJpy : RULE.fx;
}

/** The increment that applies to `price` under a rule (bands by the price's magnitude). */
export function priceIncrement(ruleId: number, price: number): number | undefined {
  const bands = MARKET_RULES.get(ruleId);
  if (bands === undefined) return undefined;
  const p = Math.abs(price);
  let increment: number | undefined;
  for (const b of bands) if (p >= b.lowEdge - 1e-12) increment = b.increment;
  return increment;
}

/** The rule an order routed to `exchange` follows: that exchange's, else the listing's own. */
export function ruleIdFor(i: Pick<Instrument, 'validExchanges' | 'marketRuleIds' | 'exchange'>, exchange: string | undefined): number | undefined {
  const ids = i.marketRuleIds.split(',').map((s) => Number(s.trim()));
  const at = (ex: string | undefined): number | undefined => {
    const k = ex === undefined ? -1 : i.validExchanges.indexOf(ex.toUpperCase());
    const id = k >= 0 ? ids[k] : undefined;
    return id !== undefined && Number.isInteger(id) ? id : undefined;
  };
  return at(exchange) ?? at(i.exchange);
}

/** Whether `price` sits on the increment grid of its band (prices are doubles: allow rounding noise). */
export function onIncrement(ruleId: number, price: number): boolean {
  const inc = priceIncrement(ruleId, price);
  if (inc === undefined) return false;
  const n = price / inc;
  return Math.abs(n - Math.round(n)) < 1e-6;
}
