// Scenario: maxPositionQuantity 500: long 400 with a working buy of 90, a buy of 10 reaches 500
// and passes; a buy of 11 is denied. A sell from a position already over the limit passes.
import { expect, it } from 'vitest';
import { limitsWith, riskContext } from '../../../test/support/risk-context.ts';
import { positionQuantity } from './position-quantity.ts';

const position = (quantity: number) => [{ conId: 265598, symbol: 'AAPL', secType: 'STK' as const, quantity, marketValue: quantity * 100 }];
const workingBuy = [{ conId: 265598, side: 'BUY' as const, remainingQuantity: 90 }];

it('passes a buy that brings the position to the limit and denies max_position_quantity one over', () => {
  expect(positionQuantity(riskContext({ positions: position(400), openOrders: workingBuy, order: { quantity: 10 } }), limitsWith()))
    .toMatchObject({ rule: 'max_position_quantity', outcome: 'pass', values: { limit: 500, actual: 500, unit: 'units', position: 400 } });
  const over = positionQuantity(riskContext({ positions: position(400), openOrders: workingBuy, order: { quantity: 11 } }), limitsWith());
  expect(over).toMatchObject({ outcome: 'deny', code: 'max_position_quantity', values: { limit: 500, actual: 501 } });
  expect(over.message).toContain('could reach 501 (now 400, counting working orders)');
});

it('counts a short the same way and lets a sell from an oversized long through', () => {
  expect(positionQuantity(riskContext({ positions: position(-500), order: { side: 'SELL', quantity: 1 } }), limitsWith()).code).toBe('max_position_quantity');
  expect(positionQuantity(riskContext({ positions: position(600), order: { side: 'SELL', quantity: 10 } }), limitsWith()).outcome).toBe('pass');
});
