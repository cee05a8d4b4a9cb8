// IB's session strings (contract details' tradingHours / liquidHours) read as instants, and whether
// a moment falls in a session. The forms IB sends:
//   "20261201:0930-20261201:1600;20261202:CLOSED"   one session per day, a closed day (holiday)
//   "20261130:1700-20261201:1600;20261201:1700-..."  futures: a session that spans midnight
//   "20261201:0400-20261201:0930,20261201:0930-..."  several sessions of one day after a comma
//   "20261201:0930-1600;20261202:CLOSED"             the older form: the end time on the same day
// Times are wall-clock times in the contract's timeZoneId (US/Eastern, Europe/Berlin, ...), so
// daylight-saving changes are the zone's business, not a fixed offset's. The string covers only the
// days IB listed (about a week from when it was read): outside them the answer is "unknown", never
// a guess.

export interface Session {
  /** Epoch ms, inclusive. */
  start: number;
  /** Epoch ms, exclusive. */
  end: number;
}

export interface ParsedHours {
  sessions: Session[];
  /** The first and last day the string speaks of (YYYYMMDD, in the contract's zone). */
  firstDay: string;
  lastDay: string;
  /** The IANA zone the times were read in. */
  zone: string;
}

export type HoursResult = { ok: true; hours: ParsedHours } | { ok: false; message: string };

export type MarketStatus =
  | { state: 'open'; session: Session }
  | { state: 'closed'; nextOpen?: number; day: string }
  | { state: 'unknown'; message: string };

/** Zone names IB uses that are not the IANA zone IB means (its "EST" follows daylight saving). */
const IB_ZONE_ALIASES: Readonly<Record<string, string>> = {
  EST: 'America/New_York',
  EDT: 'America/New_York',
  CST: 'America/Chicago',
  CDT: 'America/Chicago',
  CTT: 'Asia/Shanghai',
  JST: 'Asia/Tokyo',
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** ianaZone's answers by IB's text: a pure function of the text, asked on every signal. */
const zoneOfId = new Map<string, string | undefined>();
const ZONE_IDS_KEPT = 1_000;

/** The IANA zone for IB's timeZoneId ("US/Eastern", "EST (Eastern Standard Time)"), or undefined. */
export function ianaZone(timeZoneId: string): string | undefined {
  if (zoneOfId.has(timeZoneId)) return zoneOfId.get(timeZoneId);
  const zone = readZone(timeZoneId);
  if (zoneOfId.size >= ZONE_IDS_KEPT) zoneOfId.clear();
  zoneOfId.set(timeZoneId, zone);
  return zone;
}

function readZone(timeZoneId: string): string | undefined {
  const name = timeZoneId.trim().split(/\s+/)[0] ?? '';
  const zone = IB_ZONE_ALIASES[name] ?? name;
  if (zone === '') return undefined;
  try {
    formatterFor(zone);
    return zone;
  } catch {
    return undefined;
  }
}

interface WallTime { year: number; month: number; day: number; hour: number; minute: number; second: number }

function wallTimeAt(zone: string, epoch: number): WallTime {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(zone).formatToParts(new Date(epoch))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0, hour: parts.hour ?? 0, minute: parts.minute ?? 0, second: parts.second ?? 0 };
}

function offsetAt(zone: string, epoch: number): number {
  const w = wallTimeAt(zone, epoch);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(epoch / 1000) * 1000;
}

/** The instant a wall-clock time in `zone` stands for (a time skipped by a DST change moves forward). */
function instantOf(zone: string, year: number, month: number, day: number, hour: number, minute: number): number {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const first = asUtc - offsetAt(zone, asUtc);
  const second = asUtc - offsetAt(zone, first);
  return second;
}

/**
 * Each zone's last answer of dayIn and the UTC second it was for. A wall-clock day can change only
 * from one whole second to the next (zone offsets and their changes are whole seconds), so signals
 * in the same second share one formatting (formatToParts is the costly part of the risk gate).
 */
const lastDayIn = new Map<string, { second: number; day: string }>();

/** The calendar day of `epoch` in `zone`, as YYYYMMDD. */
export function dayIn(zone: string, epoch: number): string {
  // A Date drops a fraction of a millisecond toward zero: the second is that of the truncated time.
  const second = Math.floor(Math.trunc(epoch) / 1000);
  const last = lastDayIn.get(zone);
  if (last !== undefined && last.second === second) return last.day;
  const w = wallTimeAt(zone, epoch);
  const day = `${w.year}${String(w.month).padStart(2, '0')}${String(w.day).padStart(2, '0')}`;
  if (last === undefined) lastDayIn.set(zone, { second, day });
  else {
    last.second = second;
    last.day = day;
  }
  return day;
}

const DAY = /^(\d{4})(\d{2})(\d{2})$/;
const TIME = /^(\d{2})(\d{2})$/;

interface Stamp { day: string; time: string }

function stampOf(text: string, defaultDay: string | undefined): Stamp | undefined {
  const [a, b] = text.split(':');
  if (b === undefined) return defaultDay !== undefined && TIME.test(text) ? { day: defaultDay, time: text } : undefined;
  return DAY.test(a ?? '') && TIME.test(b) ? { day: a ?? '', time: b } : undefined;
}

function instantOfStamp(zone: string, s: Stamp): number | undefined {
  const [, y, mo, d] = DAY.exec(s.day) ?? [];
  const [, h, mi] = TIME.exec(s.time) ?? [];
  const year = Number(y), month = Number(mo), day = Number(d), hour = Number(h), minute = Number(mi);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || (hour === 24 && minute > 0)) return undefined;
  return instantOf(zone, year, month, day, hour, minute);
}

const nextDay = (day: string): string => {
  const d = new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(4, 6)) - 1, Number(day.slice(6, 8)) + 1));
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
};

/**
 * Parsed strings by zone and text: an instrument's hours are read on every signal, and change only
 * when re-read from IB. Keyed by the exact text (immutable content, so an entry cannot go stale),
 * one map per zone so that a look-up copies no string (a joined key would copy the whole text).
 */
const parsedHours = new Map<string, Map<string, HoursResult>>();
const PARSED_HOURS_KEPT = 2_000;
let parsedHoursCount = 0;

/** Reads IB's `hours` string in the contract's `timeZoneId`; the message says what is wrong with it. The result is shared: do not change it. */
export function parseTradingHours(hours: string, timeZoneId: string): HoursResult {
  let ofZone = parsedHours.get(timeZoneId);
  const known = ofZone?.get(hours);
  if (known) return known;
  const result = readTradingHours(hours, timeZoneId);
  if (parsedHoursCount >= PARSED_HOURS_KEPT) forgetOldestHours();
  if (ofZone === undefined) parsedHours.set(timeZoneId, (ofZone = new Map()));
  ofZone.set(hours, result);
  parsedHoursCount++;
  return result;
}

function forgetOldestHours(): void {
  for (const [zone, ofZone] of parsedHours) {
    const oldest = ofZone.keys().next();
    if (!oldest.done) {
      ofZone.delete(oldest.value);
      parsedHoursCount--;
    }
    if (ofZone.size === 0) parsedHours.delete(zone);
    return;
  }
}

function readTradingHours(hours: string, timeZoneId: string): HoursResult {
  const zone = ianaZone(timeZoneId);
  if (zone === undefined) return { ok: false, message: `the time zone "${timeZoneId}" IB gave is not one Kairox knows; re-read the instrument's details` };
  const sessions: Session[] = [];
  const days: string[] = [];
  let day: string | undefined;
  for (const raw of hours.split(/[;,]/)) {
    const part = raw.trim();
    if (part === '') continue;
    const closed = /^(\d{8}):CLOSED$/.exec(part);
    if (closed) {
      day = closed[1] ?? '';
      days.push(day);
      continue;
    }
    const [from, to, extra] = part.split('-');
    const start = from === undefined ? undefined : stampOf(from, day);
    if (start === undefined || to === undefined || extra !== undefined) return { ok: false, message: `cannot read "${part}" in the trading hours IB gave` };
    let end = stampOf(to, start.day);
    if (end === undefined) return { ok: false, message: `cannot read "${part}" in the trading hours IB gave` };
    // The older form gives only the end time: a session ending before it starts ends the next day.
    if (!to.includes(':') && end.time < start.time) end = { day: nextDay(start.day), time: end.time };
    const startAt = instantOfStamp(zone, start);
    const endAt = instantOfStamp(zone, end);
    if (startAt === undefined || endAt === undefined || endAt <= startAt) return { ok: false, message: `cannot read "${part}" in the trading hours IB gave` };
    day = start.day;
    days.push(start.day, end.day);
    sessions.push({ start: startAt, end: endAt });
  }
  const sorted = [...days].sort();
  const firstDay = sorted[0];
  const lastDay = sorted[sorted.length - 1];
  if (firstDay === undefined || lastDay === undefined) return { ok: false, message: 'the trading hours IB gave are empty; re-read the instrument\'s details' };
  sessions.sort((a, b) => a.start - b.start);
  return { ok: true, hours: { sessions, firstDay, lastDay, zone } };
}

/** Whether the market is open at `now` by these hours; "unknown" when `now` is a day they do not cover. */
export function marketStatusAt(hours: ParsedHours, now: number): MarketStatus {
  // Loops rather than find(): no closure per call (the gate asks on every signal).
  const { sessions } = hours;
  for (const session of sessions) if (now >= session.start && now < session.end) return { state: 'open', session };
  const day = dayIn(hours.zone, now);
  if (day < hours.firstDay || day > hours.lastDay) {
    return { state: 'unknown', message: `the trading hours IB gave cover ${hours.firstDay} to ${hours.lastDay} (${hours.zone}), not ${day}; re-read the instrument's details` };
  }
  for (const next of sessions) if (next.start > now) return { state: 'closed', day, nextOpen: next.start };
  return { state: 'closed', day };
}
