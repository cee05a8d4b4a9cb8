// reqHistoricalData's parameter strings read as TWS reads them, and refused with TWS's errors.
import { describe, expect, it } from 'vitest';
import { parseBarSize, parseDuration, parseEndDateTime, parseWhatToShow } from './historical-spec.ts';

const NOW = Date.parse('2026-11-23T15:00:00Z');

describe('historical request parameters', () => {
  it('bar sizes from 1 min to 1 day; other TWS sizes and nonsense refused with 321', () => {
    expect(parseBarSize('1 min')).toEqual({ ok: true, value: 1 });
    expect(parseBarSize('15 mins')).toEqual({ ok: true, value: 15 });
    expect(parseBarSize('1 hour')).toEqual({ ok: true, value: 60 });
    expect(parseBarSize('1 day')).toEqual({ ok: true, value: 1440 });
    expect(parseBarSize('5 secs')).toMatchObject({ ok: false, code: 321 });
    expect(parseBarSize('7 mins')).toEqual({ ok: false, code: 321, text: "Error validating request.-'bP' : cause - Historical data bar size setting is invalid." });
  });

  it('durations in S, D, W, M, Y (a bare number is seconds)', () => {
    expect(parseDuration('3600 S')).toEqual({ ok: true, value: { count: 3600, unit: 'S' } });
    expect(parseDuration('2 D')).toEqual({ ok: true, value: { count: 2, unit: 'D' } });
    expect(parseDuration('1 y')).toEqual({ ok: true, value: { count: 1, unit: 'Y' } });
    expect(parseDuration('60')).toEqual({ ok: true, value: { count: 60, unit: 'S' } });
    expect(parseDuration('1 Q')).toMatchObject({ ok: false, code: 321 });
    expect(parseDuration('0 D')).toMatchObject({ ok: false, code: 321 });
  });

  it('end date/time: empty is now, a dash means UTC, a zone is honoured, no zone is the exchange zone', () => {
    expect(parseEndDateTime('', NOW, 'America/New_York')).toEqual({ ok: true, value: NOW });
    expect(parseEndDateTime('20261123-15:00:00', NOW, 'America/New_York')).toEqual({ ok: true, value: NOW });
    expect(parseEndDateTime('20261123 10:00:00 US/Eastern', NOW, 'UTC')).toEqual({ ok: true, value: NOW });
    expect(parseEndDateTime('20261123 16:00:00 Europe/Berlin', NOW, 'UTC')).toEqual({ ok: true, value: NOW });
    expect(parseEndDateTime('20261123 10:00:00', NOW, 'America/New_York')).toEqual({ ok: true, value: NOW });
    expect(parseEndDateTime('20261123  10:00:00', NOW, 'America/New_York')).toEqual({ ok: true, value: NOW });
  });

  it('a malformed end date/time is error 10314', () => {
    for (const bad of ['2026-11-23', '20261123', '20261332 10:00:00', '20261123 10:00:00 Mars/Olympus']) {
      expect(parseEndDateTime(bad, NOW, 'UTC')).toMatchObject({ ok: false, code: 10314 });
    }
  });

  it('whatToShow: TRADES, MIDPOINT, BID, ASK served in any case, ADJUSTED_LAST as TRADES; the other TWS kinds refused', () => {
    expect(parseWhatToShow('midpoint')).toEqual({ ok: true, value: 'MIDPOINT' });
    expect(parseWhatToShow('ADJUSTED_LAST')).toEqual({ ok: true, value: 'TRADES' });
    expect(parseWhatToShow('BID_ASK')).toMatchObject({ ok: false, code: 321 });
    expect(parseWhatToShow('PRICE')).toMatchObject({ ok: false, code: 321 });
  });
});
