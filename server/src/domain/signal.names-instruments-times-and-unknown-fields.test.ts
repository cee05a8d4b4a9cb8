// Scenario: signals name their instrument by symbol or conId, carry a time with its zone and a
// bounded time-to-live, and a misspelt field is refused by name rather than silently ignored.
import { describe, expect, it } from 'vitest';
import { parseSignal, SignalSchema, type SignalInput } from './signal.ts';
import { z } from 'zod';

const base: SignalInput = { connectionId: 'con_0123456789abcdefghjkmnpqrs', instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 10 } };
const parse = (extra: Record<string, unknown>) => parseSignal({ ...base, ...extra });

describe('instrument, times and unknown fields', () => {
  it('takes an instrument by symbol (narrowed by type, exchange, currency) or by conId, not both', () => {
    expect(parse({ instrument: { symbol: 'ES', secType: 'FUT', exchange: 'CME', currency: 'USD' } })).toMatchObject({ ok: true, signal: { instrument: { symbol: 'ES', secType: 'FUT', exchange: 'CME', currency: 'USD' } } });
    expect(parse({ instrument: { conId: 265598 } })).toMatchObject({ ok: true, signal: { instrument: { conId: 265598 } } });
    expect(parse({ instrument: { conId: 265598, symbol: 'AAPL' } })).toMatchObject({ ok: false, problem: { field: 'instrument.conId', message: expect.stringContaining('either symbol or conId, not both') } });
    expect(parse({ instrument: { conId: 265598, currency: 'USD' } })).toMatchObject({ ok: false, problem: { field: 'instrument.currency', message: expect.stringContaining('applies only with a symbol') } });
    expect(parse({ instrument: {} })).toMatchObject({ ok: false, problem: { field: 'instrument' } });
    expect(parse({ instrument: { conId: 1.5 } })).toMatchObject({ ok: false, problem: { field: 'instrument.conId' } });
  });

  it('takes a signal time with its zone, kept as sent, and refuses one without', () => {
    expect(parse({ signalTime: '2026-12-01T10:00:00-05:00' })).toMatchObject({ ok: true, signal: { signalTime: '2026-12-01T10:00:00-05:00' } });
    expect(parse({ signalTime: '2026-12-01T15:00:00' })).toMatchObject({ ok: false, problem: { field: 'signalTime', message: expect.stringContaining('with its zone') } });
  });

  it('bounds the time to live', () => {
    expect(parse({ ttlSeconds: 3600 })).toMatchObject({ ok: true });
    expect(parse({ ttlSeconds: 3601 })).toMatchObject({ ok: false, problem: { field: 'ttlSeconds', message: expect.stringContaining('at most 3600') } });
    expect(parse({ ttlSeconds: 0 })).toMatchObject({ ok: false, problem: { field: 'ttlSeconds' } });
    expect(parse({ ttlSeconds: 1.5 })).toMatchObject({ ok: false, problem: { field: 'ttlSeconds' } });
  });

  it('refuses a misspelt field by name, listing the real ones', () => {
    expect(parse({ limitprice: 190 })).toMatchObject({ ok: false, problem: { field: 'limitprice', message: expect.stringMatching(/^Unknown field "limitprice": check the spelling; a signal has connectionId, .*limitPrice/) } });
  });

  it('refuses a body that is not an object, a bad connection id and a bad account', () => {
    expect(parseSignal([1])).toEqual({ ok: false, problem: { message: 'Send the signal as a JSON object.' } });
    expect(parse({ connectionId: 'abc' })).toMatchObject({ ok: false, problem: { field: 'connectionId', message: expect.stringContaining('GET /api/connections') } });
    expect(parse({ account: 'XX1' })).toMatchObject({ ok: false, problem: { field: 'account', message: expect.stringContaining('DU1234567') } });
    expect(parse({ action: 'exit' })).toMatchObject({ ok: false, problem: { field: 'action', message: expect.stringContaining('buy, sell, close') } });
  });

  it('documents itself: the JSON schema has the fields, their descriptions and an example', () => {
    const doc = z.toJSONSchema(SignalSchema, { io: 'input', unrepresentable: 'any' }) as { required: string[]; properties: Record<string, { description?: string }>; examples: unknown[]; additionalProperties: boolean };
    expect(doc.required).toEqual(['connectionId', 'instrument', 'action']);
    expect(doc.additionalProperties).toBe(false);
    expect(doc.properties.orderType?.description).toContain('LMT (needs limitPrice)');
    expect(doc.examples).toHaveLength(1);
    expect(parseSignal(doc.examples[0])).toMatchObject({ ok: true });
  });
});
