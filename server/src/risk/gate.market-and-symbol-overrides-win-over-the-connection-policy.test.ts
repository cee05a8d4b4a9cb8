// Scenario: a connection allows 100 shares an order; its STK override allows 50 and its TSLA
// override 5. The gate judges AAPL by the market's limit and TSLA by the symbol's, and says where
// each limit came from.
import { expect, it } from 'vitest';
import { riskContext } from '../../test/support/risk-context.ts';
import { evaluateRisk } from './gate.ts';
import { parseRiskPolicy } from './policy.ts';

const parsed = parseRiskPolicy({ maxOrderQuantity: 100, markets: { STK: { maxOrderQuantity: 50 } }, symbols: { TSLA: { maxOrderQuantity: 5 } } });
if (!parsed.ok) throw new Error('policy');
const policy = parsed.policy;

it("judges an order by its market's override rather than the connection's limit", () => {
  expect(evaluateRisk(riskContext({ order: { quantity: 50 } }), policy).decision).toBe('approve');
  const result = evaluateRisk(riskContext({ order: { quantity: 51 } }), policy);
  expect(result).toMatchObject({ decision: 'deny', code: 'max_order_quantity', limits: { maxOrderQuantity: 50, sources: { maxOrderQuantity: 'markets.STK' } } });
});

it("judges an order by its symbol's override rather than the market's or the connection's", () => {
  const tsla = { instrument: { conId: 76792991, symbol: 'TSLA' } };
  expect(evaluateRisk(riskContext({ ...tsla, order: { quantity: 5 } }), policy).decision).toBe('approve');
  expect(evaluateRisk(riskContext({ ...tsla, order: { quantity: 6 } }), policy)).toMatchObject({
    decision: 'deny', code: 'max_order_quantity', limits: { maxOrderQuantity: 5, sources: { maxOrderQuantity: 'symbols.TSLA' } },
  });
});
