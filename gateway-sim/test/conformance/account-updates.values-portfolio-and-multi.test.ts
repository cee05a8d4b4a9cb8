// reqAccountUpdates and reqAccountUpdatesMulti through @stoqey/ib at each version (ib_async calls
// both at connect): account values, the portfolio with market value and P&L, the time stamp and
// the end marker; pushes after a fill until unsubscribed; the ledger-only flavour of the multi
// request; an unknown account refused. Raw field counts are checked too: the official decoders
// drop these messages when a count is off.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AAPL, AAPL_CON_ID, ACCOUNT, VERSIONS, order, startSim } from './support/ib-session.ts';
import type { IbSession, Sim } from './support/ib-session.ts';

describe.each(VERSIONS)('account updates at server version %i', (version) => {
  let sim: Sim;
  let s: IbSession;
  beforeEach(async () => {
    sim = await startSim(version);
    s = await sim.connect(1);
    sim.gw.setPrice(AAPL_CON_ID, 200);
  });
  afterEach(() => sim.close());

  const valuesSince = (m: number): Map<string, string> =>
    new Map(s.all('updateAccountValue', m).map(([key, value, currency]) => [`${key}/${currency}`, value]));

  it('subscribing lists the account values, the portfolio, the time and the end; a fill pushes new ones', async () => {
    const m = s.mark();
    s.api.reqAccountUpdates(true, ACCOUNT);
    await s.waitFor('accountDownloadEnd', (a) => a === ACCOUNT, m);
    const v = valuesSince(m);
    expect(v.get('AccountCode/')).toBe(ACCOUNT);
    expect(v.get('NetLiquidation/USD')).toBe('1000000.00');
    expect(v.get('TotalCashValue/USD')).toBe('1000000.00');
    expect(v.get('CashBalance/BASE')).toBe('1000000.00');
    expect(v.get('BuyingPower/USD')).toBe('4000000.00');
    expect(s.all('updateAccountValue', m).every((a) => a[3] === ACCOUNT)).toBe(true);
    expect(s.all('updatePortfolio', m)).toEqual([]);
    expect(s.all('updateAccountTime', m)).toEqual([['10:00']]);
    expect(s.names(m, ['updateAccountValue', 'updateAccountTime', 'accountDownloadEnd']).slice(-2)).toEqual(['updateAccountTime', 'accountDownloadEnd']);
    expect(new Set(s.raw('6', m).map((f) => f.length))).toEqual(new Set([6]));
    expect(s.raw('8', m).map((f) => f.length)).toEqual([3]);
    expect(s.raw('54', m)).toEqual([['54', '1', ACCOUNT]]);

    const q = sim.gw.engine.quote(AAPL_CON_ID)!;
    const m2 = s.mark();
    s.api.placeOrder(s.firstOrderId, AAPL, order({ action: 'BUY', orderType: 'MKT', totalQuantity: 100 }));
    await s.orderStatus(s.firstOrderId, 'Filled', m2);
    const [c, pos, marketPrice, marketValue, averageCost, unrealized, realized, account] = await s.waitFor('updatePortfolio', () => true, m2);
    const mid = (q.bid + q.ask) / 2;
    expect([c.conId, c.symbol, c.primaryExch, pos, account, realized]).toEqual([AAPL_CON_ID, 'AAPL', 'NASDAQ', 100, ACCOUNT, 0]);
    expect(marketPrice).toBeCloseTo(mid, 9);
    expect(marketValue).toBeCloseTo(100 * mid, 2);
    expect(averageCost).toBeCloseTo((100 * q.ask + 1) / 100, 9);
    expect(unrealized).toBeCloseTo(100 * mid - (100 * q.ask + 1), 2);
    expect(s.raw('7', m2).map((f) => f.length)).toEqual([20]);
    await s.waitFor('updateAccountValue', (key, _v, ccy) => key === 'TotalCashValue' && ccy === 'USD', m2);
    expect(Number(valuesSince(m2).get('TotalCashValue/USD'))).toBeCloseTo(1_000_000 - 100 * q.ask - 1, 2);

    // Unsubscribed: the next fill pushes nothing.
    s.api.reqAccountUpdates(false, ACCOUNT);
    const m3 = s.mark();
    s.api.placeOrder(s.firstOrderId + 1, AAPL, order({ action: 'BUY', orderType: 'MKT', totalQuantity: 1 }));
    await s.orderStatus(s.firstOrderId + 1, 'Filled', m3);
    s.api.reqCurrentTime();
    await s.waitFor('currentTime', () => true, m3);
    expect(s.all('updateAccountValue', m3)).toEqual([]);
    expect(s.all('updatePortfolio', m3)).toEqual([]);
  });

  it('an existing position is listed at subscription with its P&L after a price move', async () => {
    const m = s.mark();
    s.api.placeOrder(s.firstOrderId, AAPL, order({ action: 'BUY', orderType: 'MKT', totalQuantity: 10 }));
    await s.orderStatus(s.firstOrderId, 'Filled', m);
    const bought = s.all('execDetails', m)[0]![2].price!;
    sim.gw.setPrice(AAPL_CON_ID, 210);
    const m2 = s.mark();
    s.api.reqAccountUpdates(true, '');
    await s.waitFor('accountDownloadEnd', () => true, m2);
    const rows = s.all('updatePortfolio', m2);
    expect(rows.map((r) => [r[0].conId, r[1]])).toEqual([[AAPL_CON_ID, 10]]);
    expect(rows[0]![5]).toBeCloseTo(10 * rows[0]![2] - (10 * bought + 1), 2);
    expect(rows[0]![5]).toBeGreaterThan(90);
    // The portfolio comes after the values, before the time stamp.
    expect(s.names(m2, ['updateAccountValue', 'updatePortfolio', 'updateAccountTime']).slice(-2)).toEqual(['updatePortfolio', 'updateAccountTime']);
  });

  it('reqAccountUpdatesMulti: every value then the end, the ledger-only flavour, pushes until cancelled', async () => {
    const m = s.mark();
    s.api.reqAccountUpdatesMulti(9001, 'All', '', false);
    await s.waitFor('accountUpdateMultiEnd', (r) => Number(r) === 9001, m);
    const all = s.all('accountUpdateMulti', m);
    expect(all.every((a) => a[0] === 9001 && a[1] === ACCOUNT && a[2] === '')).toBe(true);
    expect(all.find((a) => a[3] === 'NetLiquidation')?.slice(4)).toEqual(['1000000.00', 'USD']);
    expect(new Set(s.raw('73', m).map((f) => f.length))).toEqual(new Set([8]));

    const m2 = s.mark();
    s.api.reqAccountUpdatesMulti(9002, ACCOUNT, '', true);
    await s.waitFor('accountUpdateMultiEnd', (r) => Number(r) === 9002, m2);
    const ledger = new Set(s.all('accountUpdateMulti', m2).map((a) => a[3]));
    expect(ledger).toEqual(new Set(['CashBalance', 'TotalCashBalance', 'NetLiquidationByCurrency', 'RealizedPnL', 'UnrealizedPnL', 'NetLiquidation']));
    expect(ledger.size).toBeLessThan(new Set(all.map((a) => a[3])).size);

    s.api.cancelAccountUpdatesMulti(9001);
    const m3 = s.mark();
    s.api.placeOrder(s.firstOrderId, AAPL, order({ action: 'BUY', orderType: 'MKT', totalQuantity: 100 }));
    await s.orderStatus(s.firstOrderId, 'Filled', m3);
    await s.waitFor('accountUpdateMulti', (r, _a, _m, key, _v, ccy) => r === 9002 && key === 'CashBalance' && ccy === 'USD', m3);
    expect(s.all('accountUpdateMulti', m3).filter((a) => a[0] === 9001)).toEqual([]);
    const cash = s.all('accountUpdateMulti', m3).find((a) => a[3] === 'CashBalance' && a[5] === 'USD')?.[4];
    expect(Number(cash)).toBeLessThan(1_000_000 - 100 * 199);
  });

  it('an account the gateway does not manage is refused with 321', async () => {
    const m = s.mark();
    s.api.reqAccountUpdates(true, 'DU0000000');
    expect((await s.waitForError(321, -1, m)).message).toMatch(/Invalid account code DU0000000/);
    s.api.reqAccountUpdatesMulti(9003, 'DU0000000', '', false);
    await s.waitForError(321, 9003, m);
    expect(s.all('accountDownloadEnd', m)).toEqual([]);
  });
});
