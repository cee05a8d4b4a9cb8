// Scenario: maxDailyLoss 500 USD. A day at -500 (realized + unrealized, from IB) passes; at -500.01
// a new entry is denied, while an order that lowers the position still passes. Without IB's P&L
// the limit cannot be checked, so a new entry is denied.
import { expect, it } from 'vitest';
import { limitsWith, riskContext } from '../../../test/support/risk-context.ts';
import { dailyLoss } from './daily-loss.ts';

const usage = (realized: number, unrealized: number) => ({ ordersLastMinute: 0, ordersToday: 0, dailyPnl: { realized, unrealized } });

it('passes a loss of exactly the limit and denies max_daily_loss a cent past it', () => {
  expect(dailyLoss(riskContext({ usage: usage(-300, -200) }), limitsWith()))
    .toMatchObject({ rule: 'max_daily_loss', outcome: 'pass', values: { limit: 500, actual: 500, unit: 'USD' } });
  const over = dailyLoss(riskContext({ usage: usage(-300, -200.01) }), limitsWith());
  expect(over).toMatchObject({ outcome: 'deny', code: 'max_daily_loss', values: { limit: 500, realized: -300, unrealized: -200.01 } });
  expect(over.values.actual).toBeCloseTo(500.01, 9);
  expect(over.message).toContain("Today's loss is 500.01 USD");
});

it('lets an order that lowers the position through past the limit', () => {
  const positions = [{ conId: 265598, symbol: 'AAPL', secType: 'STK' as const, quantity: 10, marketValue: 1_000 }];
  expect(dailyLoss(riskContext({ usage: usage(-900, 0), positions, order: { side: 'SELL', quantity: 10 } }), limitsWith()).outcome).toBe('pass');
});

it("denies a new entry when IB has not reported the day's P&L", () => {
  const unknown = dailyLoss(riskContext({ usage: { ordersLastMinute: 0, ordersToday: 0 } }), limitsWith());
  expect(unknown).toMatchObject({ outcome: 'deny', code: 'max_daily_loss', values: { actual: null } });
  expect(unknown.message).toContain("IB has not reported today's P&L");
});
