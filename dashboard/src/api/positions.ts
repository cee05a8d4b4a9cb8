// Positions and P&L per connection and account (GET /api/positions), as IB reports them to each
// connection's session; shapes as server/src/orders/ib-book.ts builds them (ConnectionPositions).
// The key starts with positions, so the live position and pnl events refresh it.
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from './client.ts';

export interface Position {
  conId: number | null; symbol: string | null; secType: string | null; currency: string | null;
  quantity: number; avgCost: number | null;
  /** Kairox orders of this connection filled this contract in this account. */
  kairox: boolean;
}

export interface Pnl { daily: number | null; unrealized: number | null; realized: number | null }

export interface AccountPositions {
  account: string;
  positions: Position[];
  pnl: Pnl | null;
  pnlUnavailable?: string;
}

export interface ConnectionPositions {
  connectionId: string;
  available: boolean;
  reason?: string;
  accounts: AccountPositions[];
}

export function usePositions() {
  return useQuery({
    queryKey: ['positions'],
    queryFn: async () => (await unwrap<{ connections: ConnectionPositions[] }>(api.GET('/api/positions'))).connections,
  });
}
