// Scenario: a signal names its instrument by conId or by symbol. Only the connection's approved
// instruments can match; anything else is instrument_not_qualified with how to approve it, and a
// symbol that fits two approved listings (SHOP in USD and in CAD) must say which one.
import { describe, expect, it } from 'vitest';
import { matchApproved } from './instrument-match.ts';
import type { ApprovedInstrument } from './trading.ts';

const CON = 'con_00000000000000000000000001';
const listing = (over: Partial<ApprovedInstrument>): ApprovedInstrument => ({
  id: `ins_${over.conId}`, connectionId: CON, conId: 0, symbol: '', secType: 'STK', exchange: 'SMART', currency: 'USD',
  multiplier: 1, minTick: 0.01, sizeIncrement: 1, approvedAt: 0, ...over,
});
const AAPL = listing({ conId: 265598, symbol: 'AAPL', primaryExchange: 'NASDAQ', localSymbol: 'AAPL' });
const SHOP_US = listing({ conId: 195014116, symbol: 'SHOP', primaryExchange: 'NYSE', localSymbol: 'SHOP' });
const SHOP_CA = listing({ conId: 195014098, symbol: 'SHOP', primaryExchange: 'TSE', currency: 'CAD', localSymbol: 'SHOP' });
const APPROVED = [AAPL, SHOP_US, SHOP_CA];

describe('finding the approved instrument a signal means', () => {
  it('finds one by conId, by symbol in any case, and by the exchange prefix TradingView sends', () => {
    expect(matchApproved(APPROVED, { conId: 265598 }, CON)).toEqual({ ok: true, instrument: AAPL });
    expect(matchApproved(APPROVED, { symbol: 'aapl' }, CON)).toEqual({ ok: true, instrument: AAPL });
    expect(matchApproved(APPROVED, { symbol: 'AAPL', exchange: 'NASDAQ' }, CON)).toEqual({ ok: true, instrument: AAPL });
    expect(matchApproved(APPROVED, { symbol: 'SHOP', currency: 'CAD' }, CON)).toEqual({ ok: true, instrument: SHOP_CA });
    expect(matchApproved(APPROVED, { symbol: 'SHOP', exchange: 'NYSE' }, CON)).toEqual({ ok: true, instrument: SHOP_US });
  });

  it('says how to approve a conId that is not approved', () => {
    expect(matchApproved(APPROVED, { conId: 272093 }, CON)).toEqual({
      ok: false, code: 'instrument_not_qualified',
      message: `conId 272093 is not an approved instrument of connection ${CON}: Kairox automates only contracts the workspace approved; approve it with POST /api/instruments {"connectionId":"${CON}","conId":272093}.`,
    });
  });

  it('says how to search and approve a symbol that is not approved, or approved with another currency', () => {
    const msft = matchApproved(APPROVED, { symbol: 'MSFT' }, CON);
    expect(msft).toMatchObject({ ok: false, code: 'instrument_not_qualified' });
    if (!msft.ok) expect(msft.message).toContain(`POST /api/connections/${CON}/instruments/search {"symbol":"MSFT","secType":"STK"}, then approve it with POST /api/instruments`);
    expect(matchApproved(APPROVED, { symbol: 'AAPL', currency: 'EUR' }, CON)).toMatchObject({ ok: false, code: 'instrument_not_qualified' });
    expect(matchApproved(APPROVED, { symbol: 'AAPL', secType: 'OPT' }, CON)).toMatchObject({ ok: false, code: 'instrument_not_qualified' });
  });

  it('asks which one when a symbol fits two approved listings', () => {
    const shop = matchApproved(APPROVED, { symbol: 'SHOP' }, CON);
    expect(shop).toMatchObject({ ok: false, code: 'instrument_ambiguous' });
    if (shop.ok) return;
    expect(shop.candidates?.map((c) => c.conId)).toEqual([195014116, 195014098]);
    expect(shop.message).toContain('conId 195014116: SHOP STK NYSE USD; conId 195014098: SHOP STK TSE CAD');
    expect(shop.message).toContain('name the conId, or add the currency, exchange or secType');
  });
});
