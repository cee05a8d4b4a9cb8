// Request ids read from their known position in a frame, without decoding it. The vectors follow
// the field orders of the official Python client 10.30.01 at server version 178 (client.py:
// reqMktDepth, replaceFA, reqScannerSubscription, reqSecDefOptParams, reqFundamentalData,
// reqTickByTickData, placeOrder, cancelOrder, reqContractDetails, reqMatchingSymbols, reqPositions,
// reqFamilyCodes, reqMarketRule), cross-checked with @stoqey/ib 1.6.10's encoder (`|` = NUL).
import { describe, expect, it } from 'vitest';
import { decodeRequest } from './decode.ts';
import { REQUEST_ID_POSITION, requestIdAt } from './request-ids.ts';

const nul = (s: string): string => s.replaceAll('|', '\u0000');
const fields = (s: string): string[] => s.split('|').slice(0, -1);

const VECTORS: readonly { name: string; frame: string; id: number | undefined }[] = [
  // msgId, version 5, reqId, conId, symbol, secType, expiry, strike, right, multiplier, exchange, primaryExchange, currency, localSymbol, tradingClass, numRows, isSmartDepth, options
  { name: 'reqMktDepth (version, then reqId)', frame: '10|5|4001|0|AAPL|STK||0.0|||SMART||USD|||5|0||', id: 4001 },
  // msgId, version 1, faDataType, xml, reqId
  { name: 'replaceFA (reqId after the xml)', frame: '19|1|1|<xml/>|77|', id: 77 },
  // version dropped at 143: msgId, reqId, numberOfRows, instrument, locationCode, scanCode, …
  { name: 'reqScannerSubscription (no version field)', frame: '22|4002|10|STK|STK.US.MAJOR|TOP_PERC_GAIN|', id: 4002 },
  // msgId, reqId, underlyingSymbol, futFopExchange, underlyingSecType, underlyingConId
  { name: 'reqSecDefOptParams', frame: '78|4003|AAPL||STK|265598|', id: 4003 },
  { name: 'reqFundamentalData', frame: '52|2|4004|265598|AAPL|STK|SMART||USD|AAPL|ReportSnapshot|0||', id: 4004 },
  { name: 'reqTickByTickData', frame: '97|4005|265598|AAPL|STK||0.0|||SMART||USD|||Last|0|0|', id: 4005 },
  // Decoded requests too, for a frame that fails before its id is read.
  { name: 'placeOrder (orderId first, no version field since 145)', frame: '3|12|0|AAPL|STK||0.0|||SMART||USD|||||BUY|100|MKT|', id: 12 },
  { name: 'cancelOrder (version, then orderId)', frame: '4|1|13||', id: 13 },
  { name: 'reqContractDetails (version 8, then reqId)', frame: '9|8|4001|0|AAPL|STK||0.0|||SMART||USD|||0||||', id: 4001 },
  { name: 'reqMatchingSymbols (reqId first)', frame: '81|4002|AAP|', id: 4002 },
  { name: 'reqPositions (no id)', frame: '61|1|', id: undefined },
  { name: 'reqFamilyCodes (no id)', frame: '80|', id: undefined },
  // The argument of reqMarketRule names a rule, not a request.
  { name: 'reqMarketRule (a rule id, not a request id)', frame: '91|26|', id: undefined },
];

describe('request ids of requests the simulator does not decode', () => {
  it.each(VECTORS)('$name', ({ frame, id }) => {
    expect(requestIdAt(Number(fields(frame)[0]), fields(frame))).toBe(id);
  });

  it('an unsupported request decodes with the id at its position', () => {
    expect(decodeRequest(nul('78|4003|AAPL||STK|265598|'), 178)).toEqual({ kind: 'unsupported', msgId: 78, reqId: 4003 });
    expect(decodeRequest(nul('10|5|4001|0|AAPL|STK||0.0|||SMART||USD|||5|0||'), 176)).toEqual({ kind: 'unsupported', msgId: 10, reqId: 4001 });
    expect(decodeRequest(nul('80|'), 178)).toEqual({ kind: 'unsupported', msgId: 80, reqId: undefined });
  });

  it('a missing, empty or non-integer id field yields no id rather than a wrong one', () => {
    expect(requestIdAt(78, ['78'])).toBeUndefined();
    expect(requestIdAt(78, ['78', ''])).toBeUndefined();
    expect(requestIdAt(78, ['78', '12abc'])).toBeUndefined();
    expect(requestIdAt(78, ['78', '99999999999'])).toBeUndefined();
    expect(requestIdAt(78, ['78', '-7'])).toBe(-7);
  });

  it('every position points past the message id and within the fixed head of its request', () => {
    for (const [msgId, at] of Object.entries(REQUEST_ID_POSITION)) {
      expect(at, `msgId ${msgId}`).toBeGreaterThanOrEqual(1);
      expect(at, `msgId ${msgId}`).toBeLessThanOrEqual(4);
    }
  });
});
