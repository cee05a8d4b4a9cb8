// Trading sessions as time intervals: the windows in which an instrument trades, computed per local
// calendar day (a handful of time-zone conversions a day) instead of asking "is it open?" per minute.
import { localTime, zonedToEpoch } from './hours.ts';
import type { SessionRule } from './types.ts';

export interface SessionInterval {
  /** Epoch ms, inclusive. */
  start: number;
  /** Epoch ms, exclusive. */
  end: number;
  /** The trade date the session belongs to (its closing day), `yyyymmdd`. */
  tradeDate: string;
}

const DAY_MS = 86_400_000;
const pad = (n: number): string => String(n).padStart(2, '0');

/** Sessions of `rule` that overlap [from, to), oldest first, unclipped. */
export function sessionIntervals(rule: SessionRule, zone: string, from: number, to: number): SessionInterval[] {
  if (!(to > from)) return [];
  const first = localTime(zone, from - 2 * DAY_MS);
  const days = Math.ceil((to - from) / DAY_MS) + 4;
  const open = Number(rule.open);
  const close = Number(rule.close);
  // A session that opens and closes at midnight (round the clock) is the day it covers, not the next.
  const labelBack = rule.overnight && close === 0 ? 1 : 0;
  const out: SessionInterval[] = [];
  for (let n = 0; n < days; n++) {
    const d = new Date(Date.UTC(first.year, first.month - 1, first.day + n));
    if (!rule.days.includes(d.getUTCDay())) continue;
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth() + 1;
    const day = d.getUTCDate();
    const end = zonedToEpoch(zone, y, m, day, close);
    const openDay = rule.overnight ? new Date(Date.UTC(y, m - 1, day - 1)) : d;
    const start = zonedToEpoch(zone, openDay.getUTCFullYear(), openDay.getUTCMonth() + 1, openDay.getUTCDate(), open);
    if (end <= from || start >= to) continue;
    const label = new Date(Date.UTC(y, m - 1, day - labelBack));
    out.push({ start, end, tradeDate: `${label.getUTCFullYear()}${pad(label.getUTCMonth() + 1)}${pad(label.getUTCDate())}` });
  }
  return out;
}

/** Local wall-clock minus UTC at an instant, in ms (for aligning bars to local clock boundaries). */
export function zoneOffsetMs(zone: string, epochMs: number): number {
  const t = localTime(zone, epochMs);
  const wall = Date.UTC(t.year, t.month - 1, t.day, Math.floor(t.hhmm / 100), t.hhmm % 100);
  return wall - Math.floor(epochMs / 60_000) * 60_000;
}
