// Scenario: AAPL trades 09:30-16:00 New York (14:30-21:00 UTC in December): 09:30 sharp passes,
// a millisecond earlier is denied with the next open; 15:59:59.999 passes and 16:00 is closed.
// An outsideRth order uses the wider trading hours only when the policy allows it.
import { describe, expect, it } from 'vitest';
import { limitsWith, riskContext } from '../../../test/support/risk-context.ts';
import { tradingHours } from './trading-hours.ts';

const at = (iso: string) => Date.parse(iso);

describe('trading hours', () => {
  it('passes from the session start and denies outside_trading_hours a millisecond before it', () => {
    expect(tradingHours(riskContext({ now: at('2026-12-01T14:30:00Z') }), limitsWith()))
      .toMatchObject({ rule: 'trading_hours', outcome: 'pass', values: { hours: 'liquidHours', sessionStart: '2026-12-01T14:30:00.000Z', sessionEnd: '2026-12-01T21:00:00.000Z' } });
    const early = tradingHours(riskContext({ now: at('2026-12-01T14:29:59.999Z') }), limitsWith());
    expect(early).toMatchObject({ outcome: 'deny', code: 'outside_trading_hours', values: { nextOpen: '2026-12-01T14:30:00.000Z', day: '20261201' } });
    expect(early.message).toContain('next opens at 2026-12-01T14:30:00.000Z');
  });

  it('passes until the last millisecond of the session and denies at its end', () => {
    expect(tradingHours(riskContext({ now: at('2026-12-01T20:59:59.999Z') }), limitsWith()).outcome).toBe('pass');
    expect(tradingHours(riskContext({ now: at('2026-12-01T21:00:00Z') }), limitsWith())).toMatchObject({ outcome: 'deny', values: { nextOpen: '2026-12-02T14:30:00.000Z' } });
  });

  it('uses the trading hours for an outsideRth order only when the policy allows outside-RTH', () => {
    const preMarket = { now: at('2026-12-01T12:00:00Z'), order: { outsideRth: true } };
    expect(tradingHours(riskContext(preMarket), limitsWith({ allowOutsideRth: true }))).toMatchObject({ outcome: 'pass', values: { hours: 'tradingHours' } });
    const refused = tradingHours(riskContext(preMarket), limitsWith({ allowOutsideRth: false }));
    expect(refused).toMatchObject({ outcome: 'deny', code: 'outside_trading_hours', values: { hours: 'liquidHours' } });
    expect(refused.message).toContain('the policy does not allow it (allowOutsideRth)');
  });

  it('denies when IB gave no hours, or hours that do not cover today, saying to re-read the instrument', () => {
    const none = tradingHours(riskContext({ instrument: { liquidHours: undefined } }), limitsWith());
    expect(none).toMatchObject({ outcome: 'deny', code: 'outside_trading_hours' });
    expect(none.message).toContain('IB gave no liquidHours');
    const old = tradingHours(riskContext({ now: at('2026-12-09T15:00:00Z') }), limitsWith());
    expect(old.message).toContain('cover 20261201 to 20261202');
  });
});
