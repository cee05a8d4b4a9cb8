import { afterEach, describe, expect, it } from 'vitest';
import type { Gateway } from '@kairox/gateway-sim';
import { NotReadyError } from './errors.ts';
import type { IbSession } from './ib-session.ts';
import type { ExecutionReport, OrderStatusReport } from './reports.ts';
import { sessionFor, simulator, until } from './test-support.ts';

let gw: Gateway | undefined;
let session: IbSession | undefined;
afterEach(async () => {
  session?.stop();
  await gw?.close();
  gw = undefined;
  session = undefined;
});

describe('a session to the simulator', () => {
  it('is ready only after the handshake, the accounts and the initial reads, and says so on its timeline', async () => {
    gw = await simulator({ accounts: ['DU1234567', 'DU7654321'] });
    const h = sessionFor(gw, { port: gw.port });
    session = h.session;
    session.start();
    const status = await session.whenReady(10_000);
    expect(status).toMatchObject({ state: 'ready', serverVersion: 178, accounts: ['DU1234567', 'DU7654321'], mode: 'paper', pacingQueueDepth: 0 });
    expect(h.timeline.map((e) => e.to)).toEqual(['connecting', 'syncing', 'ready']);
    expect(h.reports.some((r) => r.kind === 'reconciliation')).toBe(true);
    expect(Object.keys(status.farms).length).toBeGreaterThan(0);
  });

  it('places an order with orderRef and account set and reports what IB does with it', async () => {
    gw = await simulator();
    const h = sessionFor(gw);
    session = h.session;
    session.start();
    await session.whenReady(10_000);
    const q = await session.qualifyContract({ symbol: 'AAPL', secType: 'STK', exchange: 'SMART', currency: 'USD' });
    expect(q.kind).toBe('one');
    const contract = q.kind === 'one' ? q.contract : { conId: 0 };
    const { orderId } = await session.placeOrder({ contract: { ...contract, exchange: 'SMART' }, action: 'BUY', quantity: 10, orderType: 'MKT', orderRef: 'kx-order-1', outsideRth: true });
    await until(() => h.reports.some((r) => r.kind === 'orderStatus' && r.orderId === orderId && r.status === 'Filled'));
    const fill = h.reports.find((r): r is ExecutionReport => r.kind === 'execution' && r.orderId === orderId);
    expect(fill).toMatchObject({ orderRef: 'kx-order-1', account: 'DU1234567', shares: 10 });
    const statuses = h.reports.filter((r): r is OrderStatusReport => r.kind === 'orderStatus' && r.orderId === orderId).map((r) => r.status);
    expect(statuses.at(-1)).toBe('Filled');
  });

  it('refuses every call with a typed not-ready error before it is ready', async () => {
    gw = await simulator();
    const h = sessionFor(gw);
    session = h.session;
    await expect(session.placeOrder({ contract: { conId: 265598, exchange: 'SMART' }, action: 'BUY', quantity: 1, orderType: 'MKT', orderRef: 'x' })).rejects.toBeInstanceOf(NotReadyError);
    await expect(session.qualifyContract({ symbol: 'AAPL', secType: 'STK' })).rejects.toBeInstanceOf(NotReadyError);
    await expect(session.cancelOrder(1)).rejects.toBeInstanceOf(NotReadyError);
  });
});
