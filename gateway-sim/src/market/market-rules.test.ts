import { describe, expect, it } from 'vitest';
import { buildCatalogue } from './catalogue.ts';
import { MARKET_RULES, RULE, onIncrement, priceIncrement, ruleIdFor } from './market-rules.ts';

const catalogue = buildCatalogue(Date.parse('2026-11-23T15:00:00Z'));
const bySymbol = (symbol: string, secType: string) => catalogue.instruments.find((i) => i.symbol === symbol && i.secType === secType)!;

describe('market rules', () => {
  it('a US stock moves in ten-thousandths below $1 and in cents from $1', () => {
    expect(priceIncrement(RULE.usStock, 0.5)).toBe(0.0001);
    expect(priceIncrement(RULE.usStock, 0.9999)).toBe(0.0001);
    expect(priceIncrement(RULE.usStock, 1)).toBe(0.01);
    expect(priceIncrement(RULE.usStock, 230)).toBe(0.01);
    expect(onIncrement(RULE.usStock, 0.5123)).toBe(true);
    expect(onIncrement(RULE.usStock, 1.5123)).toBe(false);
    expect(onIncrement(RULE.usStock, 229.99)).toBe(true);
    expect(onIncrement(RULE.usStock, 229.995)).toBe(false);
  });

  it('equity options: nickels from $3 on the banded rule, cents throughout on the cents rule', () => {
    expect(priceIncrement(RULE.optionPennyBand, 2.99)).toBe(0.01);
    expect(priceIncrement(RULE.optionPennyBand, 3)).toBe(0.05);
    expect(onIncrement(RULE.optionPennyBand, 5.37)).toBe(false);
    expect(onIncrement(RULE.optionPennyBand, 5.35)).toBe(true);
    expect(onIncrement(RULE.optionCents, 5.37)).toBe(true);
  });

  it('futures by their tick, FX in half-pips and JPY pairs in half-sen', () => {
    expect(onIncrement(RULE.cmeIndexFuture, 5890.25)).toBe(true);
    expect(onIncrement(RULE.cmeIndexFuture, 5890.1)).toBe(false);
    expect(onIncrement(RULE.fx, 1.08255)).toBe(true);
    expect(onIncrement(RULE.fx, 1.08253)).toBe(false);
    expect(onIncrement(RULE.fxJpy, 151.355)).toBe(true);
    expect(onIncrement(RULE.fxJpy, 151.351)).toBe(false);
  });

  it('an unknown rule has no increment and nothing is on its grid', () => {
    expect(priceIncrement(999_999, 10)).toBeUndefined();
    expect(onIncrement(999_999, 10)).toBe(false);
  });

  it("an order follows the rule of the exchange it is routed to, else the listing's own", () => {
    const opt = bySymbol('AAPL', 'OPT');
    expect(ruleIdFor(opt, 'SMART')).toBe(RULE.optionCents);
    expect(ruleIdFor(opt, 'CBOE')).toBe(RULE.optionPennyBand);
    expect(ruleIdFor(opt, 'NOWHERE')).toBe(RULE.optionCents);
    expect(ruleIdFor(bySymbol('USD', 'CASH'), 'IDEALPRO')).toBe(RULE.fxJpy);
    expect(ruleIdFor(bySymbol('CL', 'FUT'), undefined)).toBe(RULE.nymexEnergyFuture);
  });

  it('every catalogue listing names a defined rule per valid exchange, and its minTick is the increment at its price', () => {
    for (const i of catalogue.instruments) {
      const ids = i.marketRuleIds.split(',').map(Number);
      expect(ids, i.localSymbol).toHaveLength(i.validExchanges.length);
      for (const id of ids) expect(MARKET_RULES.has(id), `${i.localSymbol} rule ${id}`).toBe(true);
      const own = ruleIdFor(i, i.exchange)!;
      expect(priceIncrement(own, i.refPrice), i.localSymbol).toBe(i.minTick);
    }
  });
});
