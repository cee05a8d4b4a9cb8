// What the price walk did, minute by minute, since this process started stepping it: the record
// historical bars are built from, so bars and live quotes come from the same steps. Kept per walk
// (futures of one root share one, like the walk itself) in raw walk prices, before the per-contract
// carry factor and tick snapping. Bounded: the oldest minutes go first past MAX_MINUTES.

/** One minute of one walk. `tradeCount` 0 means no print (the trade fields are then meaningless). */
export interface MinuteRecord {
  /** Epoch minute (epoch ms / 60,000). */
  minute: number;
  midOpen: number;
  midHigh: number;
  midLow: number;
  midClose: number;
  tradeOpen: number;
  tradeHigh: number;
  tradeLow: number;
  tradeClose: number;
  volume: number;
  tradeCount: number;
  /** Σ price × size, for the bar's volume-weighted average price. */
  notional: number;
}

/** Where the recording of a walk began: the history before it is synthesised back from here. */
export interface WalkAnchor {
  ms: number;
  /** The walk's log deviation from `level` at `ms`. */
  x: number;
  level: number;
}

/** 30 days of round-the-clock minutes per walk (a few MB at most, even under an accelerated clock). */
export const MAX_MINUTES = 30 * 1440;

interface WalkTape {
  anchor: WalkAnchor;
  minutes: MinuteRecord[];
  /** First minute still held: minutes from the anchor up to here were dropped. */
  heldFrom: number;
}

export class MinuteTape {
  private readonly walks = new Map<string, WalkTape>();

  constructor(private readonly maxMinutes = MAX_MINUTES) {}

  /** Remembers where recording of `key` starts (only the first call counts). */
  anchor(key: string, anchor: WalkAnchor): void {
    if (!this.walks.has(key)) this.walks.set(key, { anchor: { ...anchor }, minutes: [], heldFrom: Math.floor(anchor.ms / 60_000) });
  }

  anchorOf(key: string): WalkAnchor | undefined {
    return this.walks.get(key)?.anchor;
  }

  /** One price step: the mid at `ms`, and a print of `tradeSize` at `tradePrice` when one happened. */
  record(key: string, ms: number, mid: number, trade?: { price: number; size: number }): void {
    const tape = this.walks.get(key);
    if (tape === undefined) return;
    const minute = Math.floor(ms / 60_000);
    let m = tape.minutes.at(-1);
    if (m === undefined || m.minute !== minute) {
      m = {
        minute, midOpen: mid, midHigh: mid, midLow: mid, midClose: mid, tradeOpen: 0, tradeHigh: 0, tradeLow: 0, tradeClose: 0,
        volume: 0, tradeCount: 0, notional: 0,
      };
      tape.minutes.push(m);
      if (tape.minutes.length > this.maxMinutes) {
        // Drop a tenth at once so trimming stays rare.
        const drop = Math.ceil(this.maxMinutes / 10);
        tape.minutes.splice(0, drop);
        tape.heldFrom = tape.minutes[0]?.minute ?? minute;
      }
    } else {
      if (mid > m.midHigh) m.midHigh = mid;
      if (mid < m.midLow) m.midLow = mid;
      m.midClose = mid;
    }
    if (trade === undefined) return;
    if (m.tradeCount === 0) {
      m.tradeOpen = trade.price;
      m.tradeHigh = trade.price;
      m.tradeLow = trade.price;
    } else {
      if (trade.price > m.tradeHigh) m.tradeHigh = trade.price;
      if (trade.price < m.tradeLow) m.tradeLow = trade.price;
    }
    m.tradeClose = trade.price;
    m.tradeCount += 1;
    m.volume += trade.size;
    m.notional += trade.price * trade.size;
  }

  /** Recorded minutes of `key` in [fromMinute, toMinute), oldest first. */
  minutes(key: string, fromMinute: number, toMinute: number): MinuteRecord[] {
    const list = this.walks.get(key)?.minutes ?? [];
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((list[mid]?.minute ?? 0) < fromMinute) lo = mid + 1;
      else hi = mid;
    }
    const out: MinuteRecord[] = [];
    for (let k = lo; k < list.length; k++) {
      const m = list[k];
      if (m === undefined || m.minute >= toMinute) break;
      out.push(m);
    }
    return out;
  }

  /** The first minute whose record is still held (minutes before it and after the anchor are gone). */
  heldFrom(key: string): number | undefined {
    return this.walks.get(key)?.heldFrom;
  }
}
