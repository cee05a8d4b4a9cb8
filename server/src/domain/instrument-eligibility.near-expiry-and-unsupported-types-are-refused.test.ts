// Scenario: a signal arrives for an approved instrument. A future whose last trade date is fewer
// than 3 days away (in its exchange's zone; 3 passes, as the risk gate counts) is refused
// contract_near_expiry unless the policy allows it;
// one that has expired is refused whatever the policy; a type the connection does not automate is
// instrument_not_supported. Dates are fixed instants, so the test passes on any day.
import { describe, expect, it } from 'vitest';
import { daysUntil, instrumentEligibility } from './instrument-eligibility.ts';

const ESZ6 = { conId: 551601561, symbol: 'ES', secType: 'FUT' as const, localSymbol: 'ESZ6', lastTradeDate: '20261218', timeZoneId: 'US/Central' };
const AAPL = { conId: 265598, symbol: 'AAPL', secType: 'STK' as const };
const at = (iso: string) => Date.parse(iso);

describe('near expiry', () => {
  it('lets a future through three days before its last trade date (at the limit)', () => {
    expect(instrumentEligibility(ESZ6, at('2026-12-15T15:00:00Z'))).toEqual({ ok: true, daysToLastTrade: 3 });
  });

  it('refuses it two days before, saying when and how to go on', () => {
    const verdict = instrumentEligibility(ESZ6, at('2026-12-16T15:00:00Z'));
    expect(verdict).toMatchObject({ ok: false, code: 'contract_near_expiry', values: { lastTradeDate: '20261218', daysToLastTrade: 2, nearExpiryDays: 3 } });
    if (!verdict.ok) expect(verdict.message).toBe("ESZ6 (FUT, conId 551601561) has its last trade date 20261218 in 2 days, sooner than the 3 days the policy needs for new entries; roll to the next contract, or allow near-expiry contracts in the connection's policy.");
  });

  it('counts days in the exchange\'s zone: 03:00 UTC on the 16th is still the 15th in Chicago', () => {
    expect(instrumentEligibility(ESZ6, at('2026-12-16T03:00:00Z'))).toEqual({ ok: true, daysToLastTrade: 3 });
    expect(daysUntil('20261218', at('2026-12-16T03:00:00Z'))).toBe(2);
  });

  it('follows the policy: another limit, or near-expiry allowed', () => {
    expect(instrumentEligibility(ESZ6, at('2026-12-16T15:00:00Z'), { nearExpiryDays: 1 })).toEqual({ ok: true, daysToLastTrade: 2 });
    expect(instrumentEligibility(ESZ6, at('2026-12-18T15:00:00Z'), { allowNearExpiry: true })).toEqual({ ok: true, daysToLastTrade: 0 });
  });

  it('refuses an expired contract even when near-expiry is allowed', () => {
    expect(instrumentEligibility(ESZ6, at('2026-12-21T15:00:00Z'), { allowNearExpiry: true })).toMatchObject({
      ok: false, code: 'contract_near_expiry', message: expect.stringContaining('stopped trading on its last trade date 20261218'),
    });
  });

  it('has nothing to say about a stock, which has no last trade date', () => {
    expect(instrumentEligibility(AAPL, at('2026-12-15T15:00:00Z'))).toEqual({ ok: true });
  });
});

describe('unsupported types', () => {
  it('refuses a type Kairox does not automate, naming the ones it does', () => {
    const verdict = instrumentEligibility({ conId: 416904, symbol: 'SPX', secType: 'IND' as never }, at('2026-12-15T15:00:00Z'));
    expect(verdict).toMatchObject({ ok: false, code: 'instrument_not_supported', values: { secType: 'IND', supportedSecTypes: ['STK', 'FUT', 'OPT', 'CASH'] } });
    if (!verdict.ok) expect(verdict.message).toBe('SPX (IND, conId 416904) is of type IND; this connection automates STK, FUT, OPT, CASH only.');
  });

  it('refuses a supported type the policy leaves out', () => {
    expect(instrumentEligibility(ESZ6, at('2026-12-01T15:00:00Z'), { supportedSecTypes: ['STK'] })).toMatchObject({ ok: false, code: 'instrument_not_supported' });
  });
});
