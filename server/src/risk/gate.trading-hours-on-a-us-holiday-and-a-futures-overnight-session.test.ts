// Scenario: through the whole gate — a stock on Thanksgiving (IB writes the day CLOSED) is denied
// outside_trading_hours; ES at 20:00 Chicago is in its overnight session, so an outsideRth order
// passes when the policy allows outside-RTH and is denied (liquid hours only) when it does not.
import { expect, it } from 'vitest';
import { riskContext } from '../../test/support/risk-context.ts';
import { evaluateRisk } from './gate.ts';
import { parseRiskPolicy, type RiskPolicyInput } from './policy.ts';

const policy = (input: RiskPolicyInput) => {
  const r = parseRiskPolicy(input);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.policy;
};

it('denies a stock order on a US holiday that IB lists as CLOSED, naming the next open', () => {
  const ctx = riskContext({
    now: Date.parse('2026-11-26T16:00:00Z'),
    signal: { time: Date.parse('2026-11-26T15:59:59Z'), ttlSeconds: 60, fingerprint: 'f' },
    instrument: { liquidHours: '20261125:0930-20261125:1600;20261126:CLOSED;20261127:0930-20261127:1300' },
  });
  const result = evaluateRisk(ctx, policy({}));
  expect(result).toMatchObject({ decision: 'deny', code: 'outside_trading_hours', message: expect.stringContaining('next opens at 2026-11-27T14:30:00.000Z') });
});

it('passes an outsideRth future in its overnight session only when the policy allows outside-RTH', () => {
  const now = Date.parse('2026-12-01T02:00:00Z');
  const ctx = riskContext({
    now,
    signal: { time: now - 1_000, ttlSeconds: 60, fingerprint: 'f' },
    referencePrice: 6_000,
    order: { quantity: 1, orderType: 'MKT', limitPrice: undefined, outsideRth: true },
    instrument: {
      conId: 495512563, symbol: 'ES', secType: 'FUT', multiplier: 50, lastTradeDate: '20261218', timeZoneId: 'US/Central',
      liquidHours: '20261130:0830-20261130:1500;20261201:0830-20261201:1500',
      tradingHours: '20261129:1700-20261130:1600;20261130:1700-20261201:1600',
    },
  });
  const futures = { allowedMarkets: ['FUT' as const], maxOrderNotional: 400_000, maxPositionNotional: 400_000, maxGrossExposure: 400_000 };
  expect(evaluateRisk(ctx, policy({ ...futures, allowOutsideRth: true })).decision).toBe('approve');
  expect(evaluateRisk(ctx, policy(futures))).toMatchObject({ decision: 'deny', code: 'outside_trading_hours' });
});
