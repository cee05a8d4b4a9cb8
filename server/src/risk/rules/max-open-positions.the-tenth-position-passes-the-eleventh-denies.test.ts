// Scenario: maxOpenPositions 10: with 9 held an order in a new contract opens the tenth and passes;
// with 10 held it is denied, while an order in a contract already held passes. A working order in
// a contract not yet held counts as open.
import { expect, it } from 'vitest';
import { limitsWith, riskContext } from '../../../test/support/risk-context.ts';
import { openPositions } from './open-positions.ts';

const held = (n: number) => Array.from({ length: n }, (_, i) => ({ conId: 1_000 + i, symbol: `S${i}`, secType: 'STK' as const, quantity: 1, marketValue: 100 }));

it('passes the tenth open position and denies max_open_positions for the eleventh', () => {
  expect(openPositions(riskContext({ positions: held(9) }), limitsWith()))
    .toMatchObject({ rule: 'max_open_positions', outcome: 'pass', values: { limit: 10, actual: 10, unit: 'positions', opensNewPosition: true } });
  const over = openPositions(riskContext({ positions: held(10) }), limitsWith());
  expect(over).toMatchObject({ outcome: 'deny', code: 'max_open_positions', values: { limit: 10, actual: 11 } });
  expect(over.message).toContain('close one first');
});

it('passes an order in a contract already held and counts working orders in new contracts', () => {
  expect(openPositions(riskContext({ positions: held(10), instrument: { conId: 1_003 } }), limitsWith()).outcome).toBe('pass');
  const pending = [{ conId: 99, side: 'BUY' as const, remainingQuantity: 5 }];
  expect(openPositions(riskContext({ positions: held(9), openOrders: pending }), limitsWith()).code).toBe('max_open_positions');
});
