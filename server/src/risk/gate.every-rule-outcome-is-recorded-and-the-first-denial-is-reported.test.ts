// Scenario: the gate runs every rule even after one denies, records each outcome in the order of
// the denial codes, and reports the first denial of that order as the decision's code.
import { describe, expect, it } from 'vitest';
import { riskContext } from '../../test/support/risk-context.ts';
import { evaluateRisk, RISK_RULES } from './gate.ts';
import { RISK_DENIAL_CODES } from './outcome.ts';
import { defaultRiskPolicy } from './policy.ts';

const RULE_NAMES = [
  'trading_state', 'allowed_market', 'allowed_symbol', 'contract_expiry', 'stale_signal', 'duplicate_signal', 'trading_hours',
  'max_daily_loss', 'max_orders_per_minute', 'max_orders_per_day', 'price_collar', 'max_order_quantity', 'max_order_notional',
  'max_position_quantity', 'max_position_notional', 'max_open_positions', 'max_gross_exposure',
];

describe('evaluateRisk', () => {
  it('approves an order within every default limit and records every rule', () => {
    const result = evaluateRisk(riskContext(), defaultRiskPolicy());
    expect(result.decision).toBe('approve');
    expect(result.outcomes.map((o) => o.rule)).toEqual(RULE_NAMES);
    expect(result.outcomes.filter((o) => o.outcome === 'deny')).toEqual([]);
    expect(result.outcomes.find((o) => o.rule === 'contract_expiry')?.outcome).toBe('skip');
  });

  it('runs the rules after a denial and reports the first denial by the documented order', () => {
    const ctx = riskContext({
      tradingState: 'halted',
      usage: { ordersLastMinute: 9, ordersToday: 3, dailyPnl: { realized: 0, unrealized: 0 } },
      order: { quantity: 1_001 },
    });
    const result = evaluateRisk(ctx, defaultRiskPolicy());
    expect(result).toMatchObject({ decision: 'deny', code: 'trading_halted' });
    expect(result.outcomes).toHaveLength(RISK_RULES.length);
    expect(result.outcomes.filter((o) => o.outcome === 'deny').map((o) => o.code)).toEqual([
      'trading_halted', 'max_orders_per_minute', 'max_order_quantity', 'max_order_notional', 'max_position_quantity', 'max_position_notional', 'max_gross_exposure',
    ]);
    expect(result.outcomes.find((o) => o.code === 'max_order_quantity')?.values).toEqual({ limit: 100, actual: 1_001, unit: 'units' });
  });

  it('keeps the denial codes in one documented order that covers every rule', () => {
    const seen = new Set(RISK_DENIAL_CODES);
    expect(seen.size).toBe(18);
    const ctx = riskContext({ order: { quantity: 101 }, usage: { ordersLastMinute: 0, ordersToday: 20, dailyPnl: { realized: 0, unrealized: 0 } } });
    expect(evaluateRisk(ctx, defaultRiskPolicy())).toMatchObject({ decision: 'deny', code: 'max_orders_per_day' });
  });
});
