// Whether an approved instrument may be traded now: of a type Kairox automates, and not too close
// to its last trade date (futures roll, options expire: an entry days before expiry is a mistake
// more often than a plan). Pure: the clock's reading comes in as `now`.
import { SEC_TYPES, type ApprovedInstrument } from './trading.ts';

export const DEFAULT_NEAR_EXPIRY_DAYS = 3;

export interface EligibilityPolicy {
  /** The types automated; default every type Kairox supports (SEC_TYPES). */
  supportedSecTypes?: readonly string[];
  /** Refuse a contract fewer than this many calendar days (in its exchange's zone) before its last trade date. Default 3 (as the risk gate counts: at the limit passes). */
  nearExpiryDays?: number;
  /** Let near-expiry contracts through (an expired one is still refused: IB would reject it). */
  allowNearExpiry?: boolean;
}

export type EligibilityCode = 'instrument_not_supported' | 'contract_near_expiry';

export type Eligibility =
  | { ok: true; daysToLastTrade?: number }
  | { ok: false; code: EligibilityCode; message: string; values: Record<string, string | number | boolean | readonly string[]> };

type Judged = Pick<ApprovedInstrument, 'conId' | 'symbol' | 'secType' | 'localSymbol' | 'lastTradeDate' | 'timeZoneId'>;

const DAY_MS = 86_400_000;

/** The calendar date at `now` in IB's zone name (IB's names such as US/Eastern are IANA links); UTC when the zone is unknown. */
function localDateUtcMs(now: number, timeZoneId: string | undefined): number {
  let zone = 'UTC';
  if (timeZoneId) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: timeZoneId });
      zone = timeZoneId;
    } catch {
      zone = 'UTC';
    }
  }
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(part('year'), part('month') - 1, part('day'));
}

/** Calendar days from today (in the exchange's zone) to a YYYYMMDD date; negative once it has passed. */
export function daysUntil(yyyymmdd: string, now: number, timeZoneId?: string): number {
  const target = Date.UTC(Number(yyyymmdd.slice(0, 4)), Number(yyyymmdd.slice(4, 6)) - 1, Number(yyyymmdd.slice(6, 8)));
  return Math.round((target - localDateUtcMs(now, timeZoneId)) / DAY_MS);
}

function nameOf(i: Judged): string {
  return `${i.localSymbol ?? i.symbol} (${i.secType}, conId ${i.conId})`;
}

export function instrumentEligibility(instrument: Judged, now: number, policy: EligibilityPolicy = {}): Eligibility {
  const supported = policy.supportedSecTypes ?? SEC_TYPES;
  if (!supported.includes(instrument.secType)) {
    return {
      ok: false, code: 'instrument_not_supported',
      message: `${nameOf(instrument)} is of type ${instrument.secType}; this connection automates ${supported.join(', ') || 'no types'} only.`,
      values: { secType: instrument.secType, supportedSecTypes: supported },
    };
  }
  if (!instrument.lastTradeDate || !/^\d{8}$/.test(instrument.lastTradeDate)) return { ok: true };
  const days = daysUntil(instrument.lastTradeDate, now, instrument.timeZoneId);
  const limit = policy.nearExpiryDays ?? DEFAULT_NEAR_EXPIRY_DAYS;
  const values = { lastTradeDate: instrument.lastTradeDate, daysToLastTrade: days, nearExpiryDays: limit, allowNearExpiry: policy.allowNearExpiry === true };
  if (days < 0) {
    return {
      ok: false, code: 'contract_near_expiry',
      message: `${nameOf(instrument)} stopped trading on its last trade date ${instrument.lastTradeDate}; approve the next contract (search it by symbol) and send signals for that one.`,
      values,
    };
  }
  if (days < limit && policy.allowNearExpiry !== true) {
    const when = days === 0 ? 'today' : `in ${days} day${days === 1 ? '' : 's'}`;
    return {
      ok: false, code: 'contract_near_expiry',
      message: `${nameOf(instrument)} has its last trade date ${instrument.lastTradeDate} ${when}, sooner than the ${limit} days the policy needs for new entries; roll to the next contract, or allow near-expiry contracts in the connection's policy.`,
      values,
    };
  }
  return { ok: true, daysToLastTrade: days };
}
