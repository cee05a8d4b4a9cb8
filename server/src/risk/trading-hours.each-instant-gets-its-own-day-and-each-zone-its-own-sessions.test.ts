// Scenario: dayIn keeps each zone's last answer for the second it was asked about, and parsed hours
// are kept by zone and text. Asked about neighbouring instants (a millisecond apart across a
// midnight, the midnight after a daylight-saving change, a fraction of a millisecond before the
// epoch), about the same instant in several zones, and about the same text in several zones, each
// gets its own answer, as if nothing were kept.
import { expect, it } from 'vitest';
import { dayIn, ianaZone, marketStatusAt, parseTradingHours } from './trading-hours.ts';

const at = (s: string) => Date.parse(s);

it('gives the instants a millisecond either side of a New York midnight their own days', () => {
  const midnight = at('2026-12-02T05:00:00.000Z');
  expect([dayIn('America/New_York', midnight - 1), dayIn('America/New_York', midnight), dayIn('America/New_York', midnight - 1)])
    .toEqual(['20261201', '20261202', '20261201']);
});

it('moves midnight with daylight saving: 04:00 UTC is the new day in July, not in December', () => {
  expect([dayIn('US/Eastern', at('2026-07-02T03:59:59.999Z')), dayIn('US/Eastern', at('2026-07-02T04:00:00.000Z'))]).toEqual(['20260701', '20260702']);
  expect([dayIn('US/Eastern', at('2026-12-02T04:00:00.000Z')), dayIn('US/Eastern', at('2026-12-02T04:59:59.999Z'))]).toEqual(['20261201', '20261201']);
  // The day after the change back (Sunday 2026-11-01) starts at 05:00 UTC again.
  expect([dayIn('US/Eastern', at('2026-11-02T04:59:59.999Z')), dayIn('US/Eastern', at('2026-11-02T05:00:00.000Z'))]).toEqual(['20261101', '20261102']);
});

it('answers the same instant in each zone with that zone\'s day', () => {
  const t = at('2026-12-01T20:00:00.000Z');
  expect(['Asia/Tokyo', 'America/New_York', 'Asia/Tokyo', 'Pacific/Kiritimati', 'America/New_York'].map((z) => dayIn(z, t)))
    .toEqual(['20261202', '20261201', '20261202', '20261202', '20261201']);
});

it('reads a fraction of a millisecond as Date does (toward zero) around the epoch', () => {
  expect([dayIn('UTC', -0.5), dayIn('UTC', -1), dayIn('UTC', -0.5), dayIn('UTC', 999.5), dayIn('UTC', -1000)])
    .toEqual(['19700101', '19691231', '19700101', '19700101', '19691231']);
});

it('reads the same hours text in each zone with that zone\'s offsets, and says so for a zone it does not know', () => {
  const text = '20261201:0930-20261201:1600';
  const starts = ['US/Eastern', 'Europe/Berlin', 'US/Eastern', 'Asia/Tokyo'].map((zone) => {
    const r = parseTradingHours(text, zone);
    return r.ok ? new Date(r.hours.sessions[0]?.start ?? NaN).toISOString() : r.message;
  });
  expect(starts).toEqual(['2026-12-01T14:30:00.000Z', '2026-12-01T08:30:00.000Z', '2026-12-01T14:30:00.000Z', '2026-12-01T00:30:00.000Z']);
  expect(parseTradingHours(text, 'Mars/Olympus')).toMatchObject({ ok: false });
  expect([ianaZone('Mars/Olympus'), ianaZone('Mars/Olympus'), ianaZone('EST (Eastern Standard Time)')]).toEqual([undefined, undefined, 'America/New_York']);
});

it('gives the next open and the day of a closed market at two moments a millisecond apart', () => {
  const r = parseTradingHours('20261201:0930-20261201:1600;20261202:0930-20261202:1600', 'US/Eastern');
  if (!r.ok) throw new Error(r.message);
  const midnight = at('2026-12-02T05:00:00.000Z');
  expect([marketStatusAt(r.hours, midnight - 1), marketStatusAt(r.hours, midnight)]).toEqual([
    { state: 'closed', day: '20261201', nextOpen: at('2026-12-02T14:30:00.000Z') },
    { state: 'closed', day: '20261202', nextOpen: at('2026-12-02T14:30:00.000Z') },
  ]);
});
