// Scenario: through the whole gate — a reduce-only connection lets a closing sell through and
// denies a new buy; a halted connection and the workspace kill switch deny even a closing order; a
// signal past its TTL is stale; a future two days from its last trade date is denied.
import { describe, expect, it } from 'vitest';
import { NOW, riskContext } from '../../test/support/risk-context.ts';
import { evaluateRisk } from './gate.ts';
import { defaultRiskPolicy, parseRiskPolicy } from './policy.ts';

const long10 = [{ conId: 265598, symbol: 'AAPL', secType: 'STK' as const, quantity: 10, marketValue: 1_000 }];
const closing = { positions: long10, order: { side: 'SELL' as const, quantity: 10 } };

describe('trading states', () => {
  it('REDUCE_ONLY approves a sell that closes the long and denies a buy', () => {
    expect(evaluateRisk(riskContext({ ...closing, tradingState: 'reduce_only' }), defaultRiskPolicy()).decision).toBe('approve');
    expect(evaluateRisk(riskContext({ positions: long10, tradingState: 'reduce_only' }), defaultRiskPolicy())).toMatchObject({ decision: 'deny', code: 'reduce_only' });
  });

  it('HALTED denies even a closing order, on the connection and by the workspace kill switch', () => {
    expect(evaluateRisk(riskContext({ ...closing, tradingState: 'halted' }), defaultRiskPolicy())).toMatchObject({ decision: 'deny', code: 'trading_halted' });
    const killed = evaluateRisk(riskContext({ ...closing, workspaceHalted: true }), defaultRiskPolicy());
    expect(killed).toMatchObject({ decision: 'deny', code: 'trading_halted', message: expect.stringContaining('kill switch') });
  });
});

it('denies a signal past its time-to-live as stale_signal', () => {
  const result = evaluateRisk(riskContext({ signal: { time: NOW - 120_000, ttlSeconds: 60, fingerprint: 'f' } }), defaultRiskPolicy());
  expect(result).toMatchObject({ decision: 'deny', code: 'stale_signal' });
  expect(result.outcomes.filter((o) => o.outcome === 'deny')).toHaveLength(1);
});

it('denies a future two days from its last trade date as contract_near_expiry, and approves it when the policy allows', () => {
  const es = {
    conId: 495512563, symbol: 'ES', secType: 'FUT' as const, multiplier: 50, lastTradeDate: '20261203', timeZoneId: 'US/Central',
    liquidHours: '20261201:0830-20261201:1500', tradingHours: '20261130:1700-20261201:1600',
  };
  const ctx = riskContext({ instrument: es, referencePrice: 6_000, order: { quantity: 1, orderType: 'MKT', limitPrice: undefined } });
  const base = { allowedMarkets: ['FUT'], maxOrderNotional: 400_000, maxPositionNotional: 400_000, maxGrossExposure: 400_000 };
  const strict = parseRiskPolicy(base);
  const lenient = parseRiskPolicy({ ...base, allowNearExpiry: true });
  if (!strict.ok || !lenient.ok) throw new Error('policy');
  expect(evaluateRisk(ctx, strict.policy)).toMatchObject({ decision: 'deny', code: 'contract_near_expiry' });
  expect(evaluateRisk(ctx, lenient.policy).decision).toBe('approve');
});
