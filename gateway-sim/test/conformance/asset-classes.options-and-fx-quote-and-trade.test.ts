// Beyond stocks, through @stoqey/ib at each version: an AAPL call (details, a snapshot priced
// from its underlying, a fill with the option commission and a ×100 average cost) and EUR.USD on
// IDEALPRO (no last-trade ticks, prices on the 0.00005 grid, a fill with the FX minimum commission).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AAPL_CON_ID, VERSIONS, contract, order, startSim } from './support/ib-session.ts';
import type { EventArgs, IbSession, Sim } from './support/ib-session.ts';

const TICK = { bid: 1, ask: 2, last: 4, high: 6, low: 7, close: 9, open: 14 } as const;
const onGrid = (p: number, tick: number): boolean => Math.abs(p / tick - Math.round(p / tick)) < 1e-6;

describe.each(VERSIONS)('options and FX at server version %i', (version) => {
  let sim: Sim;
  let s: IbSession;
  let reqId = 300;
  let orderId: number;
  beforeAll(async () => {
    sim = await startSim(version);
    s = await sim.connect(1);
    orderId = s.firstOrderId;
    sim.gw.setPrice(AAPL_CON_ID, 230);
  });
  afterAll(() => sim.close());

  const snapshot = async (c: Parameters<IbSession['api']['reqMktData']>[1]): Promise<{ id: number; prices: Map<number, number>; m: number }> => {
    const id = ++reqId;
    const m = s.mark();
    s.api.reqMktData(id, c, '', true, false);
    await s.waitFor('tickSnapshotEnd', (r) => r === id, m);
    return { id, m, prices: new Map(s.all('tickPrice', m).filter((t) => t[0] === id).map((t) => [t[1], t[2]])) };
  };

  it('an AAPL 230 call: details with strike, right, multiplier and underlying; a snapshot; a fill at ×100', async () => {
    const cd = ++reqId;
    const m0 = s.mark();
    s.api.reqContractDetails(cd, contract({ symbol: 'AAPL', secType: 'OPT', exchange: 'SMART', currency: 'USD', strike: 230, right: 'C' }));
    const found = (await s.collect('contractDetails', 'contractDetailsEnd', (r) => r === cd, m0)) as EventArgs['contractDetails'][];
    expect(found.length).toBeGreaterThan(1); // one per expiry
    const [, d] = found.sort((a, b) => (a[1].contract.lastTradeDateOrContractMonth ?? '').localeCompare(b[1].contract.lastTradeDateOrContractMonth ?? ''))[0]!;
    expect(d.contract).toMatchObject({ symbol: 'AAPL', secType: 'OPT', strike: 230, right: 'C', multiplier: 100, currency: 'USD', tradingClass: 'AAPL' });
    expect(d.contract.localSymbol).toMatch(/^AAPL {2}\d{6}C00230000$/);
    expect(d).toMatchObject({ underConId: AAPL_CON_ID, minTick: 0.01 });

    const conId = d.contract.conId!;
    const { prices } = await snapshot({ conId, exchange: 'SMART' });
    const bid = prices.get(TICK.bid)!;
    const ask = prices.get(TICK.ask)!;
    expect(bid).toBeGreaterThan(0);
    expect(ask).toBeGreaterThan(bid);
    expect(onGrid(bid, 0.01) && onGrid(ask, 0.01)).toBe(true);
    // At the money with weeks to run: worth more than nothing, far less than the stock.
    expect(ask).toBeLessThan(30);

    const id = orderId++;
    const m = s.mark();
    s.api.placeOrder(id, { conId, exchange: 'SMART' }, order({ action: 'BUY', orderType: 'MKT', totalQuantity: 2 }));
    const [, , filled, , avg] = await s.orderStatus(id, 'Filled', m);
    expect([filled, avg]).toEqual([2, ask]);
    const [report] = await s.waitFor('commissionReport', () => true, m);
    expect(report.commission).toBeCloseTo(1.3, 9); // $0.65 a contract
    const mp = s.mark();
    s.api.reqPositions();
    const pos = await s.collect('position', 'positionEnd', () => true, mp);
    const opt = pos.find((p) => p[1].conId === conId)!;
    expect([opt[1].secType, opt[1].right, opt[2]]).toEqual(['OPT', 'C', 2]);
    expect(opt[3]).toBeCloseTo((2 * ask * 100 + 1.3) / 2, 6);
  });

  it('EUR.USD: a snapshot without last-trade ticks on the 0.00005 grid, and a 20,000 EUR buy', async () => {
    const eurusd = contract({ symbol: 'EUR', secType: 'CASH', exchange: 'IDEALPRO', currency: 'USD' });
    const { prices, id: tid, m: tm } = await snapshot(eurusd);
    expect(prices.has(TICK.last)).toBe(false);
    expect(s.all('tickString', tm).filter((t) => t[0] === tid)).toEqual([]);
    const bid = prices.get(TICK.bid)!;
    const ask = prices.get(TICK.ask)!;
    expect(bid).toBeGreaterThan(1);
    expect(bid).toBeLessThan(1.2);
    expect(ask).toBeGreaterThan(bid);
    for (const p of prices.values()) expect(onGrid(p, 0.00005)).toBe(true);

    const id = orderId++;
    const m = s.mark();
    s.api.placeOrder(id, eurusd, order({ action: 'BUY', orderType: 'MKT', totalQuantity: 20_000 }));
    const [, , filled, , avg] = await s.orderStatus(id, 'Filled', m);
    expect([filled, avg]).toEqual([20_000, ask]);
    const [, c, e] = s.all('execDetails', m)[0]!;
    expect([c.symbol, c.secType, c.currency, e.exchange, e.side]).toEqual(['EUR', 'CASH', 'USD', 'IDEALPRO', 'BOT']);
    const [report] = await s.waitFor('commissionReport', () => true, m);
    expect(report.commission).toBe(2); // 0.2 bp of ~21,700 USD is under the $2 minimum
  });
});
