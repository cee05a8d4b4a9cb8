// Scenario: a stock passes when STK is allowed (the default); a future is denied until FUT is added.
import { expect, it } from 'vitest';
import { limitsWith, riskContext } from '../../../test/support/risk-context.ts';
import { allowedMarket } from './allowed-market.ts';

it('passes a listed security type and denies market_not_allowed for one not listed, saying where to add it', () => {
  expect(allowedMarket(riskContext(), limitsWith())).toMatchObject({ rule: 'allowed_market', outcome: 'pass', values: { actual: 'STK', limit: 'STK' } });
  const future = allowedMarket(riskContext({ instrument: { secType: 'FUT', symbol: 'ES' } }), limitsWith());
  expect(future).toMatchObject({ outcome: 'deny', code: 'market_not_allowed', values: { actual: 'FUT', limit: 'STK' } });
  expect(future.message).toContain('add it to allowedMarkets');
  expect(allowedMarket(riskContext({ instrument: { secType: 'FUT', symbol: 'ES' } }), limitsWith({ allowedMarkets: ['STK', 'FUT'] })).outcome).toBe('pass');
});
