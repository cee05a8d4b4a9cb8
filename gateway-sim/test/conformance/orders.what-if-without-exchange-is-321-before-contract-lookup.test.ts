// Through @stoqey/ib at each version: a what-if (and a real order) on Stock("XXX") with no exchange
// and no currency is answered as real gateways answer it — error 321 "Missing order exchange." on
// the order id, before any contract look-up (no 200) — and nothing is placed. With an exchange the
// same unknown symbol is looked up and gets 200.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VERSIONS, contract, order, startSim } from './support/ib-session.ts';
import type { IbSession, Sim } from './support/ib-session.ts';

const MISSING_EXCHANGE = "Error validating request.-'bN' : cause - Missing order exchange.";

describe.each(VERSIONS)('order validation order at server version %i', (version) => {
  let sim: Sim;
  let s: IbSession;
  beforeEach(async () => {
    sim = await startSim(version);
    s = await sim.connect(1);
  });
  afterEach(() => sim.close());

  it('what-if and real orders on Stock("XXX") without exchange: 321 on the order id, not 200', async () => {
    const id = s.firstOrderId;
    const m = s.mark();
    const xxx = contract({ symbol: 'XXX', secType: 'STK' });
    s.api.placeOrder(id, xxx, order({ action: 'BUY', orderType: 'MKT', totalQuantity: 1, whatIf: true }));
    expect(await s.waitForError(321, id, m)).toEqual({ code: 321, reqId: id, message: MISSING_EXCHANGE });
    s.api.placeOrder(id + 1, xxx, order({ action: 'BUY', orderType: 'LMT', lmtPrice: 10, totalQuantity: 1 }));
    expect(await s.waitForError(321, id + 1, m)).toEqual({ code: 321, reqId: id + 1, message: MISSING_EXCHANGE });

    s.api.placeOrder(id + 2, contract({ symbol: 'XXX', secType: 'STK', exchange: 'SMART' }), order({ action: 'BUY', orderType: 'MKT', totalQuantity: 1, whatIf: true }));
    expect((await s.waitForError(200, id + 2, m)).message).toBe('No security definition has been found for the request');

    expect(s.errors(m).map((e) => [e.code, e.reqId])).toEqual([[321, id], [321, id + 1], [200, id + 2]]);
    s.api.reqOpenOrders();
    await s.waitFor('openOrderEnd', () => true, m);
    expect(s.all('openOrder', m)).toEqual([]);
    expect(s.all('orderStatus', m)).toEqual([]);
  });
});
