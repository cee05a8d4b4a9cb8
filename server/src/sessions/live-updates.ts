// Live positions and P&L for GET /api/events: the worker's sessions push IB's position rows and P&L
// values here (main.ts feeds every report), and each workspace's open streams get them. An
// in-process bus: only the process that runs a connection's session has its updates, and nothing
// is kept — a stream that was not open misses them (they are not audit events and carry no id, so
// they cannot be resumed; GET /api/positions has the current picture).
//
// Coalesced per connection, account and kind (position, pnl): the first update goes out at once,
// later ones within the window are merged (the latest value per contract wins) and go out as one
// event when the window ends. A P&L tick storm costs a stream one event per account per window.
// Nothing is merged or held for a workspace nobody streams.
import type { BrokerReport } from '../broker/index.ts';
import { systemClock, type Clock } from '../common/index.ts';

export interface LivePositionRow {
  conId?: number;
  symbol?: string;
  secType?: string;
  currency?: string;
  position: number;
  avgCost?: number;
}

export interface LivePnlRow {
  conId: number;
  position: number;
  daily?: number;
  unrealized?: number;
  realized?: number;
  value?: number;
}

export interface PnlTotals {
  daily?: number;
  unrealized?: number;
  realized?: number;
}

export type LiveUpdate =
  | { type: 'position'; connectionId: string; account: string; at: string; positions: LivePositionRow[] }
  | {
    type: 'pnl'; connectionId: string; account: string; at: string;
    /** The account's totals, when IB sent them in this window. */
    totals?: PnlTotals;
    positions: LivePnlRow[];
  };

/** What a stream needs: its workspace's updates. Returns the unsubscribe function. */
export interface LiveUpdateFeed {
  subscribe(workspaceId: string, listener: (update: LiveUpdate) => void): () => void;
}

/** A timer the bus can arm and disarm (tests drive it by hand). */
export type Schedule = (run: () => void, ms: number) => () => void;

const realTimer: Schedule = (run, ms) => {
  const timer = setTimeout(run, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

/** The window of coalescing: at most one event per connection, account and kind in this time. */
export const LIVE_UPDATE_WINDOW_MS = 1_000;

interface Window {
  workspaceId: string;
  type: LiveUpdate['type'];
  connectionId: string;
  account: string;
  /** By contract (and 'totals' for the account's P&L): the latest value of each. */
  pending: Map<string, LivePositionRow | LivePnlRow | PnlTotals>;
  cancel: (() => void) | undefined;
}

const TOTALS = 'totals';

export class LiveUpdates implements LiveUpdateFeed {
  private readonly listeners = new Map<string, Set<(update: LiveUpdate) => void>>();
  private readonly windows = new Map<string, Window>();
  private readonly clock: Clock;
  private readonly schedule: Schedule;
  private readonly windowMs: number;

  constructor(options: { clock?: Clock; schedule?: Schedule; windowMs?: number } = {}) {
    this.clock = options.clock ?? systemClock;
    this.schedule = options.schedule ?? realTimer;
    this.windowMs = options.windowMs ?? LIVE_UPDATE_WINDOW_MS;
  }

  subscribe(workspaceId: string, listener: (update: LiveUpdate) => void): () => void {
    let set = this.listeners.get(workspaceId);
    if (!set) this.listeners.set(workspaceId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(workspaceId) === set) this.listeners.delete(workspaceId);
    };
  }

  /** A report of one of the workspace's sessions; only position and P&L reports are taken. */
  report(workspaceId: string, connectionId: string, report: BrokerReport): void {
    if (!this.listeners.has(workspaceId)) return;
    switch (report.kind) {
      case 'position': {
        const c = report.contract;
        const row: LivePositionRow = {
          ...(c.conId !== undefined && { conId: c.conId }), ...(c.symbol !== undefined && { symbol: c.symbol }),
          ...(c.secType !== undefined && { secType: c.secType }), ...(c.currency !== undefined && { currency: c.currency }),
          position: report.position, ...(report.avgCost !== undefined && { avgCost: report.avgCost }),
        };
        this.take(workspaceId, 'position', connectionId, report.account, c.conId !== undefined ? `#${c.conId}` : [c.symbol, c.secType, c.currency, c.localSymbol, c.expiry, c.strike, c.right].join('|'), row);
        return;
      }
      case 'accountPnl':
        this.take(workspaceId, 'pnl', connectionId, report.account, TOTALS, {
          ...(report.daily !== undefined && { daily: report.daily }), ...(report.unrealized !== undefined && { unrealized: report.unrealized }),
          ...(report.realized !== undefined && { realized: report.realized }),
        });
        return;
      case 'positionPnl':
        this.take(workspaceId, 'pnl', connectionId, report.account, `#${report.conId}`, {
          conId: report.conId, position: report.position,
          ...(report.daily !== undefined && { daily: report.daily }), ...(report.unrealized !== undefined && { unrealized: report.unrealized }),
          ...(report.realized !== undefined && { realized: report.realized }), ...(report.value !== undefined && { value: report.value }),
        });
        return;
      default:
    }
  }

  /** Disarms every window (what is held is dropped: nobody is left to get it). */
  close(): void {
    for (const w of this.windows.values()) w.cancel?.();
    this.windows.clear();
  }

  private take(workspaceId: string, type: LiveUpdate['type'], connectionId: string, account: string, rowKey: string, row: LivePositionRow | LivePnlRow | PnlTotals): void {
    const key = `${workspaceId}\n${connectionId}\n${account}\n${type}`;
    let w = this.windows.get(key);
    if (!w) this.windows.set(key, (w = { workspaceId, type, connectionId, account, pending: new Map(), cancel: undefined }));
    w.pending.set(rowKey, row);
    // A window is open: the update waits for its end, merged with any that come meanwhile.
    if (w.cancel) return;
    this.flush(w);
    this.open(key, w);
  }

  private open(key: string, w: Window): void {
    w.cancel = this.schedule(() => {
      w.cancel = undefined;
      if (w.pending.size === 0) {
        this.windows.delete(key);
        return;
      }
      this.flush(w);
      this.open(key, w);
    }, this.windowMs);
  }

  private flush(w: Window): void {
    const rows = [...w.pending.entries()];
    w.pending.clear();
    const listeners = this.listeners.get(w.workspaceId);
    if (!listeners || rows.length === 0) return;
    const at = new Date(this.clock.now()).toISOString();
    let update: LiveUpdate;
    if (w.type === 'position') {
      update = { type: 'position', connectionId: w.connectionId, account: w.account, at, positions: rows.map(([, r]) => r as LivePositionRow) };
    } else {
      const totals = rows.find(([k]) => k === TOTALS)?.[1] as PnlTotals | undefined;
      update = { type: 'pnl', connectionId: w.connectionId, account: w.account, at, ...(totals && { totals }), positions: rows.filter(([k]) => k !== TOTALS).map(([, r]) => r as LivePnlRow) };
    }
    for (const listener of listeners) {
      try {
        listener(update);
      } catch {
        // A stream that cannot take it ends by itself; the others still get it.
      }
    }
  }
}
