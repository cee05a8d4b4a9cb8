// How many contracts are held (or have working orders that may open one): an order in a contract
// not yet among them opens one more.
import { deny, pass, type RiskRule } from '../outcome.ts';

const RULE = 'max_open_positions';

export const openPositions: RiskRule = (ctx, limits) => {
  const held = new Set<number>();
  for (const p of ctx.positions) if (p.quantity !== 0) held.add(p.conId);
  for (const o of ctx.openOrders) if (o.remainingQuantity > 0) held.add(o.conId);
  const opensOne = !held.has(ctx.order.instrument.conId);
  const actual = held.size + (opensOne ? 1 : 0);
  const values = { limit: limits.maxOpenPositions, actual, unit: 'positions', opensNewPosition: opensOne };
  if (!opensOne || actual <= limits.maxOpenPositions) return pass(RULE, values);
  return deny(RULE, 'max_open_positions',
    `${ctx.order.instrument.symbol} would be open position ${actual}, over maxOpenPositions ${limits.maxOpenPositions} (positions and working orders count); close one first or raise the limit.`,
    values);
};
