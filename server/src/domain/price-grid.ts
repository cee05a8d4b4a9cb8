// IB's price grid: a market rule splits prices into bands, and in each band a price must be a
// whole number of that band's increment (else IB refuses the order, error 110). A rule's bands
// are found by the price's magnitude, so negative prices (spreads, some futures) use the same band
// as their absolute value.
//
// Rounding goes toward the passive side of a limit order: DOWN for a BUY, UP for a SELL. A rounded
// limit is then never more aggressive than the price asked for; it may fill later, never worse.
//
// Arithmetic is done in whole steps: the increment is a decimal with d places, so prices are
// scaled by 10^d and divided by the increment's integer size. Only the final step count is turned
// back into a price (an integer over a power of ten), so 0.1 + 0.2 on a cent grid is 0.3, not
// 0.30000000000000004, and a price already on the grid is never moved by float noise.

export interface PriceIncrement {
  /** The band starts at this price (inclusive) and runs to the next band's edge. */
  lowEdge: number;
  increment: number;
}

/** An IB market rule (reqMarketRule): its id and its bands, ascending by lowEdge. */
export interface MarketRule {
  id: number;
  increments: readonly PriceIncrement[];
}

/** The side a limit price is for: BUY rounds down, SELL rounds up. */
export type GridSide = 'BUY' | 'SELL';

/** More places than any IB increment has; beyond it a number is not a decimal tick. */
const MAX_DECIMALS = 10;
/**
 * A price within a millionth of a step of the grid is on it: doubles cannot hold most decimals
 * exactly, so a price meant to be on the grid arrives a few ulps off it.
 */
const ON_GRID_STEPS = 1e-6;

function decimalsOf(increment: number): number {
  const [mantissa = '', exponent] = String(increment).split('e');
  const fraction = mantissa.split('.')[1]?.length ?? 0;
  return Math.max(0, fraction - Number(exponent ?? 0));
}

interface Grid { scale: number; units: number }

function gridOf(increment: number): Grid {
  if (!(Number.isFinite(increment) && increment > 0)) throw new RangeError(`a market rule increment must be a positive number, not ${increment}`);
  const decimals = decimalsOf(increment);
  if (decimals > MAX_DECIMALS) throw new RangeError(`a market rule increment must be a decimal of at most ${MAX_DECIMALS} places, not ${increment}`);
  const scale = 10 ** decimals;
  return { scale, units: Math.round(increment * scale) };
}

function bandOf(rule: MarketRule, price: number): PriceIncrement {
  const [first] = rule.increments;
  if (first === undefined) throw new RangeError(`market rule ${rule.id} has no price bands`);
  if (!Number.isFinite(price)) throw new RangeError(`a price must be a finite number, not ${price}`);
  const magnitude = Math.abs(price);
  let band = first;
  for (const b of rule.increments) if (magnitude >= b.lowEdge) band = b;
  return band;
}

/** The price as a number of the band's steps, or undefined when it is off the grid. */
function wholeSteps(price: number, grid: Grid): { steps: number; exact: boolean } {
  const steps = (price * grid.scale) / grid.units;
  const nearest = Math.round(steps);
  // The tolerance grows with the number's size (its ulp), so large prices are not judged by noise.
  const tolerance = Math.max(ON_GRID_STEPS, Math.abs(steps) * 1e-14);
  return Math.abs(steps - nearest) <= tolerance ? { steps: nearest, exact: true } : { steps, exact: false };
}

function priceOf(steps: number, grid: Grid): number {
  return (steps * grid.units) / grid.scale;
}

/** The increment that applies at `price` under `rule`. */
export function priceIncrement(rule: MarketRule, price: number): number {
  return bandOf(rule, price).increment;
}

/** Whether `price` is a whole number of its band's increment. */
export function isOnGrid(rule: MarketRule, price: number): boolean {
  return wholeSteps(price, gridOf(bandOf(rule, price).increment)).exact;
}

/**
 * `price` on the rule's grid, rounded toward the passive side: down for a BUY, up for a SELL. A
 * price already on the grid comes back as the clean decimal it stands for.
 */
export function roundToGrid(rule: MarketRule, price: number, side: GridSide): number {
  if (side !== 'BUY' && side !== 'SELL') throw new RangeError(`side must be BUY or SELL, not ${String(side)}`);
  let rounded = price;
  // Rounding may cross into the neighbouring band, whose grid can differ: round again there.
  // Each pass moves one way only, so it settles within one pass per band.
  for (let pass = 0; pass <= rule.increments.length; pass++) {
    const band = bandOf(rule, rounded);
    const grid = gridOf(band.increment);
    const { steps, exact } = wholeSteps(rounded, grid);
    const next = priceOf(exact ? steps : side === 'BUY' ? Math.floor(steps) : Math.ceil(steps), grid);
    if (bandOf(rule, next) === band) return next;
    rounded = next;
  }
  return rounded;
}
