// A what-if (placeOrder with whatIf=true) against the simulator: answered with the margin and
// commission the simulator computes, published as no report (execution never hears of it) and
// placed as no order. It uses an id of the session's one sequence, which IB counts as used: so it
// waits while an id reserved before it (execution journals the id, then sends) has not left, or
// that order would come after a higher id and be refused with 103. A refusal (Read-Only API, 321)
// fails it with IB's words.
import { afterEach, describe, expect, it } from 'vitest';
import type { Gateway } from '@kairox/gateway-sim';
import { IbRequestError } from './errors.ts';
import type { IbSession } from './ib-session.ts';
import type { PlaceOrderRequest } from './reports.ts';
import { sessionFor, simulator, until } from './test-support.ts';

const AAPL = { conId: 265598, exchange: 'SMART' };
const order = (orderRef: string): PlaceOrderRequest => ({ contract: AAPL, action: 'BUY', quantity: 10, orderType: 'LMT', limitPrice: 100, orderRef, outsideRth: true });

let gw: Gateway | undefined;
let session: IbSession | undefined;
afterEach(async () => {
  session?.stop();
  await gw?.close();
  gw = undefined;
  session = undefined;
});

describe('a what-if through the session', () => {
  it('answers the simulator\'s margin and commission, publishes no report and places no order', async () => {
    gw = await simulator();
    const h = sessionFor(gw);
    session = h.session;
    session.start();
    await session.whenReady(10_000);
    const reportsBefore = h.reports.length;
    const answer = await session.whatIfOrder(order('kairox-preview'), 5_000);
    const expected = gw.engine.placeOrder(98, 1, AAPL, { action: 'BUY', totalQuantity: 10, orderType: 'LMT', lmtPrice: 100, whatIf: true });
    if (expected.kind !== 'whatIf') throw new Error(JSON.stringify(expected));
    expect(answer).toMatchObject({
      initMarginChange: expect.closeTo(expected.result.initMarginChange, 2), maintMarginAfter: expect.closeTo(expected.result.maintMarginAfter, 2),
      equityWithLoanBefore: expect.closeTo(expected.result.equityWithLoanBefore, 2), commission: expect.closeTo(expected.result.commission, 2), commissionCurrency: 'USD',
    });
    expect(h.reports.slice(reportsBefore).filter((r) => r.kind === 'openOrder' || r.kind === 'orderStatus' || r.kind === 'orderError')).toEqual([]);
    expect(gw.orders()).toEqual([]);
  });

  it('waits for an id reserved before it to be sent, so that order is not refused as a duplicate id', async () => {
    gw = await simulator();
    const h = sessionFor(gw);
    session = h.session;
    session.start();
    await session.whenReady(10_000);
    const reserved = session.reserveOrderId(0);
    let answered = false;
    const whatIf = session.whatIfOrder(order('kairox-preview'), 5_000).then((a) => {
      answered = true;
      return a;
    });
    // The what-if cannot have left: the reserved id is still unsent (a round trip to the simulator answers in far less).
    await session.currentTime();
    expect(answered).toBe(false);
    await session.submitOrder(reserved, order('kx-reserved'));
    expect((await whatIf).commission).toBeGreaterThan(0);
    await until(() => gw!.orders().length === 1);
    expect(gw.orders()[0]).toMatchObject({ orderId: reserved });
    expect(h.reports.some((r) => r.kind === 'orderError' && r.orderId === reserved)).toBe(false);
  });

  it('fails with IB\'s own words when IB refuses it (Read-Only API: 321)', async () => {
    gw = await simulator();
    const h = sessionFor(gw);
    session = h.session;
    session.start();
    await session.whenReady(10_000);
    gw.setReadOnly(true);
    const refused = await session.whatIfOrder(order('kairox-preview'), 5_000).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(IbRequestError);
    expect((refused as IbRequestError).ibCode).toBe(321);
    expect((refused as Error).message).toMatch(/Read-Only/);
  });
});
