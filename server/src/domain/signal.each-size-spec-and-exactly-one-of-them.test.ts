// Scenario: a program sizes its orders in each of the four ways Kairox knows (a quantity, an
// amount, a share of equity, a risk amount with its stop), gives two at once, or none; close and
// cancel need no size and refuse one.
import { describe, expect, it } from 'vitest';
import { parseSignal, type SignalInput } from './signal.ts';

const base: SignalInput = { connectionId: 'con_0123456789abcdefghjkmnpqrs', instrument: { symbol: 'AAPL' }, action: 'buy' };
const parse = (extra: Record<string, unknown>) => parseSignal({ ...base, ...extra });

describe('size specs', () => {
  it('accepts each size spec and keeps exactly what it says', () => {
    expect(parse({ size: { qty: 10 } })).toMatchObject({ ok: true, signal: { size: { qty: 10 } } });
    expect(parse({ size: { notional: 5000 } })).toMatchObject({ ok: true, signal: { size: { notional: 5000 } } });
    expect(parse({ size: { percentOfEquity: 2 } })).toMatchObject({ ok: true, signal: { size: { percentOfEquity: 2 } } });
    expect(parse({ size: { riskAmount: 200, stopPrice: 185 } })).toMatchObject({ ok: true, signal: { size: { riskAmount: 200, stopPrice: 185 } } });
  });

  it('refuses two ways of sizing at once, naming the second', () => {
    expect(parse({ size: { qty: 10, notional: 5000 } })).toEqual({ ok: false, problem: { field: 'size.notional', message: 'size.notional: give only one way of sizing: qty and notional were both given.' } });
  });

  it('refuses an empty size and says which forms exist', () => {
    expect(parse({ size: {} })).toMatchObject({ ok: false, problem: { field: 'size', message: expect.stringContaining('{"qty": 10}, {"notional": 5000}, {"percentOfEquity": 2} or {"riskAmount": 200, "stopPrice": 185}') } });
  });

  it('refuses a risk amount without its stop, and a stop without a risk amount', () => {
    expect(parse({ size: { riskAmount: 200 } })).toMatchObject({ ok: false, problem: { field: 'size.stopPrice', message: expect.stringContaining('riskAmount needs stopPrice') } });
    expect(parse({ size: { qty: 10, stopPrice: 185 } })).toMatchObject({ ok: false, problem: { field: 'size.stopPrice', message: expect.stringContaining('applies only with riskAmount') } });
    expect(parse({ size: { stopPrice: 185 } })).toMatchObject({ ok: false, problem: { field: 'size', message: expect.stringContaining('add riskAmount') } });
  });

  it('refuses a risk stop on the wrong side of the entry', () => {
    const signal = { orderType: 'LMT', limitPrice: 190, size: { riskAmount: 200, stopPrice: 195 } };
    expect(parse(signal)).toMatchObject({ ok: false, problem: { field: 'size.stopPrice', message: 'size.stopPrice (195) must be below limitPrice (190) for a buy: it is where the loss is taken.' } });
    expect(parse({ ...signal, action: 'sell' })).toMatchObject({ ok: true });
  });

  it('refuses sizes that are not positive, and a percentage above 100', () => {
    expect(parse({ size: { qty: 0 } })).toMatchObject({ ok: false, problem: { field: 'size.qty', message: expect.stringContaining('greater than 0') } });
    expect(parse({ size: { notional: -5 } })).toMatchObject({ ok: false, problem: { field: 'size.notional' } });
    expect(parse({ size: { percentOfEquity: 101 } })).toMatchObject({ ok: false, problem: { field: 'size.percentOfEquity', message: 'size.percentOfEquity: must be at most 100.' } });
  });

  it('names a misspelt size field', () => {
    expect(parse({ size: { quantity: 10 } })).toMatchObject({ ok: false, problem: { field: 'size.quantity', message: expect.stringContaining('Unknown field "quantity" in size') } });
  });

  it('needs a size to buy or sell, and none to close or cancel', () => {
    expect(parse({})).toMatchObject({ ok: false, problem: { field: 'size', message: expect.stringContaining('size is required for buy') } });
    expect(parse({ action: 'sell' })).toMatchObject({ ok: false, problem: { field: 'size' } });
    expect(parse({ action: 'close' })).toMatchObject({ ok: true });
    expect(parse({ action: 'cancel' })).toMatchObject({ ok: true });
    expect(parse({ action: 'close', size: { qty: 5 } })).toMatchObject({ ok: false, problem: { field: 'size', message: expect.stringContaining('flattens the whole position') } });
    expect(parse({ action: 'cancel', size: { qty: 5 } })).toMatchObject({ ok: false, problem: { field: 'size', message: expect.stringContaining('does not apply to cancel') } });
  });
});
