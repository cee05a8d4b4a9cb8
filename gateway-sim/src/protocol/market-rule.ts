// reqMarketRule (91) → marketRule (93): the price bands behind the ids contractData's
// marketRuleIds names. Layouts checked against the official Python client 10.30.01 (client.py
// reqMarketRule: `91, marketRuleId`, no version field; decoder.py processMarketRuleMsg: msgId,
// marketRuleId, count, then {lowEdge, increment} doubles per band, no version field) and @stoqey/ib
// 1.6.10 (encoder reqMarketRule, decoder decodeMsg_MARKET_RULE), the same at 176–178.
import { FieldWriter } from './fields.ts';
import type { FieldReader } from './fields.ts';
import { OUT } from './message-ids.ts';

export interface MarketRuleRequest {
  kind: 'reqMarketRule';
  marketRuleId: number;
}

export interface PriceIncrementView {
  lowEdge: number;
  increment: number;
}

/** `91|marketRuleId|` (after the message id). */
export function decodeReqMarketRule(r: FieldReader): MarketRuleRequest {
  return { kind: 'reqMarketRule', marketRuleId: r.int() };
}

/** `93|marketRuleId|count|lowEdge|increment|…|`, doubles in TWS's Java spelling. */
export function encodeMarketRule(marketRuleId: number, bands: readonly PriceIncrementView[]): string[] {
  const f = new FieldWriter().int(OUT.marketRule).int(marketRuleId).int(bands.length);
  for (const b of bands) f.double(b.lowEdge).double(b.increment);
  return f.fields();
}
