// Scenario: one decision asks for its order's limits several times (intake, the duplicate window,
// the gate). They are merged once per policy object and market/symbol; a replaced policy (a new
// object, as PUT /api/connections/:id/risk stores and the next read returns) gets its own limits.
import { describe, expect, it } from 'vitest';
import { effectiveLimits, parseRiskPolicy, type RiskPolicy } from './policy.ts';

function policyOf(input: unknown): RiskPolicy {
  const r = parseRiskPolicy(input);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.policy;
}

describe('the limits of one policy object', () => {
  const input = { maxOrderQuantity: 100, allowedMarkets: ['STK', 'FUT'], markets: { FUT: { maxOrderQuantity: 5 } }, symbols: { ES: { maxOrderQuantity: 2 } } };

  it('are merged once for each market and symbol and handed out again', () => {
    const policy = policyOf(input);
    const first = effectiveLimits(policy, 'FUT', 'ES');
    expect(effectiveLimits(policy, 'FUT', 'ES')).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first.sources)).toBe(true);
    expect(effectiveLimits(policy, 'FUT', 'NQ')).toMatchObject({ maxOrderQuantity: 5, sources: { maxOrderQuantity: 'markets.FUT' } });
    expect(effectiveLimits(policy, 'STK', 'ES')).toMatchObject({ maxOrderQuantity: 2, sources: { maxOrderQuantity: 'symbols.ES' } });
    expect(effectiveLimits(policy, 'STK', 'AAPL')).toMatchObject({ maxOrderQuantity: 100, sources: { maxOrderQuantity: 'connection' } });
  });

  it('are not those of the policy it replaced', () => {
    const before = policyOf(input);
    expect(effectiveLimits(before, 'FUT', 'ES').maxOrderQuantity).toBe(2);
    const after = policyOf({ ...input, symbols: { ES: { maxOrderQuantity: 7 } } });
    expect(effectiveLimits(after, 'FUT', 'ES')).toMatchObject({ maxOrderQuantity: 7, sources: { maxOrderQuantity: 'symbols.ES' } });
    expect(effectiveLimits(before, 'FUT', 'ES').maxOrderQuantity).toBe(2);
  });

  it('keep the keys of the policy in its order, the overrides replacing values in place, and sources last', () => {
    const limits = effectiveLimits(policyOf(input), 'FUT', 'ES');
    const keys = Object.keys(limits);
    expect(keys.at(-1)).toBe('sources');
    expect(keys.slice(0, 3)).toEqual(['maxOrderQuantity', 'maxOrderNotional', 'maxPositionQuantity']);
    expect(keys).not.toContain('markets');
    expect(keys).not.toContain('symbols');
  });
});
