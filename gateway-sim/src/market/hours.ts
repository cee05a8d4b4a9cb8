// Trading-hours arithmetic in an instrument's time zone: is a session open at an instant, when does
// it close, and the TWS `yyyyMMdd:HHmm-yyyyMMdd:HHmm;…` strings for contractData.
import type { SessionRule } from './types.ts';

/** TWS time zone ids used by the catalogue → IANA names for Intl. */
const IANA: Readonly<Record<string, string>> = {
  'US/Eastern': 'America/New_York',
  'US/Central': 'America/Chicago',
  MET: 'Europe/Berlin',
  'America/Toronto': 'America/Toronto',
};

export function ianaZone(timeZoneId: string): string {
  const zone = IANA[timeZoneId];
  if (zone === undefined) throw new Error(`Unknown time zone id ${timeZoneId}`);
  return zone;
}

export interface LocalTime {
  year: number;
  month: number;
  day: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
  /** hours*100 + minutes, e.g. 930 */
  hhmm: number;
  second: number;
}

const WEEKDAYS: Readonly<Record<string, number>> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const formatters = new Map<string, Intl.DateTimeFormat>();
/** Local time per (zone, minute): session checks run per order and per price step. */
const minuteCache = new Map<string, { minute: number; local: LocalTime }>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The wall-clock time in an IANA zone at an instant. */
export function localTime(zone: string, epochMs: number): LocalTime {
  const minute = Math.floor(epochMs / 60_000);
  const second = Math.floor((epochMs - minute * 60_000) / 1000);
  const cached = minuteCache.get(zone);
  if (cached !== undefined && cached.minute === minute) return { ...cached.local, second };
  const parts: Record<string, string> = {};
  for (const p of formatter(zone).formatToParts(new Date(minute * 60_000))) parts[p.type] = p.value;
  const local: LocalTime = {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    weekday: WEEKDAYS[parts.weekday ?? ''] ?? 0,
    hhmm: Number(parts.hour) * 100 + Number(parts.minute),
    second: 0,
  };
  minuteCache.set(zone, { minute, local });
  return { ...local, second };
}

/** The instant of a wall-clock time in an IANA zone (DST gaps resolve forwards). */
export function zonedToEpoch(zone: string, year: number, month: number, day: number, hhmm: number): number {
  const wanted = Date.UTC(year, month - 1, day, Math.floor(hhmm / 100), hhmm % 100);
  let guess = wanted;
  for (let i = 0; i < 3; i++) {
    const l = localTime(zone, guess);
    const seen = Date.UTC(l.year, l.month - 1, l.day, Math.floor(l.hhmm / 100), l.hhmm % 100);
    if (seen === wanted) return guess;
    guess += wanted - seen;
  }
  return guess;
}

const hm = (text: string): number => Number(text);

/** Is the session open at this local time? Close is exclusive. */
export function isSessionOpen(rule: SessionRule, t: LocalTime): boolean {
  const open = hm(rule.open);
  const close = hm(rule.close);
  if (!rule.overnight) return rule.days.includes(t.weekday) && t.hhmm >= open && t.hhmm < close;
  // Overnight: opens the evening before a closing day and closes that day.
  if (rule.days.includes(t.weekday) && t.hhmm < close) return true;
  return rule.days.includes((t.weekday + 1) % 7) && t.hhmm >= open;
}

/** Adds days to a calendar date (no time zone involved). */
function addDays(year: number, month: number, day: number, n: number): { year: number; month: number; day: number; weekday: number } {
  const d = new Date(Date.UTC(year, month - 1, day + n));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), weekday: d.getUTCDay() };
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
export const yyyymmdd = (d: { year: number; month: number; day: number }): string => `${d.year}${pad(d.month)}${pad(d.day)}`;

/**
 * The end of the session that is open now, or of the next one: when a DAY order placed now expires.
 */
export function nextSessionClose(rule: SessionRule, zone: string, epochMs: number): number {
  const t = localTime(zone, epochMs);
  for (let n = 0; n <= 8; n++) {
    const d = addDays(t.year, t.month, t.day, n);
    if (!rule.days.includes(d.weekday)) continue;
    const close = zonedToEpoch(zone, d.year, d.month, d.day, hm(rule.close));
    if (close > epochMs) return close;
  }
  throw new Error('nextSessionClose: rule has no session within a week');
}

/**
 * TWS hours string for `days` calendar days starting with the local date at `epochMs`:
 * `20261123:0400-20261123:2000;…;20261128:CLOSED`.
 */
export function hoursString(rule: SessionRule, zone: string, epochMs: number, days = 7): string {
  const t = localTime(zone, epochMs);
  const out: string[] = [];
  for (let n = 0; n < days; n++) {
    const d = addDays(t.year, t.month, t.day, n);
    if (!rule.days.includes(d.weekday)) {
      out.push(`${yyyymmdd(d)}:CLOSED`);
      continue;
    }
    const openDay = rule.overnight ? addDays(d.year, d.month, d.day, -1) : d;
    out.push(`${yyyymmdd(openDay)}:${rule.open}-${yyyymmdd(d)}:${rule.close}`);
  }
  return out.join(';');
}
