import { describe, expect, it } from 'vitest';
import { marketDataRefusal } from './ib-message-codes.ts';
import { LAST_TRADE_FRESH_MS, referencePrice, type MarketSnapshot } from './market-snapshot.ts';

const AT = Date.parse('2026-12-01T15:00:00Z');
const quote = (over: Partial<MarketSnapshot>): MarketSnapshot => ({ at: AT, delayed: false, source: 'live', ...over });

describe('referencePrice: last if fresh, else mid, else the side the order takes, else close', () => {
  it('a last trade stamped within a minute and inside the book is the reference', () => {
    const s = quote({ bid: 189.9, ask: 190.1, mid: 190, last: 190.05, lastAt: AT - LAST_TRADE_FRESH_MS, close: 188 });
    expect(referencePrice(s, 'BUY')).toEqual({ price: 190.05, basis: 'last', delayed: false, at: AT });
  });

  it('a last trade one millisecond past fresh, undated, or outside the bid/ask gives way to the mid', () => {
    const book = { bid: 189.9, ask: 190.1, mid: 190, close: 188 };
    expect(referencePrice(quote({ ...book, last: 190.05, lastAt: AT - LAST_TRADE_FRESH_MS - 1 }), 'SELL')).toMatchObject({ price: 190, basis: 'mid' });
    expect(referencePrice(quote({ ...book, last: 190.05 }), 'SELL')).toMatchObject({ price: 190, basis: 'mid' });
    expect(referencePrice(quote({ ...book, last: 191, lastAt: AT }), 'BUY')).toMatchObject({ price: 190, basis: 'mid' });
  });

  it('with one side of the book only, a BUY takes the ask and a SELL the bid; the other side falls back to the close', () => {
    expect(referencePrice(quote({ ask: 190.1, close: 188 }), 'BUY')).toMatchObject({ price: 190.1, basis: 'ask' });
    expect(referencePrice(quote({ ask: 190.1, close: 188 }), 'SELL')).toMatchObject({ price: 188, basis: 'close' });
    expect(referencePrice(quote({ bid: 189.9, close: 188 }), 'SELL')).toMatchObject({ price: 189.9, basis: 'bid' });
  });

  it('a delayed quote gives a reference flagged delayed', () => {
    expect(referencePrice(quote({ close: 150, delayed: true, source: 'delayed' }), 'BUY')).toEqual({ price: 150, basis: 'close', delayed: true, at: AT });
  });

  it('nothing usable: no price, and the reason says what the quote had', () => {
    const none = referencePrice(quote({ bid: 189.9, last: 190, lastAt: AT - 10 * 60_000 }), 'BUY');
    expect(none.price).toBeUndefined();
    expect(none).toMatchObject({ reason: expect.stringMatching(/no usable price for a BUY.*a last trade older than 60 s, a bid but no ask to buy at/) });
    expect(referencePrice(quote({}), 'SELL')).toMatchObject({ price: undefined, reason: expect.stringMatching(/^The live quote has no usable price for a SELL/) });
  });
});

describe('marketDataRefusal: what is missing, in plain words', () => {
  it('10089 names the market-data line IB says is needed; 354 and 10168 say delayed data is no way out', () => {
    const additional = marketDataRefusal(10089, "Requested market data requires additional subscription for API. See link in 'Market Data Connections' dialog for more details.Delayed market data is available.SAP IBIS/TOP/ALL", 'SAP STK on IBIS');
    expect(additional).toMatchObject({ delayedAvailable: true, missing: 'SAP STK on IBIS needs an additional market-data subscription for API use (IB names the line: SAP IBIS/TOP/ALL).' });
    expect(marketDataRefusal(354, 'Requested market data is not subscribed.', 'GC FUT on COMEX')).toMatchObject({ delayedAvailable: false, missing: expect.stringContaining('GC FUT on COMEX') });
    expect(marketDataRefusal(10168, '', 'X')?.delayedAvailable).toBe(false);
    expect(marketDataRefusal(200, 'No security definition', 'X')).toBeUndefined();
  });
});
