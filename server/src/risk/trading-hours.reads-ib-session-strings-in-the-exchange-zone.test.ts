// Scenario: IB's tradingHours / liquidHours strings are wall-clock times in the contract's zone.
// A US day, a Frankfurt day, a summer (daylight-saving) day, a holiday written as CLOSED, a futures
// session running over midnight, several sessions in one day, the older end-time-only form, and
// the strings and zones that cannot be read.
import { describe, expect, it } from 'vitest';
import { ianaZone, marketStatusAt, parseTradingHours, type ParsedHours } from './trading-hours.ts';

const iso = (t: number) => new Date(t).toISOString();
const at = (s: string) => Date.parse(s);

function hoursOf(text: string, zone: string): ParsedHours {
  const r = parseTradingHours(text, zone);
  if (!r.ok) throw new Error(r.message);
  return r.hours;
}

describe('parseTradingHours', () => {
  it('reads a New York day in US/Eastern and America/New_York alike (EST in December)', () => {
    for (const zone of ['US/Eastern', 'America/New_York']) {
      const [s] = hoursOf('20261201:0930-20261201:1600;20261202:0930-20261202:1600', zone).sessions;
      expect(s && [iso(s.start), iso(s.end)]).toEqual(['2026-12-01T14:30:00.000Z', '2026-12-01T21:00:00.000Z']);
    }
  });

  it('follows daylight saving: 09:30 New York is 13:30 UTC in July, also for IB\'s "EST"', () => {
    for (const zone of ['US/Eastern', 'EST', 'EST (Eastern Standard Time)']) {
      const [s] = hoursOf('20260701:0930-20260701:1600', zone).sessions;
      expect(s && iso(s.start)).toBe('2026-07-01T13:30:00.000Z');
    }
  });

  it('reads a Frankfurt day in Europe/Berlin', () => {
    const [s] = hoursOf('20261201:0900-20261201:1730', 'Europe/Berlin').sessions;
    expect(s && [iso(s.start), iso(s.end)]).toEqual(['2026-12-01T08:00:00.000Z', '2026-12-01T16:30:00.000Z']);
  });

  it('keeps several sessions of one day and the older form that gives only the end time', () => {
    expect(hoursOf('20261201:0400-20261201:0930,20261201:0930-20261201:2000', 'US/Eastern').sessions).toHaveLength(2);
    const [day, overnight] = hoursOf('20261201:0930-1600;20261201:1700-1600', 'US/Central').sessions.map((s) => [iso(s.start), iso(s.end)]);
    expect(day).toEqual(['2026-12-01T15:30:00.000Z', '2026-12-01T22:00:00.000Z']);
    expect(overnight).toEqual(['2026-12-01T23:00:00.000Z', '2026-12-02T22:00:00.000Z']);
  });

  it('refuses a zone it does not know and a part it cannot read, quoting it', () => {
    expect(parseTradingHours('20261201:0930-20261201:1600', 'Mars/Olympus')).toEqual({ ok: false, message: expect.stringContaining('"Mars/Olympus"') });
    expect(parseTradingHours('20261201:0930-20261201:1600;20261202:9999-20261202:1600', 'US/Eastern'))
      .toEqual({ ok: false, message: 'cannot read "20261202:9999-20261202:1600" in the trading hours IB gave' });
    expect(parseTradingHours('', 'US/Eastern').ok).toBe(false);
    expect(ianaZone('')).toBeUndefined();
  });
});

describe('marketStatusAt', () => {
  // Thanksgiving 2026 (Thursday 26 November) closed, the Friday after closes at 13:00.
  const thanksgiving = hoursOf('20261125:0930-20261125:1600;20261126:CLOSED;20261127:0930-20261127:1300', 'US/Eastern');

  it('is closed all day on a US holiday written as CLOSED, and says when it opens next', () => {
    expect(marketStatusAt(thanksgiving, at('2026-11-26T16:00:00Z'))).toEqual({ state: 'closed', day: '20261126', nextOpen: at('2026-11-27T14:30:00Z') });
  });

  it('closes at 13:00 on the early-close day after it', () => {
    expect(marketStatusAt(thanksgiving, at('2026-11-27T17:59:59.999Z')).state).toBe('open');
    expect(marketStatusAt(thanksgiving, at('2026-11-27T18:00:00Z'))).toEqual({ state: 'closed', day: '20261127' });
  });

  it('is open overnight in a futures session that spans midnight, and closed in the daily break', () => {
    const es = hoursOf('20261130:1700-20261201:1600;20261201:1700-20261202:1600;20261205:CLOSED', 'US/Central');
    // 20:00 Chicago on Monday 30 November: inside the session that opened at 17:00.
    expect(marketStatusAt(es, at('2026-12-01T02:00:00Z'))).toMatchObject({ state: 'open', session: { start: at('2026-11-30T23:00:00Z'), end: at('2026-12-01T22:00:00Z') } });
    // 16:30 Chicago on Tuesday: the daily maintenance break until 17:00.
    expect(marketStatusAt(es, at('2026-12-01T22:30:00Z'))).toEqual({ state: 'closed', day: '20261201', nextOpen: at('2026-12-01T23:00:00Z') });
  });

  it('answers unknown for a day the string does not cover, naming the days it does', () => {
    expect(marketStatusAt(thanksgiving, at('2026-12-01T15:00:00Z')))
      .toEqual({ state: 'unknown', message: expect.stringContaining('cover 20261125 to 20261127 (US/Eastern), not 20261201') });
  });
});
