// Scenario: a program sends a bracket (take-profit and stop-loss) with its entry. A buy's
// take-profit must be above its entry and its stop-loss below (a sell's the other way round)
// whenever the signal itself gives the entry (a limit or stop price, or the price the sender saw);
// with a market entry only the two legs can be compared.
import { describe, expect, it } from 'vitest';
import { parseSignal, type SignalInput } from './signal.ts';

const buyLimit: SignalInput = {
  connectionId: 'con_0123456789abcdefghjkmnpqrs', instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 10 },
  orderType: 'LMT', limitPrice: 190,
};
const parse = (extra: Record<string, unknown>) => parseSignal({ ...buyLimit, ...extra });

describe('bracket sides', () => {
  it('accepts a buy with the take-profit above and the stop-loss below the limit', () => {
    expect(parse({ bracket: { takeProfit: { limitPrice: 200 }, stopLoss: { stopPrice: 185 } } })).toMatchObject({ ok: true, signal: { bracket: { takeProfit: { limitPrice: 200 }, stopLoss: { stopPrice: 185 } } } });
    expect(parse({ bracket: { stopLoss: { stopPrice: 185 } } })).toMatchObject({ ok: true });
  });

  it('refuses a buy whose take-profit is not above the limit', () => {
    expect(parse({ bracket: { takeProfit: { limitPrice: 190 } } })).toEqual({ ok: false, problem: {
      field: 'bracket.takeProfit.limitPrice', message: 'bracket.takeProfit.limitPrice (190) must be above limitPrice (190) for a buy.',
    } });
  });

  it('refuses a sell whose stop-loss is below its stop entry', () => {
    const sell = { action: 'sell', orderType: 'STP', limitPrice: undefined, stopPrice: 180, bracket: { stopLoss: { stopPrice: 175 } } };
    expect(parse(sell)).toMatchObject({ ok: false, problem: { field: 'bracket.stopLoss.stopPrice', message: 'bracket.stopLoss.stopPrice (175) must be above stopPrice (180) for a sell.' } });
    expect(parse({ ...sell, bracket: { stopLoss: { stopPrice: 185 }, takeProfit: { limitPrice: 170 } } })).toMatchObject({ ok: true });
  });

  it('checks a market entry against the price the sender saw, else the legs against each other', () => {
    const market = { orderType: 'MKT', limitPrice: undefined };
    expect(parse({ ...market, referencePrice: 190, bracket: { stopLoss: { stopPrice: 191 } } })).toMatchObject({ ok: false, problem: { field: 'bracket.stopLoss.stopPrice', message: expect.stringContaining('must be below referencePrice (190)') } });
    expect(parse({ ...market, bracket: { takeProfit: { limitPrice: 180 }, stopLoss: { stopPrice: 185 } } })).toMatchObject({ ok: false, problem: { field: 'bracket.takeProfit.limitPrice', message: 'bracket.takeProfit.limitPrice (180) must be above bracket.stopLoss.stopPrice (185) for a buy.' } });
    expect(parse({ ...market, bracket: { takeProfit: { limitPrice: 180 } } })).toMatchObject({ ok: true });
  });

  it('refuses an empty bracket, an unknown leg field, and a bracket on close or cancel', () => {
    expect(parse({ bracket: {} })).toMatchObject({ ok: false, problem: { field: 'bracket', message: expect.stringContaining('give takeProfit') } });
    expect(parse({ bracket: { takeProfit: { price: 200 } } })).toMatchObject({ ok: false, problem: { field: 'bracket.takeProfit.price', message: expect.stringContaining('takeProfit has limitPrice') } });
    expect(parse({ action: 'close', size: undefined, bracket: { stopLoss: { stopPrice: 185 } } })).toMatchObject({ ok: false, problem: { field: 'bracket', message: expect.stringContaining('no new position to protect') } });
    expect(parse({ action: 'cancel', size: undefined, orderType: 'MKT', limitPrice: undefined, bracket: { stopLoss: { stopPrice: 185 } } })).toMatchObject({ ok: false, problem: { field: 'bracket' } });
  });
});
