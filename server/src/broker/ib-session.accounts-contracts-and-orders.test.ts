// Accounts, contract qualification and order operations against the simulator. The session
// reports what IB says; the assertions read those reports, never a state the session decided.
import { afterEach, describe, expect, it } from 'vitest';
import type { Gateway } from '@kairox/gateway-sim';
import { AccountError, InvalidRequestError } from './errors.ts';
import type { IbSession } from './ib-session.ts';
import type { OrderErrorReport, OrderStatusReport } from './reports.ts';
import { sessionFor, simulator, until } from './test-support.ts';

let gw: Gateway | undefined;
let session: IbSession | undefined;
afterEach(async () => {
  session?.stop();
  await gw?.close();
  gw = undefined;
  session = undefined;
});

const AAPL = { conId: 265598, exchange: 'SMART' };

describe('accounts', () => {
  it('with several accounts and none configured, an order must name one of them', async () => {
    gw = await simulator({ accounts: ['DU1111111', 'DU2222222'] });
    const h = sessionFor(gw);
    session = h.session;
    session.start();
    await session.whenReady(10_000);
    const base = { contract: AAPL, action: 'BUY' as const, quantity: 1, orderType: 'LMT' as const, limitPrice: 1, orderRef: 'kx-a' };
    await expect(session.placeOrder(base)).rejects.toMatchObject({ code: 'ACCOUNT_REQUIRED', accounts: ['DU1111111', 'DU2222222'] });
    await expect(session.placeOrder({ ...base, account: 'DU9999999' })).rejects.toBeInstanceOf(AccountError);
    const { orderId } = await session.placeOrder({ ...base, account: 'DU2222222' });
    await until(() => h.reports.some((r) => r.kind === 'openOrder' && r.orderId === orderId));
    expect(h.reports.find((r) => r.kind === 'openOrder' && r.orderId === orderId)).toMatchObject({ account: 'DU2222222', orderRef: 'kx-a' });
  });

  it('a configured account the login does not offer is a clear error naming the accounts it does', async () => {
    gw = await simulator({ accounts: ['DU1111111', 'DU2222222'] });
    const h = sessionFor(gw, { accountId: 'DU7777777', reconnect: false });
    session = h.session;
    session.start();
    await expect(session.whenReady(10_000)).rejects.toThrow('IB Account ID DU7777777 is not one of the accounts this login offers: DU1111111, DU2222222.');
    expect(session.status().lastError?.kind).toBe('account_unknown');
  });
});

describe('contract qualification', () => {
  it('answers one, ambiguous with candidates, or not found', async () => {
    gw = await simulator();
    const h = sessionFor(gw);
    session = h.session;
    session.start();
    await session.whenReady(10_000);
    expect(await session.qualifyContract({ conId: 265598 })).toMatchObject({ kind: 'one', contract: { conId: 265598, symbol: 'AAPL' } });
    const shop = await session.qualifyContract({ symbol: 'SHOP', secType: 'STK', exchange: 'SMART' });
    expect(shop.kind).toBe('ambiguous');
    if (shop.kind === 'ambiguous') expect(shop.candidates.map((c) => c.conId).sort()).toEqual([195014098, 195014116]);
    expect(await session.qualifyContract({ symbol: 'SHOP', secType: 'STK', exchange: 'SMART', currency: 'CAD' })).toMatchObject({ kind: 'one', contract: { conId: 195014098 } });
    expect(await session.qualifyContract({ symbol: 'NOSUCH', secType: 'STK', exchange: 'SMART', currency: 'USD' })).toMatchObject({ kind: 'not_found' });
  });

  it('refuses descriptions that could corrupt the wire or make no sense, before sending anything', async () => {
    gw = await simulator();
    const h = sessionFor(gw);
    session = h.session;
    session.start();
    await session.whenReady(10_000);
    await expect(session.qualifyContract({ symbol: 'AAPL\u0000|3', secType: 'STK' })).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(session.qualifyContract({ symbol: 'AAPL', secType: 'STK', strike: 100 })).rejects.toThrow('only to derivatives');
    await expect(session.placeOrder({ contract: AAPL, action: 'BUY', quantity: 1, orderType: 'LMT', orderRef: 'kx' })).rejects.toThrow('LMT needs a limitPrice');
    await expect(session.placeOrder({ contract: AAPL, action: 'BUY', quantity: 1, orderType: 'MKT', orderRef: '' })).rejects.toThrow('orderRef');
  });
});

describe('order operations', () => {
  it('places, modifies and cancels a resting order, and global cancel clears the rest; IB\'s answers arrive as reports', async () => {
    gw = await simulator();
    const h = sessionFor(gw);
    session = h.session;
    session.start();
    await session.whenReady(10_000);
    const order = { contract: AAPL, action: 'BUY' as const, quantity: 5, orderType: 'LMT' as const, limitPrice: 1, orderRef: 'kx-rest', tif: 'GTC' as const };
    const { orderId } = await session.placeOrder(order);
    await until(() => gw?.engine.openOrders().some((o) => o.orderId === orderId) ?? false);
    await session.modifyOrder(orderId, { ...order, quantity: 7 });
    await until(() => h.reports.some((r) => r.kind === 'orderStatus' && r.orderId === orderId && r.remaining === 7));
    await session.cancelOrder(orderId);
    await until(() => h.reports.some((r) => r.kind === 'orderStatus' && r.orderId === orderId && r.status === 'Cancelled'));
    expect(h.reports.some((r): r is OrderErrorReport => r.kind === 'orderError' && r.orderId === orderId && r.code === 202)).toBe(true);

    const second = await session.placeOrder({ ...order, orderRef: 'kx-rest-2' });
    await until(() => gw?.engine.openOrders().length === 1);
    await session.globalCancel();
    await until(() => h.reports.some((r): r is OrderStatusReport => r.kind === 'orderStatus' && r.orderId === second.orderId && r.status === 'Cancelled'));
    expect(gw.engine.openOrders()).toHaveLength(0);
  });

  it('an IB rejection comes back as an order error with the explanation, and ids keep increasing', async () => {
    gw = await simulator();
    const h = sessionFor(gw);
    session = h.session;
    session.start();
    await session.whenReady(10_000);
    gw.rejectNextOrder(201, 'Order rejected - reason:No Trading Permission');
    const first = await session.placeOrder({ contract: AAPL, action: 'BUY', quantity: 1, orderType: 'MKT', orderRef: 'kx-r1' });
    await until(() => h.reports.some((r) => r.kind === 'orderError' && r.orderId === first.orderId));
    const rejection = h.reports.find((r): r is OrderErrorReport => r.kind === 'orderError' && r.orderId === first.orderId);
    expect(rejection).toMatchObject({ code: 201, message: expect.stringContaining('No Trading Permission'), info: { category: 'order' } });
    const next = await session.placeOrder({ contract: AAPL, action: 'BUY', quantity: 1, orderType: 'LMT', limitPrice: 1, orderRef: 'kx-r2' });
    expect(next.orderId).toBeGreaterThan(first.orderId);
  });

  it('read-only API mode: orders come back as 321 and the probe says read-only', async () => {
    gw = await simulator();
    const h = sessionFor(gw);
    session = h.session;
    session.start();
    await session.whenReady(10_000);
    expect(await session.probeReadOnly()).toBe(false);
    gw.setReadOnly(true);
    expect(await session.probeReadOnly()).toBe(true);
    const { orderId } = await session.placeOrder({ contract: AAPL, action: 'BUY', quantity: 1, orderType: 'MKT', orderRef: 'kx-ro' });
    await until(() => h.reports.some((r) => r.kind === 'orderError' && r.orderId === orderId && r.code === 321));
    expect(gw.engine.openOrders()).toHaveLength(0);
  });
});
