// Golden strings for reqMarketRule / marketRule (`|` = NUL). Field order from the official Python
// client 10.30.01 (client.py reqMarketRule; decoder.py processMarketRuleMsg) and @stoqey/ib 1.6.10
// (decoder decodeMsg_MARKET_RULE): no version field either way, at every version 176–178.
import { describe, expect, it } from 'vitest';
import { decodeRequestWithRest } from './decode.ts';
import { encodeMarketRule } from './market-rule.ts';

const wire = (fields: readonly string[]): string => `${fields.join('|')}|`;
const nul = (s: string): string => s.replaceAll('|', '\u0000');

describe('marketRule (93)', () => {
  it('one band: id, count, lowEdge, increment, doubles in Java spelling', () => {
    expect(wire(encodeMarketRule(239, [{ lowEdge: 0, increment: 0.00005 }]))).toBe('93|239|1|0.0|5.0E-5|');
    expect(wire(encodeMarketRule(67, [{ lowEdge: 0, increment: 0.25 }]))).toBe('93|67|1|0.0|0.25|');
  });

  it('two bands in ascending order of their low edge', () => {
    expect(wire(encodeMarketRule(26, [{ lowEdge: 0, increment: 0.0001 }, { lowEdge: 1, increment: 0.01 }]))).toBe('93|26|2|0.0|1.0E-4|1.0|0.01|');
  });

  it('an empty rule is just its id and a zero count', () => {
    expect(wire(encodeMarketRule(5, []))).toBe('93|5|0|');
  });
});

describe('reqMarketRule (91)', () => {
  it.each([176, 177, 178])('decodes `91|26|` exactly at %i', (version) => {
    expect(decodeRequestWithRest(nul('91|26|'), version)).toEqual({ request: { kind: 'reqMarketRule', marketRuleId: 26 }, unreadFields: 0 });
  });
});
