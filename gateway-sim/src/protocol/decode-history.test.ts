// Decoder tests for the historical requests (`|` = NUL). Vectors written in the field order of the
// official Python client 10.30.01 (client.py reqHistoricalData / cancelHistoricalData /
// reqHeadTimeStamp / cancelHeadTimeStamp at server version >= 124) and @stoqey/ib 1.6.10's encoder.
import { describe, expect, it } from 'vitest';
import { decodeRequestWithRest } from './decode.ts';
import type { WireRequest } from './types.ts';

const nul = (s: string): string => s.replaceAll('|', '\u0000');

function decodeExact(vector: string, version = 178): WireRequest {
  const { request, unreadFields } = decodeRequestWithRest(nul(vector), version);
  expect(unreadFields).toBe(0);
  return request;
}

describe('reqHistoricalData (20)', () => {
  it('reads a plain request as the official Python client sends it (no version field)', () => {
    const req = decodeExact('20|9000|0|AAPL|STK||0.0|||SMART||USD|||0|20261123 10:00:00 US/Eastern|5 mins|1 D|1|TRADES|1|0||');
    expect(req).toMatchObject({
      kind: 'reqHistoricalData', reqId: 9000, endDateTime: '20261123 10:00:00 US/Eastern', barSizeSetting: '5 mins',
      durationStr: '1 D', useRth: true, whatToShow: 'TRADES', formatDate: 1, keepUpToDate: false, chartOptions: '',
    });
    if (req.kind !== 'reqHistoricalData') throw new Error(req.kind);
    expect(req.contract).toMatchObject({ symbol: 'AAPL', secType: 'STK', exchange: 'SMART', currency: 'USD', includeExpired: false });
  });

  it('reads keepUpToDate and chartOptions, and a conId-only contract from @stoqey/ib', () => {
    const req = decodeExact('20|12|265598||||||||||||0||1 min|3600 S|0|MIDPOINT|2|1|XYZ=1;|');
    expect(req).toMatchObject({ kind: 'reqHistoricalData', reqId: 12, useRth: false, formatDate: 2, keepUpToDate: true, chartOptions: 'XYZ=1;' });
    if (req.kind !== 'reqHistoricalData') throw new Error(req.kind);
    expect(req.contract.conId).toBe(265598);
  });

  it('reads combo legs of a BAG contract between formatDate and keepUpToDate', () => {
    const req = decodeExact('20|5|0|SPY|BAG||0.0|||SMART||USD|||0||1 day|1 M|1|TRADES|1|2|756733|1|BUY|SMART|320227571|1|SELL|SMART|0||');
    if (req.kind !== 'reqHistoricalData') throw new Error(req.kind);
    expect(req.contract.comboLegs.map((l) => [l.conId, l.action])).toEqual([[756733, 'BUY'], [320227571, 'SELL']]);
    expect(req.keepUpToDate).toBe(false);
  });

  it('answers a truncated request on its own id', () => {
    expect(() => decodeRequestWithRest(nul('20|77|0|AAPL|STK|'), 178)).toThrow(expect.objectContaining({ reqId: 77 }));
  });
});

describe('cancelHistoricalData (25), reqHeadTimestamp (87), cancelHeadTimestamp (90)', () => {
  it('cancelHistoricalData keeps its version field', () => {
    expect(decodeExact('25|1|9000|')).toEqual({ kind: 'cancelHistoricalData', reqId: 9000 });
  });

  it('reqHeadTimestamp: contract, includeExpired, useRTH, whatToShow, formatDate', () => {
    const req = decodeExact('87|4001|0|AAPL|STK||0.0|||SMART||USD|||0|1|TRADES|1|', 176);
    expect(req).toMatchObject({ kind: 'reqHeadTimestamp', reqId: 4001, useRth: true, whatToShow: 'TRADES', formatDate: 1 });
  });

  it('cancelHeadTimestamp is the id alone', () => {
    expect(decodeExact('90|4001|')).toEqual({ kind: 'cancelHeadTimestamp', reqId: 4001 });
  });
});
