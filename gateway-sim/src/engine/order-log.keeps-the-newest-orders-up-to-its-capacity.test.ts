// The order log behind GET /orders is bounded: past its capacity the oldest rows go, arrival order
// is kept, and a modification of an order whose row has gone changes nothing that is listed.
import { describe, expect, it } from 'vitest';
import { createEngine, manualClock } from './index.ts';
import { OrderLog } from './order-log.ts';
import type { OrderRecord } from './state.ts';

// A real (staged) record from the engine, so the log reads the fields it reads in production.
const engine = createEngine({ clock: manualClock(Date.parse('2026-11-23T15:00:00Z')), seed: 1, accounts: ['DU1'] });
engine.placeOrder(1, 1, { symbol: 'AAPL', secType: 'STK', exchange: 'SMART', currency: 'USD' }, { action: 'BUY', orderType: 'LMT', lmtPrice: 1, totalQuantity: 1, tif: 'GTC', transmit: false });
const staged = engine.snapshot().orders[0]!;
const record = (orderId: number, permId: number): OrderRecord => ({ ...staged, orderId, permId });

describe('order log capacity', () => {
  it('keeps the newest rows, oldest first', () => {
    const log = new OrderLog(3);
    for (let id = 1; id <= 5; id++) log.booked(record(id, 100 + id), 'AAPL', id);
    expect(log.list().map((r) => [r.orderId, r.receivedAtMs])).toEqual([[3, 3], [4, 4], [5, 5]]);
    log.refused(1, 6, { symbol: 'X' }, { action: 'buy', orderType: 'mkt', totalQuantity: 1 }, 6, { code: 200, message: 'No security definition has been found for the request' });
    expect(log.list().map((r) => [r.orderId, r.status])).toEqual([[4, 'PendingSubmit'], [5, 'PendingSubmit'], [6, 'Refused']]);
  });

  it('a modification counts on the row of its order, and on nothing once that row has gone', () => {
    const log = new OrderLog(2);
    const first = record(1, 101);
    log.booked(first, 'AAPL', 1);
    log.modified(first);
    expect(log.list().map((r) => r.modifiedTimes)).toEqual([1]);
    log.booked(record(2, 102), 'AAPL', 2);
    log.booked(record(3, 103), 'AAPL', 3);
    log.modified(first);
    expect(log.list().map((r) => [r.orderId, r.modifiedTimes])).toEqual([[2, 0], [3, 0]]);
  });

  it('refuses a capacity that cannot hold an order', () => {
    expect(() => new OrderLog(0)).toThrow(/capacity must be a positive integer/);
  });
});
