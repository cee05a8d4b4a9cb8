// Scenario: IB sends Double.MAX_VALUE (1.7976931348623157E308) for a P&L it has no value for (the
// realized P&L of a position not traded today). @stoqey/ib 1.6.10 happens to turn it into undefined
// already; the mapping must not depend on that: an unset amount is absent, never a number a risk
// check could add up.
import { describe, expect, it } from 'vitest';
import { fromIbPnl, fromIbPnlSingle } from './ib-mapping.ts';

const UNSET = 1.7976931348623157e308;

describe('P&L values from IB', () => {
  it('read the unset sentinel, as a number or as wire text, as absent', () => {
    expect(fromIbPnl(12.5, UNSET, '1.7976931348623157E308')).toEqual({ daily: 12.5 });
    expect(fromIbPnlSingle(100, -3, 40, UNSET, UNSET)).toEqual({ position: 100, daily: -3, unrealized: 40 });
    expect(fromIbPnlSingle(undefined, undefined, undefined, undefined, undefined)).toEqual({ position: undefined });
  });

  it('keep real amounts, zeros and negative values included', () => {
    expect(fromIbPnl(0, -2147483647, 2147483647)).toEqual({ daily: 0, unrealized: -2147483647, realized: 2147483647 });
    expect(fromIbPnlSingle('0', '0.0', '-1.5', '0', '20000')).toEqual({ position: 0, daily: 0, unrealized: -1.5, realized: 0, value: 20000 });
  });
});
