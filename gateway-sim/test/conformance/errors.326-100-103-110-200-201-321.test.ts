// The gateway's error answers as @stoqey/ib reports them at each version: 326 for a client id in
// use (and the socket closed), 100 for pacing (the client dropped after the third violation),
// 103 duplicate order id, 110 price off the tick grid, 200 unknown or ambiguous contract, 201
// rejections (injected and margin) with the order Inactive, and 321 for read-only mode, an
// invalid order type and an unsupported request. The session survives every error but 326/100×3.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AAPL, AAPL_CON_ID, VERSIONS, contract, order, startSim } from './support/ib-session.ts';
import type { EventArgs, IbSession, Sim } from './support/ib-session.ts';

describe.each(VERSIONS)('error answers at server version %i', (version) => {
  let sim: Sim;
  let s: IbSession;
  beforeEach(async () => {
    sim = await startSim(version);
    s = await sim.connect(1);
    sim.gw.setPrice(AAPL_CON_ID, 230);
  });
  afterEach(() => sim.close());

  /** The session still answers requests. */
  const stillServed = async (who = s): Promise<void> => {
    const m = who.mark();
    who.api.reqCurrentTime();
    await who.waitFor('currentTime', () => true, m);
  };

  it('326: a second connection with a client id in use is told so (as info, id −1) and closed; the first carries on', async () => {
    const dup = await sim.connect(1, { ready: false });
    const err = await dup.waitForError(326);
    expect(err).toEqual({ code: 326, reqId: -1, message: 'Unable to connect as the client id is already in use. Retry with a unique client id.' });
    expect(dup.all('info').map((a) => a[1])).toContain(326);
    await dup.waitFor('disconnected');
    expect(dup.all('nextValidId')).toEqual([]);
    await stillServed();
    expect(sim.gw.clients().filter((c) => c.state !== 'closed').map((c) => c.clientId)).toEqual([1]);
  });

  it('100: a burst past 50 messages/s has the excess refused with the TWS text; the third violation drops the client', async () => {
    const m = s.mark();
    const burst = 60;
    for (let i = 0; i < burst; i++) s.api.reqCurrentTime();
    await s.waitFor('disconnected', () => true, m);
    const refused = s.errors(m).filter((e) => e.code === 100);
    // Refused one by one with a running count (id −1: reqCurrentTime has none), closed at the third.
    expect(refused.map((e) => e.message)).toEqual([1, 2, 3].map((k) => expect.stringMatching(new RegExp(`^Max rate of messages per second has been exceeded:max=50 rec=\\d+ \\(${k}\\)$`))));
    expect(refused.map((e) => e.reqId)).toEqual([-1, -1, -1]);
    // The 50-token bucket (less START_API's token, plus a little refill) answered the rest before the excess.
    const answered = s.all('currentTime', m).length;
    expect(answered).toBeGreaterThanOrEqual(48);
    expect(answered).toBeLessThanOrEqual(52);
    expect(s.names(m, ['currentTime', 'info']).slice(0, answered)).toEqual(Array(answered).fill('currentTime'));
    // The client id is free again at once.
    const again = await sim.connect(1);
    await stillServed(again);
  });

  it('103: reusing the id of a cancelled order, or an id below the highest one used', async () => {
    const id = s.firstOrderId;
    const m = s.mark();
    s.api.placeOrder(id, AAPL, order({ action: 'BUY', orderType: 'LMT', lmtPrice: 200, totalQuantity: 1, tif: 'GTC' }));
    await s.orderStatus(id, 'Submitted', m);
    s.api.cancelOrder(id);
    await s.orderStatus(id, 'Cancelled', m);
    s.api.placeOrder(id, AAPL, order({ action: 'BUY', orderType: 'LMT', lmtPrice: 200, totalQuantity: 1 }));
    expect(await s.waitForError(103, id, m)).toEqual({ code: 103, reqId: id, message: 'Duplicate order id' });
    s.api.placeOrder(id + 3, AAPL, order({ action: 'BUY', orderType: 'MKT', totalQuantity: 1 }));
    await s.orderStatus(id + 3, 'Filled', m);
    s.api.placeOrder(id + 2, AAPL, order({ action: 'BUY', orderType: 'MKT', totalQuantity: 1 }));
    await s.waitForError(103, id + 2, m);
    expect(s.all('orderStatus', m).filter((a) => a[0] === id + 2)).toEqual([]);
    expect(s.transitions(id, m)).toEqual(['PreSubmitted', 'Submitted', 'PendingCancel', 'Cancelled']);
    await stillServed();
  });

  it('110: a limit price off the 0.01 grid, and a futures stop off the 0.25 grid', async () => {
    const id = s.firstOrderId;
    const m = s.mark();
    s.api.placeOrder(id, AAPL, order({ action: 'BUY', orderType: 'LMT', lmtPrice: 229.995, totalQuantity: 1 }));
    expect((await s.waitForError(110, id, m)).message).toBe('The price does not conform to the minimum price variation for this contract.');
    const cd = 9;
    s.api.reqContractDetails(cd, contract({ symbol: 'ES', secType: 'FUT', exchange: 'CME', currency: 'USD' }));
    const [[, es]] = (await s.collect('contractDetails', 'contractDetailsEnd', (r) => r === cd, m)) as [EventArgs['contractDetails']];
    s.api.placeOrder(id + 1, { conId: es.contract.conId!, exchange: 'CME' }, order({ action: 'SELL', orderType: 'STP', auxPrice: 5000.1, totalQuantity: 1 }));
    await s.waitForError(110, id + 1, m);
    expect(s.all('orderStatus', m)).toEqual([]);
  });

  it('200: an order for an unknown or an ambiguous contract, with the order id', async () => {
    const id = s.firstOrderId;
    const m = s.mark();
    s.api.placeOrder(id, contract({ symbol: 'NOPE', secType: 'STK', exchange: 'SMART', currency: 'USD' }), order({ action: 'BUY', orderType: 'MKT', totalQuantity: 1 }));
    expect(await s.waitForError(200, id, m)).toEqual({ code: 200, reqId: id, message: 'No security definition has been found for the request' });
    s.api.placeOrder(id + 1, contract({ symbol: 'SHOP', secType: 'STK', exchange: 'SMART' }), order({ action: 'BUY', orderType: 'MKT', totalQuantity: 1 }));
    expect((await s.waitForError(200, id + 1, m)).message).toBe('The contract description specified for SHOP is ambiguous.');
    expect(s.all('openOrder', m)).toEqual([]);
  });

  it('201: an injected rejection and a margin rejection, each leaving the order Inactive', async () => {
    const id = s.firstOrderId;
    const m = s.mark();
    sim.gw.rejectNextOrder(201, 'Order rejected - reason:No Trading Permission');
    s.api.placeOrder(id, AAPL, order({ action: 'BUY', orderType: 'MKT', totalQuantity: 1 }));
    expect(await s.waitForError(201, id, m)).toEqual({ code: 201, reqId: id, message: 'Order rejected - reason:No Trading Permission' });
    await s.orderStatus(id, 'Inactive', m);
    // The rejection was for that order only.
    s.api.placeOrder(id + 1, AAPL, order({ action: 'BUY', orderType: 'MKT', totalQuantity: 1 }));
    await s.orderStatus(id + 1, 'Filled', m);

    // 20,000 × $230 needs $2.3M initial margin: more than the $1M account has.
    s.api.placeOrder(id + 2, AAPL, order({ action: 'BUY', orderType: 'MKT', totalQuantity: 20_000 }));
    const err = await s.waitForError(201, id + 2, m);
    expect(err.message).toMatch(/^Order rejected - reason:Your order is not accepted\. In order to obtain the desired position your Equity with Loan Value \[[\d.]+ USD\] must exceed the Initial Margin \[[\d.]+ USD\]$/);
    await s.orderStatus(id + 2, 'Inactive', m);
    expect(s.all('execDetails', m).map((a) => a[2].orderId)).toEqual([id + 1]);
  });

  it('321: read-only mode refuses orders, cancels and global cancel but serves reads; an invalid order type; an unsupported request', async () => {
    const id = s.firstOrderId;
    const m = s.mark();
    s.api.placeOrder(id, AAPL, order({ action: 'BUY', orderType: 'LMT', lmtPrice: 200, totalQuantity: 1, tif: 'GTC' }));
    await s.orderStatus(id, 'Submitted', m);
    sim.gw.setReadOnly(true);
    s.api.placeOrder(id + 1, AAPL, order({ action: 'BUY', orderType: 'MKT', totalQuantity: 1 }));
    expect((await s.waitForError(321, id + 1, m)).message).toBe("Error validating request.-'bN' : cause - The API interface is currently in Read-Only mode.");
    s.api.cancelOrder(id);
    await s.waitForError(321, id, m);
    s.api.reqGlobalCancel();
    await s.waitFor('info', (_msg, code) => code === 321, m);
    expect(s.errors(m).filter((e) => e.code === 321)).toHaveLength(3);
    s.api.reqPositions();
    await s.waitFor('positionEnd', () => true, m);
    expect(s.transitions(id, m)).toEqual(['PreSubmitted', 'Submitted']);
    sim.gw.setReadOnly(false);

    const m2 = s.mark();
    s.api.placeOrder(id + 2, AAPL, { ...order({ action: 'BUY', orderType: 'LMT', lmtPrice: 200, totalQuantity: 1 }), orderType: 'MIT' as never, auxPrice: 199 });
    expect((await s.waitForError(321, id + 2, m2)).message).toMatch(/^Error validating request\.-'b.' : cause - Invalid order type was entered$/);

    // A request the simulator does not implement (family codes) is answered with 321 and the session lives on.
    s.api.reqFamilyCodes();
    expect((await s.waitForError(321, -1, m2)).message).toMatch(/does not support request message id 80/);
    await stillServed();
  });
});
