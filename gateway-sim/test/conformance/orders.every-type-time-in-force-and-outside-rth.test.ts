// Every order type and time in force through @stoqey/ib at each version, on a pinned clock in
// regular trading hours: the statuses in order, fill prices against the engine's quote and the
// order's limit/stop, trailing stops that ratchet with the market, DAY expiry at the close, IOC,
// and outsideRth after the close. Prices move only through the gateway's set-price/clock hooks.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AAPL, AAPL_CON_ID, ACCOUNT, VERSIONS, order, startSim } from './support/ib-session.ts';
import type { IbSession, OrderInput, Sim } from './support/ib-session.ts';

const onCents = (p: number): boolean => Math.abs(p * 100 - Math.round(p * 100)) < 1e-6;

describe.each(VERSIONS)('order types at server version %i', (version) => {
  let sim: Sim;
  let s: IbSession;
  let nextId: number;
  beforeEach(async () => {
    sim = await startSim(version);
    s = await sim.connect(1);
    nextId = s.firstOrderId;
  });
  afterEach(() => sim.close());

  const quote = () => sim.gw.engine.quote(AAPL_CON_ID)!;
  /** Places an order; returns its id and the log mark before it. */
  const place = (input: OrderInput): { id: number; m: number } => {
    const id = nextId++;
    const m = s.mark();
    s.api.placeOrder(id, AAPL, order(input));
    return { id, m };
  };

  it('MKT buys at the ask at once: PreSubmitted then Filled, one execution, echoed order fields', async () => {
    const q = quote();
    const { id, m } = place({ action: 'BUY', orderType: 'MKT', totalQuantity: 100, orderRef: 'kx-mkt' });
    const [, , filled, remaining, avg, permId, parentId, last, clientId] = await s.orderStatus(id, 'Filled', m);
    expect(s.statuses(id, m)).toEqual(['PreSubmitted', 'Filled']);
    expect([filled, remaining, avg, last, parentId, clientId]).toEqual([100, 0, q.ask, q.ask, 0, 1]);
    expect(permId).toBeGreaterThan(0);
    const opens = s.all('openOrder', m).filter((a) => a[0] === id);
    expect(opens.map((a) => a[3].status)).toEqual(['PreSubmitted', 'Filled']);
    const [, c, o] = opens[0]!;
    expect(c).toMatchObject({ conId: AAPL_CON_ID, symbol: 'AAPL', secType: 'STK', exchange: 'SMART', currency: 'USD' });
    expect(o).toMatchObject({ action: 'BUY', totalQuantity: 100, orderType: 'MKT', orderRef: 'kx-mkt', account: ACCOUNT, permId, clientId: 1, tif: 'DAY' });
    const execs = s.all('execDetails', m);
    expect(execs).toHaveLength(1);
    expect(execs[0]![0]).toBe(-1);
    expect(execs[0]![2]).toMatchObject({ orderId: id, side: 'BOT', shares: 100, price: q.ask, cumQty: 100, avgPrice: q.ask, acctNumber: ACCOUNT, exchange: 'ISLAND', permId });
  });

  it('LMT below the market rests as Submitted, then fills at or under its limit when the price comes down', async () => {
    const q = quote();
    const limit = Math.round((q.bid - 5) * 100) / 100;
    const { id, m } = place({ action: 'BUY', orderType: 'LMT', totalQuantity: 50, lmtPrice: limit, tif: 'GTC' });
    await s.orderStatus(id, 'Submitted', m);
    expect(s.statuses(id, m)).toEqual(['PreSubmitted', 'Submitted']);
    expect(s.all('openOrder', m).find((a) => a[0] === id)?.[2]).toMatchObject({ lmtPrice: limit, tif: 'GTC', orderType: 'LMT' });
    expect(s.all('execDetails', m)).toEqual([]);

    sim.gw.setPrice(AAPL_CON_ID, limit - 1);
    const [, , filled, , avg] = await s.orderStatus(id, 'Filled', m);
    expect(filled).toBe(50);
    expect(avg).toBeLessThanOrEqual(limit);
    expect(avg).toBe(quote().ask);
    expect(onCents(avg)).toBe(true);
  });

  it('LMT above the market (marketable) fills at once at the ask, not at its limit', async () => {
    const q = quote();
    const { id, m } = place({ action: 'BUY', orderType: 'LMT', totalQuantity: 10, lmtPrice: Math.round((q.ask + 3) * 100) / 100 });
    const [, , , , avg] = await s.orderStatus(id, 'Filled', m);
    expect(avg).toBe(q.ask);
  });

  it('STP sell stays PreSubmitted until the market trades through the stop, then fills at the bid', async () => {
    const q = quote();
    const stop = Math.round((q.bid - 4) * 100) / 100;
    const { id, m } = place({ action: 'SELL', orderType: 'STP', totalQuantity: 20, auxPrice: stop, tif: 'GTC' });
    await s.orderStatus(id, 'PreSubmitted', m);
    sim.gw.setPrice(AAPL_CON_ID, stop + 1);
    s.api.reqCurrentTime();
    await s.waitFor('currentTime', () => true, m);
    expect(s.statuses(id, m)).toEqual(['PreSubmitted']);

    sim.gw.setPrice(AAPL_CON_ID, stop - 0.5);
    const [, , filled, , avg] = await s.orderStatus(id, 'Filled', m);
    expect(filled).toBe(20);
    expect(avg).toBe(quote().bid);
    expect(avg).toBeLessThanOrEqual(stop);
    expect(s.all('openOrder', m).find((a) => a[0] === id)?.[2]).toMatchObject({ orderType: 'STP', auxPrice: stop });
  });

  it('STP LMT buy triggers at its stop and fills only within its limit', async () => {
    const q = quote();
    const stop = Math.round((q.ask + 2) * 100) / 100;
    const limit = Math.round((stop + 1) * 100) / 100;
    const { id, m } = place({ action: 'BUY', orderType: 'STP LMT', totalQuantity: 30, auxPrice: stop, lmtPrice: limit, tif: 'GTC' });
    await s.orderStatus(id, 'PreSubmitted', m);
    // Gapping far through the limit triggers the stop but cannot fill: the order now rests as a limit.
    sim.gw.setPrice(AAPL_CON_ID, limit + 5);
    await s.orderStatus(id, 'Submitted', m);
    expect(s.all('execDetails', m)).toEqual([]);
    sim.gw.setPrice(AAPL_CON_ID, limit - 0.3);
    const [, , filled, , avg] = await s.orderStatus(id, 'Filled', m);
    expect(filled).toBe(30);
    expect(avg).toBeLessThanOrEqual(limit);
    expect(s.all('openOrder', m).find((a) => a[0] === id)?.[2]).toMatchObject({ orderType: 'STP LMT', auxPrice: stop, lmtPrice: limit });
  });

  it('TRAIL with an amount: the stop ratchets up behind a rising market, never down, and fires on the pullback', async () => {
    sim.gw.setPrice(AAPL_CON_ID, 230);
    const { id, m } = place({ action: 'SELL', orderType: 'TRAIL', totalQuantity: 10, auxPrice: 1.5, tif: 'GTC' });
    await s.orderStatus(id, 'PreSubmitted', m);
    const trailStop = async (): Promise<number | undefined> => {
      const mk = s.mark();
      s.api.reqOpenOrders();
      await s.waitFor('openOrderEnd', () => true, mk);
      return s.all('openOrder', mk).find((a) => a[0] === id)?.[2].trailStopPrice;
    };
    expect(await trailStop()).toBe(228.5);
    sim.gw.setPrice(AAPL_CON_ID, 236);
    expect(await trailStop()).toBe(234.5);
    sim.gw.setPrice(AAPL_CON_ID, 235);
    expect(await trailStop()).toBe(234.5);
    expect(s.transitions(id, m)).toEqual(['PreSubmitted']);
    sim.gw.setPrice(AAPL_CON_ID, 234);
    const [, , filled, , avg] = await s.orderStatus(id, 'Filled', m);
    expect(filled).toBe(10);
    expect(avg).toBe(quote().bid);
    expect(avg).toBeLessThanOrEqual(234.5);
  });

  it('TRAIL with a percent: a buy stop follows a falling market at 2 % above it and fires on the bounce', async () => {
    sim.gw.setPrice(AAPL_CON_ID, 200);
    const { id, m } = place({ action: 'BUY', orderType: 'TRAIL', totalQuantity: 5, trailingPercent: 2, tif: 'GTC' });
    await s.orderStatus(id, 'PreSubmitted', m);
    const mk = s.mark();
    s.api.reqOpenOrders();
    await s.waitFor('openOrderEnd', () => true, mk);
    const o = s.all('openOrder', mk).find((a) => a[0] === id)?.[2];
    expect(o).toMatchObject({ orderType: 'TRAIL', trailingPercent: 2, trailStopPrice: 204 });
    sim.gw.setPrice(AAPL_CON_ID, 190);
    sim.gw.setPrice(AAPL_CON_ID, 193);
    expect(s.transitions(id, m)).toEqual(['PreSubmitted']);
    sim.gw.setPrice(AAPL_CON_ID, 193.9);
    const [, , filled, , avg] = await s.orderStatus(id, 'Filled', m);
    expect(filled).toBe(5);
    expect(avg).toBeGreaterThanOrEqual(193.8);
    expect(avg).toBe(quote().ask);
  });

  it('TIF: a resting DAY order is cancelled by the system at the 16:00 close (202); a GTC order survives', async () => {
    const q = quote();
    const low = Math.round((q.bid - 10) * 100) / 100;
    const day = place({ action: 'BUY', orderType: 'LMT', totalQuantity: 1, lmtPrice: low, tif: 'DAY' });
    const gtc = place({ action: 'BUY', orderType: 'LMT', totalQuantity: 1, lmtPrice: low, tif: 'GTC' });
    await s.orderStatus(gtc.id, 'Submitted', day.m);
    sim.gw.advanceClock(5.5 * 3600_000 + 60_000); // 10:00 → 15:31: still open
    s.api.reqCurrentTime();
    await s.waitFor('currentTime', () => true, day.m);
    expect(s.statuses(day.id, day.m)).toEqual(['PreSubmitted', 'Submitted']);
    sim.gw.advanceClock(30 * 60_000); // 16:01
    await s.orderStatus(day.id, 'Cancelled', day.m);
    expect(await s.waitForError(202, day.id, day.m)).toMatchObject({ message: expect.stringMatching(/^Order Canceled - reason:/) });
    expect(s.statuses(gtc.id, day.m)).toEqual(['PreSubmitted', 'Submitted']);
    const mk = s.mark();
    s.api.reqOpenOrders();
    await s.waitFor('openOrderEnd', () => true, mk);
    expect(s.all('openOrder', mk).map((a) => a[0])).toEqual([gtc.id]);
  });

  it('TIF IOC: an unmarketable IOC limit goes PendingCancel → Cancelled without 202; a marketable one fills', async () => {
    const q = quote();
    const miss = place({ action: 'BUY', orderType: 'LMT', totalQuantity: 10, lmtPrice: Math.round((q.bid - 2) * 100) / 100, tif: 'IOC' });
    await s.orderStatus(miss.id, 'Cancelled', miss.m);
    expect(s.statuses(miss.id, miss.m)).toEqual(['PreSubmitted', 'PendingCancel', 'Cancelled']);
    const hit = place({ action: 'BUY', orderType: 'LMT', totalQuantity: 10, lmtPrice: Math.round((q.ask + 0.1) * 100) / 100, tif: 'IOC' });
    const [, , filled, remaining] = await s.orderStatus(hit.id, 'Filled', hit.m);
    expect([filled, remaining]).toEqual([10, 0]);
    expect(s.errors(miss.m).filter((e) => e.code === 202)).toEqual([]);
  });

  it('outsideRth: after the close a MKT order waits for the open, an outsideRth limit trades in the evening session', async () => {
    sim.gw.advanceClock(7 * 3600_000); // 17:00 New York: after-hours
    const q = quote();
    const waiting = place({ action: 'BUY', orderType: 'MKT', totalQuantity: 10 });
    const evening = place({ action: 'BUY', orderType: 'LMT', totalQuantity: 10, lmtPrice: Math.round((q.ask + 0.5) * 100) / 100, outsideRth: true });
    const [, , filled, , avg] = await s.orderStatus(evening.id, 'Filled', waiting.m);
    expect([filled, avg]).toEqual([10, q.ask]);
    expect(s.all('openOrder', waiting.m).find((a) => a[0] === evening.id)?.[2].outsideRth).toBe(true);
    expect(s.statuses(waiting.id, waiting.m)).toEqual(['PreSubmitted']);
    // Next morning 09:31: the market order fills at the open.
    sim.gw.advanceClock(16.5 * 3600_000 + 60_000);
    const [, , f2] = await s.orderStatus(waiting.id, 'Filled', waiting.m);
    expect(f2).toBe(10);
    const exec = s.all('execDetails', waiting.m).find((a) => a[2].orderId === waiting.id)?.[2];
    expect(exec?.time).toBe('20261124 09:31:00 America/New_York');
  });
});
