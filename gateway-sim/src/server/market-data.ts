// reqMktData answers: which data type a client gets (live, delayed, none) and the tick
// sequence of a snapshot or a streaming subscription (tws-protocol.md §6.9).
import type { MarketDataAccess, Quote } from '../engine/index.ts';
import {
  errorText, encodeMarketDataType, encodeTickGeneric, encodeTickPrice, encodeTickReqParams, encodeTickSize, encodeTickString,
} from '../protocol/index.ts';
import type { Fields } from '../protocol/index.ts';
import { cleanPrice, quantityText } from './convert.ts';

/** Live tick ids and their delayed twins (66–76, 88). */
const TICKS = {
  live: { bid: 1, ask: 2, last: 4, high: 6, low: 7, volume: 8, close: 9, open: 14, lastTimestamp: 45 },
  delayed: { bid: 66, ask: 67, last: 68, high: 72, low: 73, volume: 74, close: 75, open: 76, lastTimestamp: 88 },
} as const;
const HALTED = 49;

export type Entitlement =
  | { kind: 'data'; marketDataType: number; notice?: { code: number; text: string } }
  | { kind: 'refused'; code: number; text: string };

/** What TWS answers for this access level and the client's reqMarketDataType. */
export function entitlement(access: MarketDataAccess, requestedType: number, symbolText: string): Entitlement {
  const wantsDelayed = requestedType === 3 || requestedType === 4;
  switch (access) {
    case 'realtime':
      return { kind: 'data', marketDataType: requestedType === 2 ? 2 : 1 };
    case 'delayed':
      return wantsDelayed
        ? { kind: 'data', marketDataType: requestedType }
        : { kind: 'data', marketDataType: 3, notice: { code: 10167, text: errorText(10167) } };
    case 'additional':
      return wantsDelayed
        ? { kind: 'data', marketDataType: requestedType }
        : { kind: 'refused', code: 10089, text: errorText(10089, symbolText) };
    case 'none':
      return { kind: 'refused', code: 354, text: errorText(354) };
  }
}

const isDelayed = (marketDataType: number): boolean => marketDataType === 3 || marketDataType === 4;

/** tickPrice with float noise stripped from the price. */
const price = (reqId: number, tickType: number, p: number, size: string, attr = 0): Fields =>
  encodeTickPrice(reqId, tickType, cleanPrice(p), size, attr);

/** The first burst after a request: type, params, then every tick the quote has. */
export function initialTicks(reqId: number, marketDataType: number, minTick: number, q: Quote): Fields[] {
  const t = isDelayed(marketDataType) ? TICKS.delayed : TICKS.live;
  const out: Fields[] = [encodeMarketDataType(reqId, marketDataType), encodeTickReqParams(reqId, minTick, '9c0001', 3)];
  if (q.last !== undefined) {
    out.push(encodeTickString(reqId, t.lastTimestamp, String(q.lastTimestamp)));
    out.push(price(reqId, t.last, q.last, quantityText(q.lastSize), 0));
  }
  out.push(encodeTickGeneric(reqId, HALTED, q.halted ? 1 : 0));
  if (q.last !== undefined) out.push(encodeTickSize(reqId, t.volume, quantityText(q.volume)));
  out.push(
    price(reqId, t.high, q.high, '0'), price(reqId, t.low, q.low, '0'),
    price(reqId, t.close, q.close, '0'), price(reqId, t.open, q.open, '0'),
    price(reqId, t.bid, q.bid, quantityText(q.bidSize), q.liquidOpen ? 1 : 0),
    price(reqId, t.ask, q.ask, quantityText(q.askSize), q.liquidOpen ? 1 : 0),
  );
  return out;
}

/** A streaming update: only what changed since the previous quote. */
export function updateTicks(reqId: number, marketDataType: number, prev: Quote | undefined, q: Quote): Fields[] {
  const t = isDelayed(marketDataType) ? TICKS.delayed : TICKS.live;
  const out: Fields[] = [];
  const attr = q.liquidOpen ? 1 : 0;
  if (!prev || prev.bid !== q.bid || prev.bidSize !== q.bidSize) out.push(price(reqId, t.bid, q.bid, quantityText(q.bidSize), attr));
  if (!prev || prev.ask !== q.ask || prev.askSize !== q.askSize) out.push(price(reqId, t.ask, q.ask, quantityText(q.askSize), attr));
  if (q.last !== undefined && (!prev || prev.lastTimestamp !== q.lastTimestamp || prev.last !== q.last)) {
    out.push(price(reqId, t.last, q.last, quantityText(q.lastSize), 0));
    out.push(encodeTickString(reqId, t.lastTimestamp, String(q.lastTimestamp)));
  }
  if (q.last !== undefined && (!prev || prev.volume !== q.volume)) out.push(encodeTickSize(reqId, t.volume, quantityText(q.volume)));
  if (!prev || prev.high !== q.high) out.push(price(reqId, t.high, q.high, '0'));
  if (!prev || prev.low !== q.low) out.push(price(reqId, t.low, q.low, '0'));
  if (prev && prev.halted !== q.halted) out.push(encodeTickGeneric(reqId, HALTED, q.halted ? 1 : 0));
  return out;
}
