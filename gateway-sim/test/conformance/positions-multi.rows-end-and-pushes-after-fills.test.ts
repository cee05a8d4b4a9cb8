// reqPositionsMulti through @stoqey/ib at each version: the account's positions as positionMulti rows
// (the model code echoed), then positionMultiEnd; a fill pushes the changed row to the subscription
// until cancelPositionsMulti; an account the gateway does not manage is refused on the request's id.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AAPL, AAPL_CON_ID, ACCOUNT, VERSIONS, order, startSim } from './support/ib-session.ts';
import type { EventArgs, IbSession, Sim } from './support/ib-session.ts';

describe.each(VERSIONS)('positions per account and model at server version %i', (version) => {
  let sim: Sim;
  let s: IbSession;
  beforeEach(async () => {
    sim = await startSim(version);
    s = await sim.connect(1);
    sim.gw.setPrice(AAPL_CON_ID, 200);
  });
  afterEach(() => sim.close());

  const positionsMulti = async (reqId: number, account: string, modelCode: string): Promise<EventArgs['positionMulti'][]> => {
    const m = s.mark();
    s.api.reqPositionsMulti(reqId, account, modelCode);
    return s.collect('positionMulti', 'positionMultiEnd', (r) => r === reqId, m);
  };
  const buy = async (orderId: number, qty: number): Promise<void> => {
    const m = s.mark();
    s.api.placeOrder(orderId, AAPL, order({ action: 'BUY', orderType: 'MKT', totalQuantity: qty }));
    await s.orderStatus(orderId, 'Filled', m);
  };

  it('no rows for a fresh account, a pushed row after a fill, the row listed on the next request', async () => {
    expect(await positionsMulti(9101, ACCOUNT, '')).toEqual([]);
    const m = s.mark();
    const ask = sim.gw.engine.quote(AAPL_CON_ID)!.ask;
    await buy(s.firstOrderId, 100);
    const [reqId, account, modelCode, c, pos, avgCost] = await s.waitFor('positionMulti', (r) => r === 9101, m);
    expect([reqId, account, modelCode, c.conId, c.symbol, c.secType, c.currency, pos]).toEqual([9101, ACCOUNT, '', AAPL_CON_ID, 'AAPL', 'STK', 'USD', 100]);
    expect(avgCost).toBeCloseTo((100 * ask + 1) / 100, 9); // commission included, as IB reports it
    // 18 fields on the wire (the official decoders read them in order, model code last).
    expect(s.raw('71', m)[0]).toHaveLength(18);

    const listed = await positionsMulti(9102, 'All', 'Core');
    expect(listed.map(([r, a, mc, k, p]) => [r, a, mc, k.conId, p])).toEqual([[9102, ACCOUNT, 'Core', AAPL_CON_ID, 100]]);
  });

  it('stops pushing after cancelPositionsMulti', async () => {
    await positionsMulti(9103, ACCOUNT, '');
    s.api.cancelPositionsMulti(9103);
    let m = s.mark();
    s.api.reqCurrentTime();
    await s.waitFor('currentTime', () => true, m); // the cancel has been served
    m = s.mark();
    await buy(s.firstOrderId, 10);
    s.api.reqCurrentTime();
    await s.waitFor('currentTime', () => true, m);
    expect(s.all('positionMulti', m)).toEqual([]);
  });

  it('an account the gateway does not manage gets 321 on the request id and no end marker', async () => {
    const m = s.mark();
    s.api.reqPositionsMulti(9104, 'DU0000000', '');
    expect((await s.waitForError(321, 9104, m)).message).toContain('Invalid account code DU0000000');
    expect(s.all('positionMultiEnd', m)).toEqual([]);
  });
});
