// reqHistoricalData's parameters, read the way TWS reads them: bar size and duration strings, the
// end date/time forms, whatToShow. A parameter TWS would refuse comes back as the error TWS sends.
import type { DurationUnit, WhatToShow } from '../../engine/index.ts';
import { errorText, validationText } from '../../protocol/index.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; code: number; text: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const refuse = (code: number, text: string): Parsed<never> => ({ ok: false, code, text });
/** 162 in TWS's shape: `Historical Market Data Service error message:<detail>`. */
export const hmdsText = (detail: string): string => errorText(162, detail);

const MINUTE_BARS: Readonly<Record<string, number>> = {
  '1 min': 1, '2 mins': 2, '3 mins': 3, '5 mins': 5, '10 mins': 10, '15 mins': 15, '20 mins': 20, '30 mins': 30,
  '1 hour': 60, '1 hours': 60, '2 hours': 120, '3 hours': 180, '4 hours': 240, '8 hours': 480, '1 day': 1440,
};
/** Valid TWS bar sizes the simulator does not build (its record is per minute; no week/month roll-up). */
const OTHER_TWS_BARS = new Set(['1 secs', '5 secs', '10 secs', '15 secs', '30 secs', '1 week', '1 month', '1 W', '1 M']);

/** Bar length in minutes (1440 = daily). */
export function parseBarSize(text: string): Parsed<number> {
  const t = text.trim().replace(/\s+/g, ' ');
  const minutes = MINUTE_BARS[t];
  if (minutes !== undefined) return ok(minutes);
  if (OTHER_TWS_BARS.has(t)) return refuse(321, validationText(`The simulated gateway builds bars of 1 min to 1 day only, not '${t}'`, 'bP'));
  return refuse(321, validationText('Historical data bar size setting is invalid.', 'bP'));
}

export interface DurationSpec {
  count: number;
  unit: DurationUnit;
}

/** Calendar length of a duration in seconds, for the bars-per-request limit (D counted as a day). */
export function durationSeconds(d: DurationSpec): number {
  const day = 86_400;
  switch (d.unit) {
    case 'S': return d.count;
    case 'D': return d.count * day;
    case 'W': return d.count * 7 * day;
    case 'M': return d.count * 31 * day;
    case 'Y': return d.count * 366 * day;
  }
}

/** `<n> S|D|W|M|Y`; IB reads a bare number as seconds. */
export function parseDuration(text: string): Parsed<DurationSpec> {
  const m = /^\s*(\d{1,9})\s*([SDWMY]?)\s*$/i.exec(text);
  const count = m ? Number(m[1]) : 0;
  if (!m || count <= 0) return refuse(321, validationText(`Historical data duration '${text}' is invalid: use <n> S, D, W, M or Y`, 'bQ'));
  const unit = ((m[2] ?? '').toUpperCase() || 'S') as DurationUnit;
  return ok({ count, unit });
}

const SERVED: readonly WhatToShow[] = ['TRADES', 'MIDPOINT', 'BID', 'ASK'];
const OTHER_TWS_KINDS = new Set([
  'BID_ASK', 'HISTORICAL_VOLATILITY', 'OPTION_IMPLIED_VOLATILITY', 'REBATE_RATE', 'FEE_RATE',
  'YIELD_BID', 'YIELD_ASK', 'YIELD_BID_ASK', 'YIELD_LAST', 'SCHEDULE', 'AGGTRADES',
]);

/** ADJUSTED_LAST is TRADES adjusted for splits and dividends: the simulation has neither, so they coincide. */
export function parseWhatToShow(text: string): Parsed<WhatToShow> {
  const t = text.trim().toUpperCase();
  if (t === 'ADJUSTED_LAST') return ok('TRADES');
  const served = SERVED.find((w) => w === t);
  if (served !== undefined) return ok(served);
  if (OTHER_TWS_KINDS.has(t)) return refuse(321, validationText(`The simulated gateway serves TRADES, MIDPOINT, BID and ASK bars, not ${t}`, 'bP'));
  return refuse(321, validationText(`Invalid whatToShow '${text}'`, 'bP'));
}

/** Zones an end date/time may name: TWS's own ids and any IANA zone the runtime knows. */
const TWS_ZONES: Readonly<Record<string, string>> = {
  'US/Eastern': 'America/New_York', 'US/Central': 'America/Chicago', 'US/Mountain': 'America/Denver',
  'US/Pacific': 'America/Los_Angeles', MET: 'Europe/Berlin', EST: 'America/New_York', GMT: 'UTC', UTC: 'UTC',
};

export function ianaOf(zone: string): string | undefined {
  const mapped = TWS_ZONES[zone];
  if (mapped !== undefined) return mapped;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone;
  } catch {
    return undefined;
  }
}

/** Epoch ms of a wall-clock time in an IANA zone (second precision). */
export function zonedEpoch(zone: string, y: number, mo: number, d: number, h: number, mi: number, s: number): number {
  const wanted = Date.UTC(y, mo - 1, d, h, mi, s);
  let guess = wanted;
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  });
  for (let i = 0; i < 3; i++) {
    const p: Record<string, number> = {};
    for (const part of fmt.formatToParts(new Date(guess))) p[part.type] = Number(part.value);
    const seen = Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
    if (seen === wanted) return guess;
    guess += wanted - seen;
  }
  return guess;
}

/**
 * The end of the window: empty = now; `yyyyMMdd-HH:mm:ss` = UTC; `yyyyMMdd HH:mm:ss zone`; without a
 * zone, `yyyyMMdd HH:mm:ss` is read in the instrument's exchange zone (TWS uses its login zone).
 */
export function parseEndDateTime(text: string, now: number, defaultZone: string): Parsed<number> {
  const t = text.trim();
  if (t === '') return ok(now);
  const bad = refuse(10314, errorText(10314));
  const utc = /^(\d{4})(\d{2})(\d{2})-(\d{2}):(\d{2}):(\d{2})$/.exec(t);
  if (utc) {
    const [y, mo, d, h, mi, s] = utc.slice(1).map(Number) as [number, number, number, number, number, number];
    return valid(y, mo, d, h, mi, s) ? ok(Date.UTC(y, mo - 1, d, h, mi, s)) : bad;
  }
  const local = /^(\d{4})(\d{2})(\d{2}) {1,2}(\d{2}):(\d{2}):(\d{2})(?: (\S+))?$/.exec(t);
  if (!local) return bad;
  const [y, mo, d, h, mi, s] = local.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const zone = local[7] === undefined ? defaultZone : ianaOf(local[7]);
  if (zone === undefined || !valid(y, mo, d, h, mi, s)) return bad;
  return ok(zonedEpoch(zone, y, mo, d, h, mi, s));
}

function valid(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d && h < 24 && mi < 60 && s < 60;
}
