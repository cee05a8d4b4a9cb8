// P&L subscriptions (reqPnL / reqPnLSingle). TWS pushes P&L about once a second while it changes;
// here each subscription gets at most one `pnl` event per simulated second, and only when a value
// moved (a price step, a fill). Time is the engine's: advance() calls publish(), so a test moves the
// clock instead of waiting. Values are recomputed once per simulated second (prices step once a
// second) or at once after a fill (touch()), not on every advance().
import type { Emit } from './events.ts';
import type { PnlReport, PnlTarget, PnlWatchHandle } from './types.ts';

interface Watch {
  target: PnlTarget;
  last: string;
  lastSentAt: number;
  lastCheckedAt: number;
}

const key = (r: PnlReport): string => JSON.stringify(r);

export class PnlWatch {
  private nextId = 1;
  private readonly watches = new Map<number, Watch>();
  /** A fill happened since the last publish: every subscription may have changed. */
  private dirty = false;

  constructor(
    private readonly compute: (target: PnlTarget) => PnlReport,
    private readonly minIntervalMs = 1000,
  ) {}

  get size(): number {
    return this.watches.size;
  }

  /** Starts a subscription; its current values are the first answer (sent by the caller now). */
  watch(target: PnlTarget, now: number): PnlWatchHandle {
    const id = this.nextId++;
    const initial = this.compute(target);
    this.watches.set(id, { target, last: key(initial), lastSentAt: now, lastCheckedAt: now });
    return { id, initial, stop: () => void this.watches.delete(id) };
  }

  /** Values may have changed now (a fill): the next publish recomputes without waiting for the second. */
  touch(): void {
    this.dirty = true;
  }

  /** Emits the values of every subscription that changed, unless it was answered less than a second ago. */
  publish(now: number, emit: Emit): void {
    const dirty = this.dirty;
    this.dirty = false;
    for (const [watchId, w] of this.watches) {
      if (now - w.lastSentAt < this.minIntervalMs) continue;
      if (!dirty && now - w.lastCheckedAt < this.minIntervalMs) continue;
      w.lastCheckedAt = now;
      const report = this.compute(w.target);
      const k = key(report);
      if (k === w.last) continue;
      w.last = k;
      w.lastSentAt = now;
      emit({ type: 'pnl', watchId, report });
    }
  }
}
