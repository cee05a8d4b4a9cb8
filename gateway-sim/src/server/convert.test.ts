import { describe, expect, it } from 'vitest';
import { emptyContract } from '../protocol/index.ts';
import { accountSummaryRows, cleanPrice, contractQuery, quantityText, summaryTags } from './convert.ts';

describe('engine ↔ wire conversions', () => {
  it('strips float noise from prices and quantities', () => {
    expect(cleanPrice(228.38000000000002)).toBe(228.38);
    expect(cleanPrice(201.8829709)).toBe(201.8829709);
    expect(quantityText(100)).toBe('100');
    expect(quantityText(0.1 + 0.2)).toBe('0.3');
  });

  it('leaves unset contract spellings out of the engine query', () => {
    const q = contractQuery(emptyContract({ symbol: 'AAPL', secType: 'STK', strike: 0, right: '?', exchange: 'SMART', currency: 'USD' }));
    expect(q).toEqual({ symbol: 'AAPL', secType: 'STK', exchange: 'SMART', currency: 'USD' });
    expect(contractQuery(emptyContract({ conId: 265598, strike: 200 }))).toEqual({ conId: 265598, strike: 200 });
  });

  it('resolves the ReqT… typo, drops unknown and $LEDGER tags, keeps order', () => {
    expect(summaryTags(['NetLiquidation', 'ReqTEquity', '$LEDGER', 'Bogus', 'NetLiquidation', 'AccountType'])).toEqual(['NetLiquidation', 'RegTEquity', 'AccountType']);
  });

  it('formats money with two decimals and non-monetary tags without a currency', () => {
    const values = { account: 'DU1', currency: 'USD', NetLiquidation: 1000000, AccountType: 'INDIVIDUAL', Cushion: 0.987654321, DayTradesRemaining: -1 };
    const rows = accountSummaryRows(9, values as never, ['NetLiquidation', 'AccountType', 'Cushion', 'DayTradesRemaining']);
    expect(rows.map((r) => [r.tag, r.value, r.currency])).toEqual([
      ['NetLiquidation', '1000000.00', 'USD'], ['AccountType', 'INDIVIDUAL', ''], ['Cushion', '0.9877', ''], ['DayTradesRemaining', '-1', ''],
    ]);
  });
});
