// Scenario: the suite runs at 03:00 New York time on a Saturday, when every real market is
// closed. The session scenarios' simulator (test-support.ts) still fills a market order, because a
// test that needs an open market must set the hours itself, never borrow them from the wall clock.
import { acceleratedClock, type Gateway } from '@kairox/gateway-sim';
import { afterEach, it } from 'vitest';
import type { IbSession } from './ib-session.ts';
import { sessionFor, simulator, until } from './test-support.ts';

const SATURDAY_3AM_NEW_YORK = Date.parse('2026-12-05T08:00:00Z');

let gw: Gateway | undefined;
let session: IbSession | undefined;
afterEach(async () => {
  session?.stop();
  await gw?.close();
});

it('fills a market order on a Saturday night', async () => {
  gw = await simulator({ clock: acceleratedClock(1, { startMs: SATURDAY_3AM_NEW_YORK }) });
  const h = sessionFor(gw);
  session = h.session;
  session.start();
  await session.whenReady(10_000);
  const { orderId } = await session.placeOrder({ contract: { conId: 265598, symbol: 'AAPL', secType: 'STK', exchange: 'SMART', currency: 'USD' }, action: 'BUY', quantity: 1, orderType: 'MKT', orderRef: 'kx-saturday' });
  await until(() => h.reports.some((r) => r.kind === 'orderStatus' && r.orderId === orderId && r.status === 'Filled'));
});
