// Executions and commission reports through @stoqey/ib at each version: the live pushes after
// fills (execDetails reqId −1 each followed by its commissionReport), commissions by IB's stock
// schedule, realized P&L on a closing trade and the "unset" sentinel on an opening one, and
// reqExecutions with each filter field (client, account, symbol, side, time; empty result too).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AAPL, AAPL_CON_ID, ACCOUNT, VERSIONS, contract, order, startSim } from './support/ib-session.ts';
import type { ExecutionFilter, IbSession, Sim } from './support/ib-session.ts';

const MSFT = contract({ symbol: 'MSFT', secType: 'STK', exchange: 'SMART', currency: 'USD' });

describe.each(VERSIONS)('executions and commissions at server version %i', (version) => {
  let sim: Sim;
  let s1: IbSession;
  let s2: IbSession;
  let buy: { price: number; execId: string };
  let sell: { price: number; execId: string };
  let buyId: number;
  let sellId: number;
  let msftId: number;
  let otherId: number;

  beforeAll(async () => {
    sim = await startSim(version);
    s1 = await sim.connect(1);
    s2 = await sim.connect(2);
    sim.gw.setPrice(AAPL_CON_ID, 230);
    // 10:00 client 1 buys 1,000 AAPL and 10 MSFT; client 2 buys 5 AAPL.
    buyId = s1.firstOrderId;
    msftId = buyId + 1;
    sellId = buyId + 2;
    otherId = s2.firstOrderId;
    s1.api.placeOrder(buyId, AAPL, order({ action: 'BUY', orderType: 'MKT', totalQuantity: 1000, orderRef: 'kx-buy' }));
    s1.api.placeOrder(msftId, MSFT, order({ action: 'BUY', orderType: 'MKT', totalQuantity: 10 }));
    s2.api.placeOrder(otherId, AAPL, order({ action: 'BUY', orderType: 'MKT', totalQuantity: 5 }));
    await s1.orderStatus(msftId, 'Filled');
    await s2.orderStatus(otherId, 'Filled');
    // 11:00 the price is up 10; client 1 sells 400.
    sim.gw.advanceClock(3600_000);
    sim.gw.setPrice(AAPL_CON_ID, 240);
    s1.api.placeOrder(sellId, AAPL, order({ action: 'SELL', orderType: 'MKT', totalQuantity: 400 }));
    await s1.orderStatus(sellId, 'Filled');
    await s1.waitFor('commissionReport', (c) => c.execId === s1.all('execDetails').find((e) => e[2].orderId === sellId)?.[2].execId);
    const exec = (id: number) => s1.all('execDetails').find((e) => e[2].orderId === id)![2];
    buy = { price: exec(buyId).price!, execId: exec(buyId).execId! };
    sell = { price: exec(sellId).price!, execId: exec(sellId).execId! };
  });
  afterAll(() => sim.close());

  it('live fills: execDetails (reqId −1) then its commissionReport, with IB stock commissions and realized P&L', () => {
    const live = s1.events.filter((e) => e.name === 'execDetails' || e.name === 'commissionReport');
    // Each execution is followed by the commission report of the same execId.
    for (let i = 0; i < live.length; i += 2) {
      const [reqId, , ex] = live[i]!.args as [number, unknown, { execId: string }];
      const [report] = live[i + 1]!.args as [{ execId: string }];
      expect(live[i]!.name).toBe('execDetails');
      expect(reqId).toBe(-1);
      expect(report.execId).toBe(ex.execId);
    }
    const reports = new Map(s1.all('commissionReport').map(([c]) => [c.execId, c]));
    // $0.005 a share, $1 minimum: 1,000 → $5, 400 → $2, 10 → $1.
    // An opening trade has no realized P&L: TWS sends the double sentinel, which @stoqey/ib turns into undefined.
    expect(reports.get(buy.execId)).toMatchObject({ commission: 5, currency: 'USD', realizedPNL: undefined });
    const sellReport = reports.get(sell.execId)!;
    expect(sellReport.commission).toBe(2);
    // Both clients trade the one account: its average cost includes client 2's 5 shares ($1 commission).
    const other = s2.all('execDetails')[0]![2];
    const avgCost = (1000 * buy.price + 5 + 5 * other.price! + 1) / 1005;
    expect(sellReport.realizedPNL).toBeCloseTo(400 * sell.price - 400 * avgCost - 2, 6);
    expect(sell.price).toBeGreaterThan(buy.price);
    // Client 1 was not told about client 2's fill.
    expect(s1.all('execDetails').map((e) => e[2].orderId).sort()).toEqual([buyId, msftId, sellId].sort());
    expect(s2.all('execDetails').map((e) => [e[2].orderId, e[2].shares, e[2].clientId])).toEqual([[otherId, 5, 2]]);
  });

  const request = async (filter: ExecutionFilter, reqId: number, who = () => s1): Promise<[number, number, string][]> => {
    const s = who();
    const m = s.mark();
    s.api.reqExecutions(reqId, filter);
    const rows = await s.collect('execDetails', 'execDetailsEnd', (r) => r === reqId, m);
    // Each requested execution is followed by its commission report too.
    const reports = s.all('commissionReport', m).map(([c]) => c.execId);
    expect(reports).toEqual(rows.map((r) => r[2].execId));
    expect(rows.every((r) => r[0] === reqId)).toBe(true);
    return rows.map((r) => [r[2].clientId!, r[2].orderId!, `${r[1].symbol} ${r[2].side} ${r[2].shares}`]);
  };

  it('an empty filter lists the day\'s executions of every client, each with its commission report', async () => {
    const rows = await request({}, 501);
    // The three 10:00 fills came from two sockets, so their order is the arrival order; the 11:00 sale is last.
    expect(rows.slice(0, 3).sort()).toEqual([[1, buyId, 'AAPL BOT 1000'], [1, msftId, 'MSFT BOT 10'], [2, otherId, 'AAPL BOT 5']].sort());
    expect(rows[3]).toEqual([1, sellId, 'AAPL SLD 400']);
  });

  it('filters by client id, account, symbol and side', async () => {
    expect(await request({ clientId: '2' }, 502)).toEqual([[2, otherId, 'AAPL BOT 5']]);
    expect(await request({ symbol: 'MSFT' }, 503)).toEqual([[1, msftId, 'MSFT BOT 10']]);
    expect(await request({ side: 'SELL' }, 504)).toEqual([[1, sellId, 'AAPL SLD 400']]);
    expect((await request({ acctCode: ACCOUNT, clientId: '1', symbol: 'AAPL' }, 505)).map((r) => r[1])).toEqual([buyId, sellId]);
    expect(await request({ acctCode: 'DU0000000' }, 506)).toEqual([]);
  });

  it('filters by time: UTC `yyyymmdd-hh:mm:ss` and New York `yyyymmdd hh:mm:ss` both mean "from then on"', async () => {
    expect(await request({ time: '20261123-15:30:00' }, 507)).toEqual([[1, sellId, 'AAPL SLD 400']]);
    expect(await request({ time: '20261123 10:30:00' }, 508)).toEqual([[1, sellId, 'AAPL SLD 400']]);
    expect((await request({ time: '20261123 09:30:00' }, 509))).toHaveLength(4);
  });

  it('execution fields carry the contract, venue, times and cumulative quantities', async () => {
    const m = s1.mark();
    s1.api.reqExecutions(510, { clientId: '1', symbol: 'AAPL' });
    const rows = await s1.collect('execDetails', 'execDetailsEnd', (r) => r === 510, m);
    const [, c, e] = rows[0]!;
    expect(c).toMatchObject({ conId: AAPL_CON_ID, symbol: 'AAPL', secType: 'STK', currency: 'USD', exchange: 'ISLAND' });
    expect(e).toMatchObject({ orderId: buyId, clientId: 1, acctNumber: ACCOUNT, side: 'BOT', shares: 1000, cumQty: 1000, avgPrice: buy.price, orderRef: 'kx-buy', exchange: 'ISLAND', time: '20261123 10:00:00 America/New_York' });
    expect(rows[1]![2]).toMatchObject({ orderId: sellId, time: '20261123 11:00:00 America/New_York', side: 'SLD', shares: 400 });
  });
});
