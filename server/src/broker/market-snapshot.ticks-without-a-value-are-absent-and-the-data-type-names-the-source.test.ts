import { describe, expect, it } from 'vitest';
import { accountSnapshots } from './account-reads.ts';
import { toMarketSnapshot, type IbTick } from './market-snapshot.ts';

const AT = Date.parse('2026-12-01T15:00:00Z');
const price = (field: number, value: unknown): IbTick => ({ tick: 'price', field, value });

describe('reading a snapshot from its ticks', () => {
  it("IB's -1 and 0 (no value) and Double.MAX_VALUE (unset) are absent, and no mid is made from a missing or crossed side", () => {
    expect(toMarketSnapshot([price(1, -1), price(2, 190.1), price(4, 0), price(9, 1.7976931348623157e308)], AT)).toEqual({ ask: 190.1, at: AT, delayed: false, source: 'live' });
    expect(toMarketSnapshot([price(1, 190.2), price(2, 190.1)], AT)).toEqual({ bid: 190.2, ask: 190.1, at: AT, delayed: false, source: 'live' });
  });

  it('market data type 2 is frozen, 4 frozen and delayed; without a type, delayed tick ids say delayed', () => {
    expect(toMarketSnapshot([{ tick: 'dataType', value: 2 }, price(9, 188)], AT)).toMatchObject({ close: 188, source: 'frozen', delayed: false });
    expect(toMarketSnapshot([{ tick: 'dataType', value: 4 }, price(75, 188)], AT)).toMatchObject({ close: 188, source: 'frozen', delayed: true });
    expect(toMarketSnapshot([price(66, 150), price(67, 150.2), price(68, 150.1), { tick: 'string', field: 88, value: '1764601190' }], AT))
      .toEqual({ bid: 150, ask: 150.2, mid: 150.1, last: 150.1, lastAt: 1764601190_000, at: AT, delayed: true, source: 'delayed' });
  });
});

describe('reading account values from summary rows', () => {
  it('an account missing a tag is named with the tag, not read as zero', () => {
    const row = (tag: string, value: string) => ({ kind: 'accountValue' as const, account: 'DU1', tag, value, currency: 'USD' });
    const read = accountSnapshots([row('NetLiquidation', '1000.50'), row('AvailableFunds', '900'), row('BuyingPower', '')], AT);
    expect(read.get('DU1')).toBe("IB's account summary for DU1 has no usable BuyingPower.");
  });
});
