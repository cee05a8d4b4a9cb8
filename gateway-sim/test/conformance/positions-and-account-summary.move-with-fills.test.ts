// Positions and account summary through @stoqey/ib at each version: a fresh paper account, then
// values that move with fills and prices — position quantities and IB-style average costs
// (commission in, multiplier in for futures), pushes to every subscribed client after a fill,
// cash, margin and net liquidation that follow the trade, the two-subscription limit (322),
// and cancelPositions stopping the pushes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AAPL, AAPL_CON_ID, ACCOUNT, VERSIONS, contract, order, startSim } from './support/ib-session.ts';
import type { EventArgs, IbSession, Sim } from './support/ib-session.ts';

const TAGS = 'AccountType,NetLiquidation,TotalCashValue,BuyingPower,AvailableFunds,InitMarginReq,MaintMarginReq,GrossPositionValue,Cushion';

describe.each(VERSIONS)('positions and account summary at server version %i', (version) => {
  let sim: Sim;
  let s: IbSession;
  beforeEach(async () => {
    sim = await startSim(version);
    s = await sim.connect(1);
    sim.gw.setPrice(AAPL_CON_ID, 200);
  });
  afterEach(() => sim.close());

  const summary = async (who: IbSession, reqId: number, tags = TAGS): Promise<Record<string, [string, string]>> => {
    const m = who.mark();
    who.api.reqAccountSummary(reqId, 'All', tags);
    const rows = await who.collect('accountSummary', 'accountSummaryEnd', (r) => r === reqId, m);
    expect(rows.every((r) => r[0] === reqId && r[1] === ACCOUNT)).toBe(true);
    return Object.fromEntries(rows.map((r) => [r[2], [r[3], r[4]]]));
  };
  const positions = async (who: IbSession): Promise<EventArgs['position'][]> => {
    const m = who.mark();
    who.api.reqPositions();
    return who.collect('position', 'positionEnd', () => true, m);
  };

  it('a fresh paper account: no positions, one million in cash, four times that in buying power', async () => {
    expect(await positions(s)).toEqual([]);
    expect(await summary(s, 1)).toEqual({
      AccountType: ['INDIVIDUAL', ''],
      NetLiquidation: ['1000000.00', 'USD'],
      TotalCashValue: ['1000000.00', 'USD'],
      BuyingPower: ['4000000.00', 'USD'],
      AvailableFunds: ['1000000.00', 'USD'],
      InitMarginReq: ['0.00', 'USD'],
      MaintMarginReq: ['0.00', 'USD'],
      GrossPositionValue: ['0.00', 'USD'],
      Cushion: ['1', ''],
    });
  });

  it('a fill pushes the position to every subscribed client and moves cash, margin and net liquidation', async () => {
    const watcher = await sim.connect(2);
    await positions(s);
    await positions(watcher);
    await summary(s, 1);
    const q = sim.gw.engine.quote(AAPL_CON_ID)!;
    const mid = (q.bid + q.ask) / 2;
    const m = s.mark();
    const mw = watcher.mark();
    s.api.placeOrder(s.firstOrderId, AAPL, order({ action: 'BUY', orderType: 'MKT', totalQuantity: 100 }));
    await s.orderStatus(s.firstOrderId, 'Filled', m);

    // The position, with IB's average cost: price plus commission per share ($1 minimum on 100 shares).
    const [acct, c, pos, avgCost] = await s.waitFor('position', () => true, m);
    expect([acct, c.conId, c.symbol, pos]).toEqual([ACCOUNT, AAPL_CON_ID, 'AAPL', 100]);
    expect(avgCost).toBeCloseTo((100 * q.ask + 1) / 100, 9);
    // Client 2 placed nothing but sees the account's position too.
    const [, cw, posw] = await watcher.waitFor('position', () => true, mw);
    expect([cw.conId, posw]).toEqual([AAPL_CON_ID, 100]);

    // The live summary subscription got new values after the fill.
    await s.waitFor('accountSummaryEnd', (r) => r === 1, m);
    const pushed = Object.fromEntries(s.all('accountSummary', m).map((r) => [r[2], Number(r[3])]));
    const cash = 1_000_000 - 100 * q.ask - 1;
    expect(pushed['TotalCashValue']).toBeCloseTo(cash, 2);
    expect(pushed['NetLiquidation']).toBeCloseTo(cash + 100 * mid, 2);
    expect(pushed['GrossPositionValue']).toBeCloseTo(100 * mid, 2);
    expect(pushed['InitMarginReq']).toBeCloseTo(0.5 * 100 * mid, 2);
    expect(pushed['MaintMarginReq']).toBeCloseTo(0.25 * 100 * mid, 2);
    expect(pushed['AvailableFunds']).toBeCloseTo(cash + 100 * mid - 0.5 * 100 * mid, 2);
  });

  it('net liquidation follows the price; selling out leaves a flat position and the realized result in cash', async () => {
    const id = s.firstOrderId;
    const m = s.mark();
    s.api.placeOrder(id, AAPL, order({ action: 'BUY', orderType: 'MKT', totalQuantity: 1000 }));
    await s.orderStatus(id, 'Filled', m);
    const buyPrice = s.all('execDetails', m)[0]![2].price!;
    const before = Number((await summary(s, 1, 'NetLiquidation'))['NetLiquidation']![0]);
    s.api.cancelAccountSummary(1);

    sim.gw.setPrice(AAPL_CON_ID, 210);
    const after = Number((await summary(s, 2, 'NetLiquidation'))['NetLiquidation']![0]);
    const q = sim.gw.engine.quote(AAPL_CON_ID)!;
    expect(after - before).toBeGreaterThan(9000);
    expect(after).toBeCloseTo(1_000_000 - 1000 * buyPrice - 5 + 1000 * ((q.bid + q.ask) / 2), 2);
    s.api.cancelAccountSummary(2);

    const m2 = s.mark();
    s.api.placeOrder(id + 1, AAPL, order({ action: 'SELL', orderType: 'MKT', totalQuantity: 1000 }));
    await s.orderStatus(id + 1, 'Filled', m2);
    const sellPrice = s.all('execDetails', m2)[0]![2].price!;
    expect((await positions(s)).map((p) => [p[1].conId, p[2]])).toEqual([[AAPL_CON_ID, 0]]);
    const end = await summary(s, 3, 'TotalCashValue,NetLiquidation,GrossPositionValue');
    expect(Number(end['TotalCashValue']![0])).toBeCloseTo(1_000_000 + 1000 * (sellPrice - buyPrice) - 10, 2);
    expect(end['NetLiquidation']![0]).toBe(end['TotalCashValue']![0]);
    expect(end['GrossPositionValue']![0]).toBe('0.00');
  });

  it('a futures position\'s average cost includes the multiplier (ES: 50) and the $2.25 commission', async () => {
    const cd = 77;
    const m0 = s.mark();
    s.api.reqContractDetails(cd, contract({ symbol: 'ES', secType: 'FUT', exchange: 'CME', currency: 'USD' }));
    const [[, es]] = (await s.collect('contractDetails', 'contractDetailsEnd', (r) => r === cd, m0)) as [EventArgs['contractDetails']];
    const m = s.mark();
    s.api.placeOrder(s.firstOrderId, { conId: es.contract.conId!, exchange: 'CME' }, order({ action: 'BUY', orderType: 'MKT', totalQuantity: 2 }));
    await s.orderStatus(s.firstOrderId, 'Filled', m);
    const price = s.all('execDetails', m)[0]![2].price!;
    const [, c, pos, avgCost] = (await positions(s))[0]!;
    expect([c.symbol, c.secType, c.multiplier, pos]).toEqual(['ES', 'FUT', 50, 2]);
    expect(avgCost).toBeCloseTo(price * 50 + 2.25, 6);
    expect(Number.isInteger(price * 4)).toBe(true); // on the 0.25 grid
  });

  it('only two account-summary subscriptions at a time: the third gets 322; cancelPositions stops position pushes', async () => {
    await summary(s, 1, 'NetLiquidation');
    await summary(s, 2, 'NetLiquidation');
    const m = s.mark();
    s.api.reqAccountSummary(3, 'All', 'NetLiquidation');
    expect((await s.waitForError(322, 3, m)).message).toMatch(/Maximum number of account summary requests exceeded/);
    s.api.cancelAccountSummary(1);
    await summary(s, 3, 'NetLiquidation');

    await positions(s);
    s.api.cancelPositions();
    const m2 = s.mark();
    s.api.placeOrder(s.firstOrderId, AAPL, order({ action: 'BUY', orderType: 'MKT', totalQuantity: 1 }));
    await s.orderStatus(s.firstOrderId, 'Filled', m2);
    s.api.reqCurrentTime();
    await s.waitFor('currentTime', () => true, m2);
    expect(s.all('position', m2)).toEqual([]);
  });
});
