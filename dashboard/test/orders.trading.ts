// Shared by the orders and positions journeys: a ready paper connection to the rig's simulator with
// an approved AAPL, limits roomy enough for a hundred orders, and execution on (as
// server/test/support/execution-scenario.ts sets it up), so a signal becomes an order at "IB"; and
// an order placed on the simulator by another client id, which Kairox did not place.
import { expect, vi } from 'vitest';
import { AAPL, approveInstrument, readyConnection, type ApiAs } from './support/api.ts';
import { ACCOUNT, type Rig } from './support/rig.ts';

export const MSFT = 272093;

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

/** Posts a buy of `qty` AAPL (market, or limit at `limitPrice`) and returns its Kairox order id once IB has it. */
export async function buy(as: ApiAs, connectionId: string, qty: number, note: string, limitPrice?: number): Promise<string> {
  const sent = await as.send<{ signal: { id: string; status: string } }>('POST', '/api/signals', {
    connectionId, instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty }, note, ...(limitPrice !== undefined && { orderType: 'LMT', limitPrice }),
  });
  expect(sent.signal.status).toBe('prepared');
  let id = '';
  await vi.waitFor(async () => {
    const { signal } = await as.get<{ signal: { kairoxOrderId: string | null } }>(`/api/signals/${sent.signal.id}`);
    expect(signal.kairoxOrderId).toBeTruthy();
    const { order } = await as.get<{ order: { ib: { orderId: number | null } } }>(`/api/orders/${signal.kairoxOrderId}`);
    expect(order.ib.orderId).toBeGreaterThan(0);
    id = signal.kairoxOrderId!;
  }, { timeout: 15_000, interval: 50 });
  return id;
}

/** An order entered at the simulator by another API client (as TWS or another program would). */
export function foreignOrder(rig: Rig, clientId: number, orderId: number, order: { action: 'BUY' | 'SELL'; totalQuantity: number; orderType: 'MKT' | 'LMT'; lmtPrice?: number }): void {
  rig.gateway.engine.placeOrder(clientId, orderId, { conId: MSFT, exchange: 'SMART' }, { ...order, account: ACCOUNT, tif: 'DAY' });
}
