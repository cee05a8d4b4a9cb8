import { describe, expect, it } from 'vitest';
import { buildCatalogue, catalogueFrom, CatalogueError, isinValid } from './catalogue.ts';
import { hoursString } from './hours.ts';

const MONDAY = Date.parse('2026-11-23T15:30:00Z');

describe('the shipped catalogue', () => {
  const c = buildCatalogue(MONDAY);
  const count = (t: string) => c.instruments.filter((i) => i.secType === t).length;

  it('is valid and covers stocks/ETFs, futures, FX and option chains', () => {
    expect(count('STK')).toBeGreaterThanOrEqual(30);
    expect(count('FUT')).toBeGreaterThanOrEqual(3);
    expect(count('CASH')).toBeGreaterThanOrEqual(3);
    expect(new Set(c.instruments.filter((i) => i.secType === 'OPT').map((i) => i.underSymbol)).size).toBeGreaterThanOrEqual(2);
    expect(c.byConId(265598)).toMatchObject({ symbol: 'AAPL', primaryExchange: 'NASDAQ', minTick: 0.01, secIds: [{ tag: 'ISIN', value: 'US0378331005' }] });
    expect(c.instruments.map((i) => i.marketData)).toEqual(expect.arrayContaining(['delayed', 'none', 'additional']));
  });

  it('rejects a broken instrument list with every problem named', () => {
    const aapl = c.byConId(265598)!;
    expect(() => catalogueFrom([aapl, { ...aapl, localSymbol: 'X', minTick: 0, secIds: [{ tag: 'ISIN', value: 'US0378331006' }] }])).toThrow(CatalogueError);
    try {
      catalogueFrom([aapl, { ...aapl, localSymbol: 'X', minTick: 0, secIds: [{ tag: 'ISIN', value: 'US0378331006' }] }]);
    } catch (e) {
      expect((e as CatalogueError).problems.join('\n')).toMatch(/duplicate conId[\s\S]*minTick[\s\S]*ISIN/);
    }
    expect(isinValid('US0378331005')).toBe(true);
    expect(isinValid('US0378331006')).toBe(false);
  });

  it('generates futures expiries after the simulation date with real-looking local symbols', () => {
    const es = c.resolve({ symbol: 'ES', secType: 'FUT', exchange: 'CME' });
    expect(es.map((i) => i.localSymbol)).toEqual(['ESZ6', 'ESH7', 'ESM7']);
    expect(es[0]).toMatchObject({ lastTradeDateOrContractMonth: '20261218', multiplier: '50', minTick: 0.25, timeZoneId: 'US/Central' });
    // Three business days before the 25th of the prior month (exchange holidays are not modelled).
    const cl = c.resolve({ symbol: 'CL', secType: 'FUT', exchange: 'NYMEX', lastTradeDateOrContractMonth: '202701' });
    expect(cl.map((i) => [i.localSymbol, i.lastTradeDateOrContractMonth])).toEqual([['CLF7', '20261222']]);
  });
});

describe('contract resolution', () => {
  const c = buildCatalogue(MONDAY);
  it('by conId, by description, by ISIN; ambiguous until currency or exchange says which', () => {
    expect(c.resolve({ conId: 756733 }).map((i) => i.symbol)).toEqual(['SPY']);
    expect(c.resolve({ symbol: 'SHOP', secType: 'STK', exchange: 'SMART' })).toHaveLength(2);
    expect(c.resolve({ symbol: 'SHOP', secType: 'STK', exchange: 'SMART', currency: 'CAD' }).map((i) => i.primaryExchange)).toEqual(['TSE']);
    expect(c.resolve({ secIdType: 'ISIN', secId: 'CA82509L1076' })).toHaveLength(2);
    expect(c.resolve({ secIdType: 'ISIN', secId: 'CA82509L1076', currency: 'USD' })).toHaveLength(1);
    expect(c.resolve({ symbol: 'EUR', secType: 'CASH', exchange: 'IDEALPRO', currency: 'USD' }).map((i) => [i.conId, i.minTick])).toEqual([[12087792, 0.00005]]);
    expect(c.resolve({ symbol: 'NOPE', secType: 'STK' })).toEqual([]);
  });

  it('options by expiry, strike and right', () => {
    const calls = c.resolve({ symbol: 'AAPL', secType: 'OPT', exchange: 'SMART', right: 'C', strike: 230 });
    expect(calls.length).toBeGreaterThan(3);
    const one = c.resolve({ symbol: 'AAPL', secType: 'OPT', lastTradeDateOrContractMonth: calls[0]!.lastTradeDateOrContractMonth, right: 'CALL', strike: 230 });
    expect(one).toHaveLength(1);
    expect(one[0]).toMatchObject({ multiplier: '100', underConId: 265598 });
    expect(c.resolve({ localSymbol: one[0]!.localSymbol, secType: 'OPT' })).toEqual(one);
  });

  it('matching symbols by prefix, then by name words, at most 16', () => {
    expect(c.matchingSymbols('AAP')[0]?.symbol).toBe('AAPL');
    expect(c.matchingSymbols('micro').map((i) => i.symbol)).toEqual(expect.arrayContaining(['MSFT', 'AMD']));
    expect(c.matchingSymbols('A').length).toBeLessThanOrEqual(16);
    expect(c.derivativeSecTypes(265598)).toEqual(['OPT']);
  });
});

describe('trading hours strings', () => {
  it('list a week with CLOSED weekends; futures open the evening before', () => {
    const c = buildCatalogue(MONDAY);
    const aapl = c.byConId(265598)!;
    expect(hoursString(aapl.tradingSession, 'America/New_York', MONDAY)).toBe(
      '20261123:0400-20261123:2000;20261124:0400-20261124:2000;20261125:0400-20261125:2000;20261126:0400-20261126:2000;20261127:0400-20261127:2000;20261128:CLOSED;20261129:CLOSED',
    );
    const es = c.resolve({ symbol: 'ES', secType: 'FUT' })[0]!;
    expect(hoursString(es.tradingSession, 'America/Chicago', MONDAY, 2)).toBe('20261122:1700-20261123:1600;20261123:1700-20261124:1600');
  });
});
