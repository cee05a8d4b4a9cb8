// Wall-clock text in New York time, as TWS stamps order completions and executions and as
// reqExecutions filters are written. The zone is spelled the IANA way: ib_async parses only those.
import { localTime, zonedToEpoch } from '../market/hours.ts';

const NY = 'America/New_York';
const pad = (n: number): string => String(n).padStart(2, '0');

/** `yyyyMMdd HH:mm:ss America/New_York`. */
export function nyTime(ms: number): string {
  const t = localTime(NY, ms);
  return `${t.year}${pad(t.month)}${pad(t.day)} ${pad(Math.floor(t.hhmm / 100))}:${pad(t.hhmm % 100)}:${pad(t.second)} ${NY}`;
}

/** The New York trading day (`yyyyMMdd`) an instant belongs to: "today" for completed orders and executions. */
export const nyDay = (ms: number): string => nyTime(ms).slice(0, 8);

/** Execution-filter time: `yyyyMMdd-HH:mm:ss` is UTC, `yyyyMMdd HH:mm:ss` US/Eastern. */
export function parseFilterTime(text: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})([- ])\s*(\d{2}):(\d{2}):(\d{2})/.exec(text.trim());
  if (m === null) return undefined;
  const [y, mo, d, , h, mi, s] = m.slice(1).map(Number) as number[];
  if (m[4] === '-') return Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
  return zonedToEpoch(NY, y!, mo!, d!, h! * 100 + mi!) + s! * 1000;
}
