// The workspace's live events (GET /api/events, Server-Sent Events). One EventSource per tab while
// signed in; each event refreshes the queries it makes stale, so screens update without a reload.
// The browser's EventSource reconnects by itself and sends Last-Event-ID, so nothing is missed once
// an event has arrived. But a stream starts at the head when it connects: whatever was written
// between a screen's first reads and that moment never comes as an event, so each open refreshes
// every query the events could touch (on a loaded machine an order filled in that gap, and the
// ticket showed it routed forever).
import { useEffect, useState } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';

/**
 * Which cached queries an event family makes stale (query keys start with these names). A family
 * missing here is never listened to (an EventSource hears only named events it subscribed to), so
 * every family the server writes to the audit trail is listed.
 */
const STALE_BY_FAMILY: Readonly<Record<string, readonly string[]>> = {
  order: ['orders', 'order', 'positions', 'signals', 'audit'],
  signal: ['signals', 'orders', 'audit'],
  connection: ['connections', 'connection', 'timeline', 'audit'],
  trading_controls: ['connections', 'connection', 'kill-switch', 'trading', 'audit'],
  instrument: ['instruments', 'audit'],
  // workspace.paper_fill_seen: the first paper fill, after which live execution may be enabled.
  workspace: ['connections', 'connection', 'audit'],
  risk_policy: ['risk', 'audit'],
  position: ['positions'],
  pnl: ['positions', 'pnl'],
  auth: ['audit'],
  member: ['members', 'audit'],
  user: ['members', 'audit'],
  token: ['tokens', 'audit'],
  // A webhook's deliveries are read under signals (api/team.ts).
  webhook: ['webhooks', 'signals', 'audit'],
};

export type LiveState = 'connecting' | 'open' | 'closed';

export interface PnlSample {
  connectionId: string;
  account: string;
  at: number;
  totals: { daily: number | null; unrealized: number | null; realized: number | null };
}

type PnlListener = (sample: PnlSample) => void;
const pnlListeners = new Set<PnlListener>();

/** Subscribes to the live P&L events (the chart keeps the day's samples). */
export function onPnl(listener: PnlListener): () => void {
  pnlListeners.add(listener);
  return () => pnlListeners.delete(listener);
}

/** Every query name some event makes stale: what a stream that just opened may have missed. */
const EVERY_LIVE_QUERY = [...new Set(Object.values(STALE_BY_FAMILY).flat())];

function invalidate(client: QueryClient, names: readonly string[]): void {
  for (const name of names) void client.invalidateQueries({ queryKey: [name] });
}

/** Opens the stream while `enabled`; returns its state for the header's indicator. */
export function useLiveEvents(enabled: boolean): LiveState {
  const client = useQueryClient();
  const [state, setState] = useState<LiveState>('connecting');
  useEffect(() => {
    if (!enabled) return;
    const source = new EventSource('/api/events');
    source.onopen = () => {
      setState('open');
      invalidate(client, EVERY_LIVE_QUERY);
    };
    source.onerror = () => setState(source.readyState === EventSource.CLOSED ? 'closed' : 'connecting');
    const handlers = Object.entries(STALE_BY_FAMILY).map(([family, stale]) => {
      const handler = (event: MessageEvent<string>) => {
        invalidate(client, stale);
        if (family === 'pnl') {
          const data = JSON.parse(event.data) as Omit<PnlSample, 'at'>;
          for (const listener of pnlListeners) listener({ ...data, at: Date.now() });
        }
      };
      source.addEventListener(family, handler);
      return [family, handler] as const;
    });
    return () => {
      for (const [family, handler] of handlers) source.removeEventListener(family, handler);
      source.close();
    };
  }, [enabled, client]);
  return state;
}
