// Scenario: a program sends signals of every order type. Each type needs its own prices (LMT a
// limit, STP a stop, STP LMT both, TRAIL an amount or a percentage) and refuses the ones that do
// not apply to it, naming the field to add or remove.
import { describe, expect, it } from 'vitest';
import { parseSignal, type SignalInput } from './signal.ts';

const base: SignalInput = { connectionId: 'con_0123456789abcdefghjkmnpqrs', instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 10 } };
const problemOf = (extra: Partial<SignalInput>) => {
  const result = parseSignal({ ...base, ...extra });
  return result.ok ? undefined : result.problem;
};

describe('order types and their prices', () => {
  it('accepts each order type with exactly the prices it needs', () => {
    const valid: Partial<SignalInput>[] = [
      {},
      { orderType: 'MKT' },
      { orderType: 'LMT', limitPrice: 190.5 },
      { orderType: 'STP', stopPrice: 195 },
      { orderType: 'STP LMT', stopPrice: 195, limitPrice: 196 },
      { orderType: 'TRAIL', trailingAmount: 1.5 },
      { orderType: 'TRAIL', trailingPercent: 1 },
    ];
    for (const extra of valid) expect(parseSignal({ ...base, ...extra }), JSON.stringify(extra)).toMatchObject({ ok: true });
  });

  it('defaults to a market order, DAY, inside regular hours, and leaves the time-to-live to the policy', () => {
    const result = parseSignal(base);
    expect(result).toMatchObject({ ok: true, signal: { orderType: 'MKT', tif: 'DAY', outsideRth: false } });
    if (result.ok) expect(result.signal.ttlSeconds).toBeUndefined();
  });

  it('refuses a missing price, naming it', () => {
    expect(problemOf({ orderType: 'LMT' })).toEqual({ field: 'limitPrice', message: 'limitPrice: a limit order (LMT) needs limitPrice.' });
    expect(problemOf({ orderType: 'STP' })).toMatchObject({ field: 'stopPrice', message: expect.stringContaining('a stop order (STP) needs stopPrice') });
    expect(problemOf({ orderType: 'STP LMT', stopPrice: 195 })).toMatchObject({ field: 'limitPrice' });
    expect(problemOf({ orderType: 'STP LMT', limitPrice: 196 })).toMatchObject({ field: 'stopPrice' });
    expect(problemOf({ orderType: 'TRAIL' })).toMatchObject({ field: 'trailingAmount', message: expect.stringContaining('trailingAmount (a price distance) or trailingPercent') });
  });

  it('refuses a price that does not apply to the order type, saying to remove it', () => {
    expect(problemOf({ limitPrice: 190 })).toMatchObject({ field: 'limitPrice', message: expect.stringMatching(/^limitPrice does not apply to a market order \(MKT\); remove it/) });
    expect(problemOf({ orderType: 'LMT', limitPrice: 190, stopPrice: 185 })).toMatchObject({ field: 'stopPrice' });
    expect(problemOf({ orderType: 'STP', stopPrice: 185, trailingAmount: 1 })).toMatchObject({ field: 'trailingAmount' });
    expect(problemOf({ orderType: 'TRAIL', trailingPercent: 1, limitPrice: 190 })).toMatchObject({ field: 'limitPrice' });
    expect(problemOf({ orderType: 'TRAIL', trailingAmount: 1, trailingPercent: 1 })).toMatchObject({ field: 'trailingPercent', message: expect.stringContaining('not both') });
  });

  it('refuses prices that are not positive numbers', () => {
    expect(problemOf({ orderType: 'LMT', limitPrice: 0 })).toMatchObject({ field: 'limitPrice', message: expect.stringContaining('greater than 0') });
    expect(problemOf({ orderType: 'LMT', limitPrice: '190' as unknown as number })).toMatchObject({ field: 'limitPrice', message: expect.stringContaining('must be a number') });
    expect(problemOf({ orderType: 'TRAIL', trailingPercent: 100 })).toMatchObject({ field: 'trailingPercent' });
  });

  it('refuses an order type IB does not take from Kairox, listing the ones it does', () => {
    expect(problemOf({ orderType: 'MOC' as never })).toEqual({ field: 'orderType', message: 'orderType: must be one of MKT, LMT, STP, STP LMT, TRAIL.' });
  });

  it('lets close name its order type and prices, but cancel takes no prices', () => {
    expect(parseSignal({ ...base, action: 'close', size: undefined, orderType: 'LMT', limitPrice: 190 })).toMatchObject({ ok: true });
    expect(problemOf({ action: 'cancel', size: undefined, orderType: 'LMT', limitPrice: 190 })).toMatchObject({ field: 'limitPrice', message: expect.stringContaining('does not apply to cancel') });
  });
});
