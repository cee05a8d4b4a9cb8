// Golden strings for historical bars and head timestamps (`|` = NUL). Expected field orders derived
// from the official Python decoder (decoder.py 10.30.01 / 10.46.01: processHistoricalDataMsg,
// processHistoricalDataUpdateMsg, processHeadTimestamp) and @stoqey/ib 1.6.10's decoder
// (decodeMsg_HISTORICAL_DATA, decodeMsg_HISTORICAL_DATA_UPDATE, decodeMsg_HEAD_TIMESTAMP).
import { describe, expect, it } from 'vitest';
import { encodeHeadTimestamp, encodeHistoricalData, encodeHistoricalDataUpdate } from './encode-history.ts';
import type { HistoricalBarView } from './encode-history.ts';

const wire = (fields: readonly string[]): string => `${fields.join('|')}|`;

const trades: HistoricalBarView = {
  date: '20261123 09:30:00 US/Eastern', open: 227.1, high: 227.45, low: 226.98, close: 227.21, volume: '18400', wap: '227.2013', barCount: 97,
};
const midpoint: HistoricalBarView = {
  date: '1795444260', open: 227.205, high: 227.3, low: 227.155, close: 227.255, volume: '-1', wap: '-1', barCount: -1,
};

describe('historicalData (17) at server versions 176-178', () => {
  it('carries the window start and end, then the bar count, then 8 fields per bar (no version field, no hasGaps)', () => {
    // The window as 176-195 write it (two spaces, no zone; rust-ibapi 2.x parses exactly that).
    const f = encodeHistoricalData(178, 9000, '20261123  04:00:00', '20261123  10:00:00', [trades, midpoint]);
    expect(wire(f)).toBe(
      '17|9000|20261123  04:00:00|20261123  10:00:00|2|'
      + '20261123 09:30:00 US/Eastern|227.1|227.45|226.98|227.21|18400|227.2013|97|'
      + '1795444260|227.205|227.3|227.155|227.255|-1|-1|-1|',
    );
    expect(f).toHaveLength(5 + 2 * 8);
    expect(encodeHistoricalData(176, 9000, 'a', 'b', [])).toEqual(['17', '9000', 'a', 'b', '0']);
  });

  it('drops the start and end dates from 196 on (they move to historicalDataEnd there)', () => {
    expect(wire(encodeHistoricalData(196, 7, 'a', 'b', [midpoint]))).toBe('17|7|1|1795444260|227.205|227.3|227.155|227.255|-1|-1|-1|');
  });

  it('writes daily bars with a date only', () => {
    const day = { ...trades, date: '20261120' };
    expect(wire(encodeHistoricalData(177, 3, 's', 'e', [day]))).toBe('17|3|s|e|1|20261120|227.1|227.45|226.98|227.21|18400|227.2013|97|');
  });
});

describe('historicalDataUpdate (90)', () => {
  it('orders barCount before the date and close before high and low, wap before volume', () => {
    // TWS puts -1 in an update's barCount; the server passes that in.
    const f = encodeHistoricalDataUpdate(9001, { ...trades, barCount: -1 });
    expect(wire(f)).toBe('90|9001|-1|20261123 09:30:00 US/Eastern|227.1|227.21|227.45|226.98|227.2013|18400|');
    expect(f).toHaveLength(10);
  });
});

describe('headTimestamp (88)', () => {
  it('is the request id and the timestamp text', () => {
    expect(wire(encodeHeadTimestamp(4001, '20100104-14:30:00'))).toBe('88|4001|20100104-14:30:00|');
    expect(wire(encodeHeadTimestamp(4002, '1262615400'))).toBe('88|4002|1262615400|');
  });
});
