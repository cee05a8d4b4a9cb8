// Shared by the audit, team and access journeys: a ready paper connection to the rig's simulator
// with an approved AAPL, limits roomy enough for the journey's orders, and execution on (as
// server/test/support/execution-scenario.ts sets it up), so a signal becomes an order at "IB".
import { expect, vi } from 'vitest';
import { AAPL, approveInstrument, readyConnection, type ApiAs } from './support/api.ts';
import type { Page } from 'playwright-core';
import type { Rig } from './support/rig.ts';

export const ROOMY_POLICY = {
  maxOrderQuantity: 1000, maxOrderNotional: 1_000_000, maxPositionQuantity: 10_000, maxPositionNotional: 10_000_000,
  maxGrossExposure: 100_000_000, maxOrdersPerMinute: 1000, maxOrdersPerDay: 1000, priceCollarPercent: 50,
};

export async function tradingConnection(as: ApiAs, rig: Rig, clientId: number): Promise<string> {
  const connectionId = await readyConnection(as, rig, clientId);
  await approveInstrument(as, connectionId, AAPL);
  await as.send('PUT', `/api/connections/${connectionId}/risk`, ROOMY_POLICY);
  await as.send('PUT', `/api/connections/${connectionId}/execution`, { enabled: true });
  return connectionId;
}

export interface Decided { signal: { id: string; status: string; decision: { code?: string } } }

/** Posts a market buy of `qty` AAPL (each with its own note, so none is a duplicate). */
export async function buy(as: ApiAs, connectionId: string, qty: number, note: string): Promise<Decided> {
  return as.send<Decided>('POST', '/api/signals', { connectionId, instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty }, note });
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

/** How wide the page's content is (on a phone it must not exceed the viewport). */
export async function contentWidth(page: Page): Promise<number> {
  return page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
}
