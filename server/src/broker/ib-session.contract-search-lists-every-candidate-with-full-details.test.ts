// Scenario: a user looks a contract up to approve it. The session asks IB for contract details and
// answers with every candidate, each with what approving needs (conId, listing, multiplier, minTick,
// size increment, hours, last trade date, market rules); an unknown description is IB's 200 text.
// The simulator's clock is pinned, so futures and options listings do not depend on today.
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock, type Gateway } from '@kairox/gateway-sim';
import { candidateOf } from './contract-qualification.ts';
import type { IbSession } from './ib-session.ts';
import { sessionFor, simulator } from './test-support.ts';

const TUESDAY_NOON_NEW_YORK = Date.parse('2026-12-01T17:00:00Z');

let gw: Gateway | undefined;
let session: IbSession | undefined;
afterEach(async () => {
  session?.stop();
  await gw?.close();
  gw = undefined;
  session = undefined;
});

async function readySession(): Promise<IbSession> {
  gw = await simulator({ clock: manualClock(TUESDAY_NOON_NEW_YORK), hours: 'real' });
  session = sessionFor(gw).session;
  session.start();
  await session.whenReady(10_000);
  return session;
}

describe('contract search', () => {
  it('gives a stock with its listing, increments, hours and market rules', async () => {
    const s = await readySession();
    const result = await s.searchContracts({ symbol: 'AAPL', secType: 'STK', exchange: 'SMART', currency: 'USD' });
    expect(result.kind).toBe('found');
    if (result.kind !== 'found') return;
    expect(result.candidates).toHaveLength(1);
    const [aapl] = result.candidates;
    expect(aapl).toMatchObject({
      conId: 265598, symbol: 'AAPL', secType: 'STK', exchange: 'SMART', primaryExchange: 'NASDAQ', currency: 'USD',
      multiplier: 1, minTick: 0.01, minSize: 0.0001, sizeIncrement: 0.0001, longName: 'APPLE INC', localSymbol: 'AAPL', timeZoneId: 'US/Eastern',
    });
    expect(aapl?.sizeIncrementAssumed).toBeUndefined();
    expect(aapl?.lastTradeDate).toBeUndefined();
    expect(aapl?.liquidHours).toMatch(/^20261201:0930-20261201:1600/);
    expect(aapl?.tradingHours).toMatch(/^20261201:0400-20261201:2000/);
    expect(aapl?.marketRuleIds?.SMART).toEqual(expect.any(Number));
  });

  it('lists every candidate of an ambiguous symbol', async () => {
    const s = await readySession();
    const result = await s.searchContracts({ symbol: 'SHOP', secType: 'STK' });
    expect(result.kind).toBe('found');
    if (result.kind !== 'found') return;
    expect(result.candidates.map((c) => `${c.conId} ${c.currency} ${c.primaryExchange}`).sort()).toEqual(['195014098 CAD TSE', '195014116 USD NYSE']);
  });

  it('gives a future its multiplier and last trade date, and an option its strike and right', async () => {
    const s = await readySession();
    const es = await s.searchContracts({ symbol: 'ES', secType: 'FUT', exchange: 'CME' });
    if (es.kind !== 'found') throw new Error(`ES: ${es.message}`);
    expect(es.candidates.length).toBeGreaterThan(1);
    for (const c of es.candidates) {
      expect(c).toMatchObject({ secType: 'FUT', multiplier: 50, minTick: 0.25, sizeIncrement: 1, timeZoneId: 'US/Central' });
      expect(c.lastTradeDate).toMatch(/^20(26|27)\d{4}$/);
    }
    const opt = await s.searchContracts({ symbol: 'AAPL', secType: 'OPT', exchange: 'SMART', strike: 230, right: 'C' });
    if (opt.kind !== 'found') throw new Error(`AAPL option: ${opt.message}`);
    expect(opt.candidates[0]).toMatchObject({ secType: 'OPT', strike: 230, right: 'C', multiplier: 100 });
    expect(opt.candidates[0]?.lastTradeDate).toMatch(/^\d{8}$/);
  });

  it('answers an unknown description with IB\'s own text', async () => {
    const s = await readySession();
    expect(await s.searchContracts({ symbol: 'NOSUCH', secType: 'STK', currency: 'USD' })).toEqual({
      kind: 'not_found', message: expect.stringMatching(/No security definition has been found/),
    });
  });
});

describe('a candidate from details IB sent without size rules', () => {
  it('assumes a size increment of 1 and says so', () => {
    const c = candidateOf({ contract: { conId: 12087792, symbol: 'EUR', secType: 'CASH', exchange: 'IDEALPRO', currency: 'USD', multiplier: 0 }, minTick: 0.00005 });
    expect(c).toMatchObject({ conId: 12087792, multiplier: 1, sizeIncrement: 1, sizeIncrementAssumed: true });
    expect(c.minSize).toBeUndefined();
  });
});
