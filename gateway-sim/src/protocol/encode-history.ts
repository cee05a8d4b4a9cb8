// Encoders for historical bars and head timestamps at server versions 176–178. Field orders checked
// against the official Python decoder (10.30.01 and 10.46.01 decoder.py: processHistoricalDataMsg,
// processHistoricalDataUpdateMsg, processHeadTimestamp) and @stoqey/ib 1.6.10 (decodeMsg_HISTORICAL_DATA,
// decodeMsg_HISTORICAL_DATA_UPDATE, decodeMsg_HEAD_TIMESTAMP). Below 196 (HISTORICAL_DATA_END)
// historicalData carries the window's start and end dates before the bar count and itself ends the
// answer: there is no separate historicalDataEnd (108) message at these versions.
import type { Fields } from './encode.ts';
import { FieldWriter } from './fields.ts';
import { OUT, SERVER_VERSION } from './message-ids.ts';

/** One bar as it goes on the wire; volume/wap are decimals as text, `-1` for quote bars. */
export interface HistoricalBarView {
  date: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: string;
  wap: string;
  barCount: number;
}

/** historicalData (17): `17|reqId|startDate|endDate|n|` then n × `date|open|high|low|close|volume|wap|barCount|`. */
export function encodeHistoricalData(
  version: number, reqId: number, startDate: string, endDate: string, bars: readonly HistoricalBarView[],
): Fields {
  const f = new FieldWriter().int(OUT.historicalData).int(reqId);
  if (version < SERVER_VERSION.historicalDataEnd) f.str(startDate).str(endDate);
  f.int(bars.length);
  for (const b of bars) {
    f.str(b.date).num(b.open).num(b.high).num(b.low).num(b.close).decimal(b.volume).decimal(b.wap).int(b.barCount);
  }
  return f.fields();
}

/** historicalDataUpdate (90): `90|reqId|barCount|date|open|close|high|low|wap|volume|` (note: close before high). */
export function encodeHistoricalDataUpdate(reqId: number, b: HistoricalBarView): Fields {
  return new FieldWriter().int(OUT.historicalDataUpdate).int(reqId).int(b.barCount).str(b.date).num(b.open).num(b.close)
    .num(b.high).num(b.low).decimal(b.wap).decimal(b.volume).fields();
}

/** headTimestamp (88): `88|reqId|headTimestamp|`. */
export function encodeHeadTimestamp(reqId: number, headTimestamp: string): Fields {
  return new FieldWriter().int(OUT.headTimestamp).int(reqId).str(headTimestamp).fields();
}
