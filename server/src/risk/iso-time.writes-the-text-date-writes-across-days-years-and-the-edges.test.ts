// Scenario: isoTime writes what Date#toISOString writes, char for char: at a millisecond either
// side of UTC midnights and a new year (its day prefix is kept from one call to the next), at the
// epoch, at the end of year 9999, for fractions of a millisecond, and for a time Date cannot write.
import { expect, it } from 'vitest';
import { isoTime } from './iso-time.ts';

const viaDate = (t: number) => new Date(t).toISOString();

it('writes each millisecond around a midnight and a new year with its own day', () => {
  const times = [
    Date.parse('2026-12-01T23:59:59.999Z'), Date.parse('2026-12-02T00:00:00.000Z'), Date.parse('2026-12-01T23:59:59.999Z'),
    Date.parse('2026-12-31T23:59:59.999Z'), Date.parse('2027-01-01T00:00:00.000Z'), Date.parse('2024-02-29T12:34:56.789Z'),
    Date.parse('2026-12-01T15:00:00.007Z'), Date.parse('2026-12-01T15:00:00.070Z'), Date.parse('2026-12-01T09:05:03.700Z'),
  ];
  expect(times.map(isoTime)).toEqual(times.map(viaDate));
  expect(isoTime(Date.parse('2027-01-01T00:00:00.000Z'))).toBe('2027-01-01T00:00:00.000Z');
});

it('writes the edges as Date does: the epoch, before it, fractions, past year 9999', () => {
  const times = [0, -0, -1, 0.5, -0.5, 1.999, 253_402_300_799_999, 253_402_300_800_000, -62_198_755_200_000, 8.64e15];
  expect(times.map(isoTime)).toEqual(times.map(viaDate));
});

it('throws as Date does for a time it cannot write', () => {
  for (const t of [NaN, Infinity, 8.64e15 + 1]) expect(() => isoTime(t)).toThrow(RangeError);
});

it('writes a run of random instants of 1970-9999 as Date does', () => {
  let seed = 42;
  for (let i = 0; i < 2_000; i++) {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    const t = Math.floor((seed / 2_147_483_648) * 253_402_300_800_000);
    expect(isoTime(t)).toBe(viaDate(t));
  }
});
