// Scenario (issue 13): contract details name one market rule per valid exchange, by position. The
// intake takes the rule of the exchange it routes to, so lists that do not pair up give nothing
// rather than a rule for the wrong exchange.
import { describe, expect, it } from 'vitest';
import { marketRuleIdsByExchange } from './contract-qualification.ts';

describe('marketRuleIdsByExchange', () => {
  it('pairs validExchanges with marketRuleIds by position', () => {
    expect(marketRuleIdsByExchange('SMART,CBOE,NASDAQOM', '32,36,32')).toEqual({ SMART: 32, CBOE: 36, NASDAQOM: 32 });
    expect(marketRuleIdsByExchange('SMART', '26')).toEqual({ SMART: 26 });
  });

  it('gives nothing when IB sent no ids, or lists that do not pair up, or an id that is not one', () => {
    expect(marketRuleIdsByExchange('SMART,NYSE', undefined)).toBeUndefined();
    expect(marketRuleIdsByExchange(undefined, '26')).toBeUndefined();
    expect(marketRuleIdsByExchange('SMART,NYSE', '26')).toBeUndefined();
    expect(marketRuleIdsByExchange('SMART,NYSE', '26,x')).toBeUndefined();
    expect(marketRuleIdsByExchange('SMART,', '26,26')).toBeUndefined();
  });
});
