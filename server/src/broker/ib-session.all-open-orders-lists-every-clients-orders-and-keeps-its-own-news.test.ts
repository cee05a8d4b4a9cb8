// Scenario: the session lists every open order of the login's accounts (reqAllOpenOrders), its own
// and another client's, each with its client id, orderRef and IB's status. The read collects the
// open-order messages that arrive meanwhile; the session's own among them are published again
// afterwards, so whoever follows the session's orders misses nothing; another client's are not.
import { afterEach, expect, it } from 'vitest';
import type { Gateway } from '@kairox/gateway-sim';
import { NotReadyError } from './errors.ts';
import type { IbSession } from './ib-session.ts';
import { sessionFor, simulator, until } from './test-support.ts';

const AAPL = 265598;
const ACCOUNT = 'DU1234567';
const OTHER_CLIENT = 98;

let gw: Gateway | undefined;
let session: IbSession | undefined;
afterEach(async () => {
  session?.stop();
  await gw?.close();
  gw = undefined;
  session = undefined;
});

it('lists its own and another client’s open orders, and publishes only its own again', async () => {
  gw = await simulator();
  const h = sessionFor(gw);
  session = h.session;
  await expect(session.allOpenOrders()).rejects.toBeInstanceOf(NotReadyError);
  session.start();
  await session.whenReady(10_000);
  const quote = gw.engine.quote(AAPL);
  if (!quote) throw new Error('no AAPL quote');
  const far = Math.floor(quote.bid * 0.8);
  const { orderId } = await session.placeOrder({ contract: { conId: AAPL, exchange: 'SMART' }, action: 'BUY', quantity: 2, orderType: 'LMT', limitPrice: far, orderRef: 'kx-mine', account: ACCOUNT });
  expect(gw.engine.placeOrder(OTHER_CLIENT, 1, { conId: AAPL, exchange: 'SMART' }, { action: 'SELL', totalQuantity: 3, orderType: 'LMT', lmtPrice: Math.ceil(quote.ask * 1.2), account: ACCOUNT })).toMatchObject({ kind: 'accepted' });
  await until(() => h.reports.some((r) => r.kind === 'orderStatus' && r.orderId === orderId));
  const ownReports = () => h.reports.filter((r) => (r.kind === 'openOrder' || r.kind === 'orderStatus') && r.orderId === orderId).length;
  const before = ownReports();

  const listed = await session.allOpenOrders();
  expect(listed.map(({ order, status }) => [order.clientId, order.orderId, order.orderRef ?? '', order.action, order.quantity, status?.status]).sort()).toEqual([
    [7, orderId, 'kx-mine', 'BUY', 2, 'Submitted'],
    [OTHER_CLIENT, 1, '', 'SELL', 3, 'Submitted'],
  ].sort());
  expect(ownReports()).toBeGreaterThan(before);
  expect(h.reports.some((r) => (r.kind === 'openOrder' || r.kind === 'orderStatus') && r.clientId === OTHER_CLIENT)).toBe(false);
});

it('a listing and a reconciliation read asked together both get their answer, one after the other', async () => {
  gw = await simulator();
  const h = sessionFor(gw);
  session = h.session;
  session.start();
  await session.whenReady(10_000);
  const quote = gw.engine.quote(AAPL);
  if (!quote) throw new Error('no AAPL quote');
  const { orderId } = await session.placeOrder({ contract: { conId: AAPL, exchange: 'SMART' }, action: 'BUY', quantity: 1, orderType: 'LMT', limitPrice: Math.floor(quote.bid * 0.8), orderRef: 'kx-mine', account: ACCOUNT });
  expect(gw.engine.placeOrder(OTHER_CLIENT, 1, { conId: AAPL, exchange: 'SMART' }, { action: 'BUY', totalQuantity: 1, orderType: 'LMT', lmtPrice: Math.floor(quote.bid * 0.7), account: ACCOUNT })).toMatchObject({ kind: 'accepted' });

  // Both answer on IB's one open-orders channel: neither may be refused for the other (a refused sync drops the session).
  const [listed, snapshot, listedAgain] = await Promise.all([session.allOpenOrders(), session.reconciliationSnapshot(), session.allOpenOrders()]);
  expect(listed.map((o) => o.order.clientId).sort()).toEqual([7, OTHER_CLIENT]);
  expect(listedAgain.map((o) => o.order.clientId).sort()).toEqual([7, OTHER_CLIENT]);
  expect(snapshot.openOrders.map((o) => o.orderId)).toEqual([orderId]);
});
