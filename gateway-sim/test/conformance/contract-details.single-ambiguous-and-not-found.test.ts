// reqContractDetails through @stoqey/ib at each version: one match with its full details, an
// ambiguous description answered with every listing, a futures root with its months, a conId
// look-up, and an unknown symbol answered with 200 and no end marker.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AAPL, AAPL_CON_ID, VERSIONS, contract, startSim } from './support/ib-session.ts';
import type { IbSession, Sim } from './support/ib-session.ts';

describe.each(VERSIONS)('contract details at server version %i', (version) => {
  let sim: Sim;
  let s: IbSession;
  let reqId = 100;
  beforeAll(async () => {
    sim = await startSim(version);
    s = await sim.connect(1);
  });
  afterAll(() => sim.close());

  it('a single match: AAPL on SMART with its conId, tick, names, hours and ids, then the end marker', async () => {
    const id = ++reqId;
    const m = s.mark();
    s.api.reqContractDetails(id, AAPL);
    const found = await s.collect('contractDetails', 'contractDetailsEnd', (r) => r === id, m);
    expect(found).toHaveLength(1);
    const [rid, d] = found[0]!;
    expect(rid).toBe(id);
    expect(d.contract).toMatchObject({ conId: AAPL_CON_ID, symbol: 'AAPL', secType: 'STK', exchange: 'SMART', primaryExch: 'NASDAQ', currency: 'USD', localSymbol: 'AAPL', tradingClass: 'NMS' });
    expect(d).toMatchObject({ marketName: 'NMS', minTick: 0.01, longName: 'APPLE INC', timeZoneId: 'US/Eastern', stockType: 'COMMON', industry: 'Technology' });
    expect(d.validExchanges?.split(',')).toContain('SMART');
    expect(d.orderTypes?.split(',')).toEqual(expect.arrayContaining(['LMT', 'MKT', 'STP', 'STPLMT', 'TRAIL']));
    // Monday 23 Nov 2026: pre-market 04:00 to after-hours 20:00, regular 09:30–16:00; the weekend closed.
    expect(d.tradingHours?.split(';')[0]).toBe('20261123:0400-20261123:2000');
    expect(d.liquidHours?.split(';')[0]).toBe('20261123:0930-20261123:1600');
    expect(d.liquidHours).toContain('20261128:CLOSED');
    expect(d.secIdList).toEqual([{ tag: 'ISIN', value: 'US0378331005' }]);
    expect(s.errors(m)).toEqual([]);
  });

  it('an ambiguous description (SHOP without currency) lists both listings', async () => {
    const id = ++reqId;
    const m = s.mark();
    s.api.reqContractDetails(id, contract({ symbol: 'SHOP', secType: 'STK', exchange: 'SMART' }));
    const found = await s.collect('contractDetails', 'contractDetailsEnd', (r) => r === id, m);
    const listings = found.map(([, d]) => [d.contract.conId, d.contract.primaryExch, d.contract.currency]).sort();
    expect(listings).toEqual([[195014098, 'TSE', 'CAD'], [195014116, 'NYSE', 'USD']]);
    // The currency settles it.
    const id2 = ++reqId;
    const m2 = s.mark();
    s.api.reqContractDetails(id2, contract({ symbol: 'SHOP', secType: 'STK', exchange: 'SMART', currency: 'CAD' }));
    const one = await s.collect('contractDetails', 'contractDetailsEnd', (r) => r === id2, m2);
    expect(one.map(([, d]) => d.contract.conId)).toEqual([195014098]);
  });

  it('a futures root lists its months, each with multiplier 50 and tick 0.25', async () => {
    const id = ++reqId;
    const m = s.mark();
    s.api.reqContractDetails(id, contract({ symbol: 'ES', secType: 'FUT', exchange: 'CME', currency: 'USD' }));
    const found = await s.collect('contractDetails', 'contractDetailsEnd', (r) => r === id, m);
    expect(found).toHaveLength(3);
    for (const [, d] of found) {
      expect(d.contract).toMatchObject({ symbol: 'ES', secType: 'FUT', exchange: 'CME', multiplier: 50, currency: 'USD' });
      expect(d.minTick).toBe(0.25);
      expect(d.contract.lastTradeDateOrContractMonth).toMatch(/^2026(12)\d\d$|^2027\d{4}$/);
    }
    const expiries = found.map(([, d]) => d.contract.lastTradeDateOrContractMonth ?? '');
    expect([...expiries].sort()).toEqual(expiries);
  });

  it('a conId alone is enough', async () => {
    const id = ++reqId;
    const m = s.mark();
    s.api.reqContractDetails(id, { conId: 756733 });
    const found = await s.collect('contractDetails', 'contractDetailsEnd', (r) => r === id, m);
    expect(found.map(([, d]) => [d.contract.symbol, d.contract.primaryExch, d.stockType])).toEqual([['SPY', 'ARCA', 'ETF']]);
  });

  it('an unknown symbol gets error 200 with the request id and no end marker', async () => {
    const id = ++reqId;
    const m = s.mark();
    s.api.reqContractDetails(id, contract({ symbol: 'ZZZZQ', secType: 'STK', exchange: 'SMART', currency: 'USD' }));
    const err = await s.waitForError(200, id, m);
    expect(err.message).toBe('No security definition has been found for the request');
    // The session is still served, and the failed request produced nothing else.
    const id2 = ++reqId;
    s.api.reqContractDetails(id2, AAPL);
    await s.waitFor('contractDetailsEnd', (r) => r === id2, m);
    expect(s.all('contractDetailsEnd', m).map(([r]) => r)).toEqual([id2]);
    expect(s.all('contractDetails', m).map(([r]) => r)).toEqual([id2]);
  });
});
