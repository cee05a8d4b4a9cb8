// reqPnL / reqPnLSingle through @stoqey/ib at each version: the first answer at once, new values
// after a fill and after a price change (pushed by the engine's time-driven work once a simulated
// second has passed, so the tests move the clock instead of waiting), realized P&L after a closing
// fill, nothing after the cancel, and answers on the request's own id for an unknown account or
// instrument. Expected values are worked out here from the fill price and the quote, not read back
// from the simulator's P&L code.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AAPL, AAPL_CON_ID, ACCOUNT, VERSIONS, order, startSim } from './support/ib-session.ts';
import type { EventArgs, IbSession, Sim } from './support/ib-session.ts';

describe.each(VERSIONS)('P&L subscriptions at server version %i', (version) => {
  let sim: Sim;
  let s: IbSession;
  beforeEach(async () => {
    sim = await startSim(version);
    s = await sim.connect(1);
    sim.gw.setPrice(AAPL_CON_ID, 200);
  });
  afterEach(() => sim.close());

  const mid = (): number => {
    const q = sim.gw.engine.quote(AAPL_CON_ID)!;
    return (q.bid + q.ask) / 2;
  };
  /** Places a market order, waits for the fill; returns the fill price and the realized P&L IB reported. */
  const trade = async (orderId: number, action: 'BUY' | 'SELL', qty: number): Promise<{ price: number; realized: number | undefined }> => {
    const m = s.mark();
    s.api.placeOrder(orderId, AAPL, order({ action, orderType: 'MKT', totalQuantity: qty }));
    const [, , exec] = await s.waitFor('execDetails', (_r, _c, e) => e.orderId === orderId, m);
    const [report] = await s.waitFor('commissionReport', (r) => r.execId === exec.execId, m);
    return { price: exec.price!, realized: report.realizedPNL };
  };
  /** Lets a simulated second pass and waits for the subscription's next push. */
  const nextPnl = async (reqId: number): Promise<EventArgs['pnl']> => {
    const m = s.mark();
    sim.gw.advanceClock(1000);
    return s.waitFor('pnl', (r) => r === reqId, m);
  };
  const nextPnlSingle = async (reqId: number): Promise<EventArgs['pnlSingle']> => {
    const m = s.mark();
    sim.gw.advanceClock(1000);
    return s.waitFor('pnlSingle', (r) => r === reqId, m);
  };
  /** Proves nothing arrived for `name` while the clock moved: a later answer on the same socket comes after any push. */
  const nothingAfterCancel = async (name: 'pnl' | 'pnlSingle'): Promise<void> => {
    let m = s.mark();
    s.api.reqCurrentTime();
    await s.waitFor('currentTime', () => true, m); // the cancel sent before it has been served
    m = s.mark();
    sim.gw.setPrice(AAPL_CON_ID, 150);
    sim.gw.advanceClock(3000);
    s.api.reqCurrentTime();
    await s.waitFor('currentTime', () => true, m);
    expect(s.all(name, m)).toEqual([]);
  };

  it('reqPnL: zeros at once, then daily and unrealized P&L after a fill and a price move, realized after the close', async () => {
    const m = s.mark();
    s.api.reqPnL(9001, ACCOUNT, '');
    expect(await s.waitFor('pnl', (r) => r === 9001, m)).toEqual([9001, 0, 0, 0]);

    const buy = await trade(s.firstOrderId, 'BUY', 100);
    const [, daily, unrealized, realized] = await nextPnl(9001);
    // Opened today: daily = unrealized = the move from the fill price, less the $1 commission.
    expect(daily).toBeCloseTo(100 * (mid() - buy.price) - 1, 4);
    expect(unrealized).toBeCloseTo(daily, 4);
    expect(realized).toBe(0);

    sim.gw.setPrice(AAPL_CON_ID, 210);
    const [, movedDaily, movedUnrealized] = await nextPnl(9001);
    expect(movedDaily).toBeCloseTo(100 * (mid() - buy.price) - 1, 4);
    expect(movedDaily).toBeGreaterThan(daily + 900);
    expect(movedUnrealized).toBeCloseTo(movedDaily, 4);

    const sell = await trade(s.firstOrderId + 1, 'SELL', 100);
    expect(sell.realized).toBeCloseTo(100 * (sell.price - buy.price) - 2, 4);
    const [, closedDaily, closedUnrealized, closedRealized] = await nextPnl(9001);
    expect(closedUnrealized).toBe(0);
    expect(closedRealized).toBeCloseTo(sell.realized!, 4);
    expect(closedDaily).toBeCloseTo(sell.realized!, 4);

    s.api.cancelPnL(9001);
    await nothingAfterCancel('pnl');
  });

  it('reqPnLSingle: position 0 with realized P&L unset before any trade, then position, P&L and value that follow the fill and the price', async () => {
    const m = s.mark();
    s.api.reqPnLSingle(9002, ACCOUNT, '', AAPL_CON_ID);
    expect(await s.waitFor('pnlSingle', (r) => r === 9002, m)).toEqual([9002, 0, 0, 0, undefined, 0]);
    // On the wire: 7 fields, the unset realized P&L as TWS's double sentinel.
    expect(s.raw('95', m)[0]).toEqual(['95', '9002', '0', '0.0', '0.0', '1.7976931348623157E308', '0.0']);

    const buy = await trade(s.firstOrderId, 'BUY', 100);
    const [, pos, daily, unrealized, realized, value] = await nextPnlSingle(9002);
    expect(pos).toBe(100);
    expect(value).toBeCloseTo(100 * mid(), 4);
    expect(daily).toBeCloseTo(100 * (mid() - buy.price) - 1, 4);
    expect(unrealized).toBeCloseTo(daily, 4);
    expect(realized).toBe(0); // traded today, nothing closed

    sim.gw.setPrice(AAPL_CON_ID, 190);
    const [, , lowerDaily, , , lowerValue] = await nextPnlSingle(9002);
    expect(lowerValue).toBeCloseTo(100 * mid(), 4);
    expect(lowerDaily).toBeCloseTo(100 * (mid() - buy.price) - 1, 4);
    expect(lowerDaily).toBeLessThan(daily - 900);

    s.api.cancelPnLSingle(9002);
    await nothingAfterCancel('pnlSingle');
  });

  it('the same request id again replaces its subscription: two first answers, then one push per change', async () => {
    let m = s.mark();
    s.api.reqPnL(9005, ACCOUNT, '');
    s.api.reqPnL(9005, 'All', '');
    s.api.reqCurrentTime();
    await s.waitFor('currentTime', () => true, m);
    expect(s.all('pnl', m)).toEqual([[9005, 0, 0, 0], [9005, 0, 0, 0]]);
    await trade(s.firstOrderId, 'BUY', 10);
    m = s.mark();
    sim.gw.advanceClock(1000);
    s.api.reqCurrentTime();
    await s.waitFor('currentTime', () => true, m);
    expect(s.all('pnl', m)).toHaveLength(1);
  });

  it('an unknown account is refused with 321 and an unknown instrument with 200, each on its request id', async () => {
    const m = s.mark();
    s.api.reqPnL(9003, 'DU0000000', '');
    s.api.reqPnLSingle(9004, ACCOUNT, '', 999_999_999);
    expect((await s.waitForError(321, 9003, m)).message).toContain('Invalid account code DU0000000');
    expect((await s.waitForError(200, 9004, m)).message).toContain('No security definition');
    expect(s.all('pnl', m)).toEqual([]);
    expect(s.all('pnlSingle', m)).toEqual([]);
  });
});
