import { describe, expect, it } from 'vitest';
import type { Quote } from '../engine/index.ts';
import { entitlement, initialTicks, updateTicks } from './market-data.ts';

const quote = (over: Partial<Quote> = {}): Quote => ({
  conId: 265598, time: 0, bid: 201.9, ask: 201.95, bidSize: 300, askSize: 200, last: 201.94, lastSize: 2,
  lastTimestamp: 1744742857, volume: 323886, high: 203, low: 200.5, open: 201, close: 200.75, halted: false,
  tradingOpen: true, liquidOpen: true, ...over,
});
const wire = (m: readonly string[]): string => `${m.join('|')}|`;

describe('entitlement', () => {
  it('maps the engine access level and requested type to what TWS answers', () => {
    expect(entitlement('realtime', 1, 'AAPL')).toEqual({ kind: 'data', marketDataType: 1 });
    expect(entitlement('realtime', 3, 'AAPL')).toEqual({ kind: 'data', marketDataType: 1 });
    expect(entitlement('delayed', 1, 'AAPL')).toMatchObject({ kind: 'data', marketDataType: 3, notice: { code: 10167 } });
    expect(entitlement('delayed', 4, 'AAPL')).toEqual({ kind: 'data', marketDataType: 4 });
    expect(entitlement('additional', 1, 'AAPL NASDAQ.NMS/TOP/ALL')).toMatchObject({ kind: 'refused', code: 10089 });
    expect(entitlement('additional', 3, 'AAPL')).toEqual({ kind: 'data', marketDataType: 3 });
    expect(entitlement('none', 3, 'AAPL')).toMatchObject({ kind: 'refused', code: 354 });
  });
});

describe('ticks', () => {
  it('a live snapshot burst follows the captured order', () => {
    expect(initialTicks(9000, 1, 0.01, quote()).map(wire)).toEqual([
      '58|1|9000|1|', '81|9000|0.01|9c0001|3|', '46|6|9000|45|1744742857|', '1|6|9000|4|201.94|2|0|',
      '45|6|9000|49|0.0|', '2|6|9000|8|323886|', '1|6|9000|6|203.0|0|0|', '1|6|9000|7|200.5|0|0|',
      '1|6|9000|9|200.75|0|0|', '1|6|9000|14|201.0|0|0|', '1|6|9000|1|201.9|300|1|', '1|6|9000|2|201.95|200|1|',
    ]);
  });

  it('delayed data uses the delayed tick ids; FX without trades has no LAST', () => {
    const ids = initialTicks(1, 3, 0.00005, quote({ last: undefined })).map((m) => `${m[0]}:${m[3]}`);
    expect(ids).toEqual(['58:3', '81:9c0001', '45:49', '1:72', '1:73', '1:75', '1:76', '1:66', '1:67']);
  });

  it('a streaming update sends only what changed', () => {
    const a = quote();
    expect(updateTicks(5, 1, a, a)).toEqual([]);
    const b = quote({ bid: 201.91, lastTimestamp: 1744742858, last: 201.95, volume: 323900 });
    expect(updateTicks(5, 1, a, b).map(wire)).toEqual([
      '1|6|5|1|201.91|300|1|', '1|6|5|4|201.95|2|0|', '46|6|5|45|1744742858|', '2|6|5|8|323900|',
    ]);
  });
});
