// P&L subscriptions (reqPnL / reqPnLSingle). TWS pushes P&L about once a second while it changes;
// here each subscription gets at most one `pnl` event per simulated second, and only when a value
// moved (a price step, a fill). Time is the engine's: advance() calls publish(), so a test moves the
// clock instead of waiting.
import type { Emit } from './events.ts';
import type { PnlReport, PnlTarget, PnlWatchHandle } from './types.ts';

interface Watch {
  target: PnlTarget;
  last: string;
  lastSentAt: number;
}

const key = (r: PnlReport): string => JSON.stringify(r);

export class PnlWatch {
  private nextId = 1;
  private readonly watches = new Map<number, Watch>();

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
    this.watches.set(id, { target, last: key(initial), lastSentAt: now });
    return { id, initial, stop: () => void this.watches.delete(id) };
  }

  /** Emits the values of every subscription that changed, unless it was answered less than a second ago. */
  publish(now: number, emit: Emit): void {
    for (const [watchId, w] of this.watches) {
      if (now - w.lastSentAt < this.minIntervalMs) continue;
      const report = this.compute(w.target);
      const k = key(report);
      if (k === w.last) continue;
      w.last = k;
      w.lastSentAt = now;
      emit({ type: 'pnl', watchId, report });
    }
  }
}
