// What sizing and the risk gate read about the market and the account: plain values the broker
// session produces (broker/market-snapshot.ts, broker/account-reads.ts), and the one rule that
// turns a quote into the reference price an order is sized and collared against.
import type { OrderSide } from './trading.ts';

/**
 * Where a snapshot's prices come from, as IB labelled them (its market data type): live (1),
 * frozen — the last values IB kept, e.g. after the close (2, and 4 when delayed too) — or delayed (3).
 */
export type MarketDataSource = 'live' | 'delayed' | 'frozen';

/** One top-of-book read. A price IB had no value for is absent (never 0 or -1). */
export interface MarketSnapshot {
  conId?: number;
  bid?: number;
  ask?: number;
  last?: number;
  /** The previous session's close. */
  close?: number;
  /** (bid + ask) / 2, only when both are present and not crossed. */
  mid?: number;
  /** When the last trade happened (epoch ms), as IB stamped it. */
  lastAt?: number;
  /** When the snapshot was complete (epoch ms, the session's clock). */
  at: number;
  /** Delayed data (typically 15-20 minutes behind). */
  delayed: boolean;
  source: MarketDataSource;
}

/** The values sizing needs from the account, in the account's base currency. */
export interface AccountSnapshot {
  account: string;
  netLiquidation: number;
  availableFunds: number;
  buyingPower: number;
  currency: string;
  /** When IB's values were read (epoch ms). */
  at: number;
}

export type ReferenceBasis = 'last' | 'mid' | 'ask' | 'bid' | 'close';

export type ReferencePrice =
  | { price: number; basis: ReferenceBasis; delayed: boolean; at: number }
  | { price: undefined; reason: string };

/** A last trade older than this is not the market any more (a quiet instrument, a stale print). */
export const LAST_TRADE_FRESH_MS = 60_000;

/**
 * The price an order is sized and collared against, first that applies:
 * 1. the last trade, if it is fresh (stamped within `LAST_TRADE_FRESH_MS` of the snapshot) and
 *    not outside the current bid/ask;
 * 2. the mid of bid and ask;
 * 3. with one side of the book only: the side the order would take (the ask for a BUY, the bid
 *    for a SELL) — never the other side, which would understate what a BUY costs;
 * 4. the previous close.
 * None of them: `price` undefined and the reason (sizing denies `no_reference_price` with it).
 */
export function referencePrice(snapshot: MarketSnapshot, side: OrderSide, freshMs = LAST_TRADE_FRESH_MS): ReferencePrice {
  const found = (price: number, basis: ReferenceBasis): ReferencePrice => ({ price, basis, delayed: snapshot.delayed, at: snapshot.at });
  const { bid, ask, last, lastAt, mid, close } = snapshot;
  const fresh = last !== undefined && lastAt !== undefined && snapshot.at - lastAt <= freshMs;
  const insideBook = last !== undefined && (bid === undefined || last >= bid) && (ask === undefined || last <= ask);
  if (fresh && insideBook) return found(last, 'last');
  if (mid !== undefined) return found(mid, 'mid');
  if (side === 'BUY' && ask !== undefined && bid === undefined) return found(ask, 'ask');
  if (side === 'SELL' && bid !== undefined && ask === undefined) return found(bid, 'bid');
  if (close !== undefined) return found(close, 'close');
  const had = [
    last === undefined ? undefined : !fresh ? (lastAt === undefined ? 'an undated last trade' : `a last trade older than ${freshMs / 1000} s`) : 'a last trade outside the bid/ask',
    bid !== undefined && ask === undefined && side === 'BUY' ? 'a bid but no ask to buy at' : undefined,
    ask !== undefined && bid === undefined && side === 'SELL' ? 'an ask but no bid to sell at' : undefined,
    bid !== undefined && ask !== undefined && mid === undefined ? 'a crossed bid/ask' : undefined,
  ].filter((h): h is string => h !== undefined);
  return {
    price: undefined,
    reason: `The ${snapshot.source} quote has no usable price for a ${side}: no fresh last trade, no bid/ask mid and no previous close${had.length > 0 ? ` (it had ${had.join(', ')})` : ''}.`,
  };
}

/** (bid + ask) / 2 when both are present and not crossed. */
export function midPrice(bid: number | undefined, ask: number | undefined): number | undefined {
  return bid !== undefined && ask !== undefined && bid <= ask ? (bid + ask) / 2 : undefined;
}
