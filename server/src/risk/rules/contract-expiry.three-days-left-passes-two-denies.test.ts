// Scenario: with the default of 3 days, a future whose last trade date is 3 calendar days away
// (on the exchange's calendar) passes and one 2 days away is denied — unless the policy allows it
// or the order lowers the position. An expired contract is denied; a stock has no expiry.
import { describe, expect, it } from 'vitest';
import { limitsWith, NOW, riskContext } from '../../../test/support/risk-context.ts';
import { contractExpiry } from './contract-expiry.ts';

const ES = { conId: 495512563, symbol: 'ES', secType: 'FUT' as const, multiplier: 50, timeZoneId: 'US/Central' };
const limits = limitsWith({ allowedMarkets: ['FUT'] });

describe('contract near expiry', () => {
  it('passes 3 days before the last trade date and denies contract_near_expiry 2 days before', () => {
    expect(contractExpiry(riskContext({ instrument: { ...ES, lastTradeDate: '20261204' } }), limits))
      .toMatchObject({ rule: 'contract_expiry', outcome: 'pass', values: { actual: 3, limit: 3, unit: 'days', today: '20261201' } });
    const near = contractExpiry(riskContext({ instrument: { ...ES, lastTradeDate: '20261203' } }), limits);
    expect(near).toMatchObject({ outcome: 'deny', code: 'contract_near_expiry', values: { actual: 2, limit: 3 } });
    expect(near.message).toContain('trade the next contract month, or set allowNearExpiry');
  });

  it('counts days on the exchange calendar: 03:00 UTC is still the previous day in Chicago', () => {
    const lateEvening = Date.parse('2026-12-02T03:00:00Z');
    expect(contractExpiry(riskContext({ now: lateEvening, instrument: { ...ES, lastTradeDate: '20261204' } }), limits))
      .toMatchObject({ outcome: 'pass', values: { today: '20261201', actual: 3 } });
  });

  it('passes near expiry when the policy allows it or the order lowers the position', () => {
    const near = { instrument: { ...ES, lastTradeDate: '20261202' } };
    expect(contractExpiry(riskContext(near), { ...limits, allowNearExpiry: true }).outcome).toBe('pass');
    const long = [{ conId: ES.conId, symbol: 'ES', secType: 'FUT' as const, quantity: 2, marketValue: 500_000 }];
    expect(contractExpiry(riskContext({ ...near, positions: long, order: { side: 'SELL', quantity: 2 } }), limits).outcome).toBe('pass');
  });

  it('denies an expired contract even when near expiry is allowed, and skips a stock', () => {
    const expired = contractExpiry(riskContext({ now: NOW, instrument: { ...ES, lastTradeDate: '20261130' } }), { ...limits, allowNearExpiry: true });
    expect(expired).toMatchObject({ outcome: 'deny', code: 'contract_near_expiry' });
    expect(expired.message).toContain('expired on 20261130');
    expect(contractExpiry(riskContext(), limits).outcome).toBe('skip');
  });
});
