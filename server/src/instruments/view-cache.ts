// Signals look their instrument up in the connection's approvals on every decision; parsing each
// row's details (IB's hours strings and the rest) every time was most of that look-up's CPU. The
// parsed view is kept by row id and reused only while the row read now is, column by column, the
// row it was made from: it cannot go stale when another process revokes the instrument or writes
// the row, because every read starts from the database and only the parsing is skipped.
import type { InstrumentRow } from './store.ts';

/** Approvals a process keeps parsed; far more than a workspace approves, the oldest go first. */
export const CACHED_VIEWS = 4_096;

interface Kept<V> { row: InstrumentRow; view: V }

function sameRow(kept: InstrumentRow, now: InstrumentRow): boolean {
  for (const key in now) if (kept[key as keyof InstrumentRow] !== now[key as keyof InstrumentRow]) return false;
  return true;
}

export class ParsedViews<V extends object> {
  private readonly kept = new Map<string, Kept<V>>();

  constructor(private readonly parse: (row: InstrumentRow) => V, private readonly size = CACHED_VIEWS) {}

  /** The view of this row, frozen: the same object for the same row content, shared by its callers. */
  of(row: InstrumentRow): V {
    const kept = this.kept.get(row.id);
    if (kept !== undefined && sameRow(kept.row, row)) return kept.view;
    const view = Object.freeze(this.parse(row)) as V;
    if (kept === undefined && this.kept.size >= this.size) {
      const oldest = this.kept.keys().next();
      if (oldest.done !== true) this.kept.delete(oldest.value);
    }
    this.kept.set(row.id, { row, view });
    return view;
  }
}
