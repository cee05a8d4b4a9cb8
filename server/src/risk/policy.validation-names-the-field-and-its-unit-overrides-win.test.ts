// Scenario: a risk policy as sent to the API. Omitted limits take conservative defaults; a wrong
// value is refused with the field's path and its unit; unknown fields are named; the limits for an
// order are the connection's, replaced by its market's override, replaced by its symbol's.
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, defaultRiskPolicy, effectiveLimits, parseRiskPolicy, type RiskPolicy } from './policy.ts';

function policyOf(input: unknown): RiskPolicy {
  const r = parseRiskPolicy(input);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.policy;
}

describe('parseRiskPolicy', () => {
  it('fills every omitted limit with its conservative default', () => {
    expect(defaultRiskPolicy()).toEqual({ ...DEFAULT_LIMITS, allowedMarkets: ['STK'] });
    expect(policyOf({ maxOrderQuantity: 5 })).toMatchObject({ maxOrderQuantity: 5, maxOrdersPerDay: 20, maxDailyLoss: 500, allowOutsideRth: false, nearExpiryDays: 3 });
  });

  it('names the field and its unit when a value is wrong', () => {
    const r = parseRiskPolicy({ maxOrderNotional: -1, maxOrdersPerDay: 2.5, priceCollarPercent: 150, markets: { FUT: { maxOrderQuantity: 'ten' } } });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems).toEqual([
      { field: 'maxOrderNotional', message: "maxOrderNotional must be a number, 0 or more, in the account's base currency (default 10000)" },
      { field: 'maxOrdersPerDay', message: 'maxOrdersPerDay must be a whole number, 0 or more, of orders (default 20)' },
      { field: 'priceCollarPercent', message: 'priceCollarPercent must be a number, 0 or more and at most 100, in percent of the reference price (default 5)' },
      { field: 'markets.FUT.maxOrderQuantity', message: 'markets.FUT.maxOrderQuantity must be a number, 0 or more, in shares, contracts or currency units, as IB counts the instrument (default 100)' },
    ]);
  });

  it('names unknown fields, markets and overrides that a level may not set', () => {
    const r = parseRiskPolicy({ maxOrderQty: 1, markets: { CRYPTO: {}, FUT: { allowedMarkets: ['FUT'] } }, symbols: { AAPL: { allowedSymbols: ['AAPL'] } } });
    expect(!r.ok && r.problems.map((p) => p.field).sort()).toEqual(['markets.CRYPTO', 'markets.FUT.allowedMarkets', 'maxOrderQty', 'symbols.AAPL.allowedSymbols']);
    expect(!r.ok && r.problems.find((p) => p.field === 'markets.CRYPTO')?.message).toBe('markets.CRYPTO is not a security type (STK, FUT, OPT, CASH).');
    expect(!r.ok && r.problems.find((p) => p.field === 'maxOrderQty')?.message).toContain('is not a risk policy field (maxOrderQuantity,');
  });

  it('refuses a policy that is not an object, and a symbol with a control character', () => {
    expect(parseRiskPolicy([1])).toEqual({ ok: false, problems: [{ field: '', message: expect.stringContaining('must be a JSON object') }] });
    expect(parseRiskPolicy({ allowedSymbols: ['AA\u0000PL'] })).toMatchObject({ ok: false, problems: [{ field: 'allowedSymbols.0', message: 'allowedSymbols.0 must not contain control characters' }] });
  });
});

describe('effectiveLimits', () => {
  const policy = policyOf({
    maxOrderQuantity: 100,
    allowedMarkets: ['STK', 'FUT'],
    markets: { FUT: { maxOrderQuantity: 5, maxOrderNotional: 500_000, allowedSymbols: ['ES', 'NQ'] } },
    symbols: { ES: { maxOrderQuantity: 2 }, TSLA: { maxOrderQuantity: 10 } },
  });

  it("uses the connection's limits for a market and symbol without overrides", () => {
    expect(effectiveLimits(policy, 'STK', 'AAPL')).toMatchObject({ maxOrderQuantity: 100, maxOrderNotional: 10_000, sources: { maxOrderQuantity: 'connection' } });
  });

  it("lets the market's override win over the connection's limits", () => {
    expect(effectiveLimits(policy, 'FUT', 'NQ')).toMatchObject({
      maxOrderQuantity: 5, maxOrderNotional: 500_000, allowedSymbols: ['ES', 'NQ'],
      sources: { maxOrderQuantity: 'markets.FUT', maxOrderNotional: 'markets.FUT', maxDailyLoss: 'connection' },
    });
  });

  it("lets the symbol's override win over the market's and the connection's", () => {
    expect(effectiveLimits(policy, 'FUT', 'ES')).toMatchObject({ maxOrderQuantity: 2, maxOrderNotional: 500_000, sources: { maxOrderQuantity: 'symbols.ES' } });
    expect(effectiveLimits(policy, 'STK', 'TSLA')).toMatchObject({ maxOrderQuantity: 10, sources: { maxOrderQuantity: 'symbols.TSLA' } });
  });
});
