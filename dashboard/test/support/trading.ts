// Shared by the journeys that need orders at "IB": a ready paper connection to the rig's simulator
// with an approved AAPL, limits roomy enough for a hundred orders, and execution on (as
// server/test/support/execution-scenario.ts sets it up), or a whole rig whose owner set one up;
// signals through the API, the order each became; an order placed on the simulator by another
// client id (one Kairox did not place).
import { expect, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { AAPL, approveInstrument, readyConnection, setUpOwner, type ApiAs } from './api.ts';
import { openPage } from './browser.ts';
import { ACCOUNT, startRig, type Rig, type RigOptions } from './rig.ts';

export const MSFT = 272093;

export const ROOMY_POLICY = {
  maxOrderQuantity: 1000, maxOrderNotional: 1_000_000, maxPositionQuantity: 10_000, maxPositionNotional: 10_000_000,
  maxGrossExposure: 100_000_000, maxOrdersPerMinute: 1000, maxOrdersPerDay: 1000, priceCollarPercent: 50,
};

/** `accountId` as readyConnection takes it (null: the connection names no account). */
export async function tradingConnection(as: ApiAs, rig: Rig, clientId: number, accountId: string | null = ACCOUNT): Promise<string> {
  const connectionId = await readyConnection(as, rig, clientId, accountId);
  await approveInstrument(as, connectionId, AAPL);
  await as.send('PUT', `/api/connections/${connectionId}/risk`, ROOMY_POLICY);
  await as.send('PUT', `/api/connections/${connectionId}/execution`, { enabled: true });
  return connectionId;
}

export interface TradingRig {
  rig: Rig;
  connectionId: string;
}

/**
 * A rig whose owner (set up through a context closed again: each test signs in on its own) has a
 * trading connection with `clientId`. A set-up that fails closes the rig it started.
 */
export async function startTradingRig(clientId: number, options: RigOptions & { accountId?: string | null } = {}): Promise<TradingRig> {
  const rig = await startRig(options);
  try {
    const { context } = await openPage(rig.browser, rig.url);
    const connectionId = await tradingConnection(await setUpOwner(context), rig, clientId, options.accountId);
    await context.close();
    return { rig, connectionId };
  } catch (error) {
    await rig.close();
    throw error;
  }
}

export interface Decided { signal: { id: string; status: string; decision: { code?: string } } }

/** Posts a buy of `qty` AAPL (market, or limit at `limitPrice`); each with its own note, so none is a duplicate. */
export async function postBuy(as: ApiAs, connectionId: string, qty: number, note: string, limitPrice?: number): Promise<Decided> {
  return as.send<Decided>('POST', '/api/signals', {
    connectionId, instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty }, note, ...(limitPrice !== undefined && { orderType: 'LMT', limitPrice }),
  });
}

/** The Kairox order a prepared signal became, and IB's order id for it once sent. */
export async function orderOf(as: ApiAs, signalId: string): Promise<{ id: string; ibOrderId: number }> {
  let found: { id: string; ibOrderId: number } | undefined;
  await vi.waitFor(async () => {
    const { signal } = await as.get<{ signal: { kairoxOrderId: string | null } }>(`/api/signals/${signalId}`);
    expect(signal.kairoxOrderId).toBeTruthy();
    const { order } = await as.get<{ order: { ib: { orderId: number | null } } }>(`/api/orders/${signal.kairoxOrderId}`);
    expect(order.ib.orderId).toBeGreaterThan(0);
    found = { id: signal.kairoxOrderId!, ibOrderId: order.ib.orderId! };
  }, { timeout: 15_000, interval: 50 });
  return found!;
}

/** A buy that must be prepared; returns its Kairox order id once IB has it. */
export async function buy(as: ApiAs, connectionId: string, qty: number, note: string, limitPrice?: number): Promise<string> {
  const sent = await postBuy(as, connectionId, qty, note, limitPrice);
  expect(sent.signal.status).toBe('prepared');
  return (await orderOf(as, sent.signal.id)).id;
}

/** An order entered at the simulator by another API client (as TWS or another program would). */
export function foreignOrder(rig: Rig, clientId: number, orderId: number, order: { action: 'BUY' | 'SELL'; totalQuantity: number; orderType: 'MKT' | 'LMT'; lmtPrice?: number }): void {
  rig.gateway.engine.placeOrder(clientId, orderId, { conId: MSFT, exchange: 'SMART' }, { ...order, account: ACCOUNT, tif: 'DAY' });
}

/** How wide the page's content is (on a phone it must not exceed the viewport). */
export async function contentWidth(page: Page): Promise<number> {
  return page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
}
