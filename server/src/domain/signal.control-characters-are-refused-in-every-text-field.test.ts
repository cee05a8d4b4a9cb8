// Scenario: a hostile or broken sender puts a NUL byte or another control character into a text
// field of a signal. A NUL would end a field of the TWS socket protocol and inject the rest as
// new fields, so every string that could reach IB is refused, naming the field.
import { describe, expect, it } from 'vitest';
import { parseSignal, unsafeTextReason, type SignalInput } from './signal.ts';

const base: SignalInput = {
  connectionId: 'con_0123456789abcdefghjkmnpqrs', account: 'DU1234567', instrument: { symbol: 'AAPL', exchange: 'NASDAQ', currency: 'USD' },
  action: 'buy', size: { qty: 10 }, strategy: 'breakout', note: 'first entry',
};

/** Puts `text` at a dotted path of a copy of the base signal. */
function withText(path: string, text: string): Record<string, unknown> {
  const copy = structuredClone(base) as Record<string, unknown>;
  const keys = path.split('.');
  let at = copy;
  for (const key of keys.slice(0, -1)) at = at[key] as Record<string, unknown>;
  at[keys.at(-1)!] = text;
  return copy;
}

const TEXT_FIELDS = ['instrument.symbol', 'instrument.exchange', 'instrument.currency', 'account', 'strategy', 'note', 'idempotencyKey'];

describe('control characters in text fields', () => {
  it('accepts the base signal with every text field filled', () => {
    expect(parseSignal({ ...base, idempotencyKey: 'tv-123' })).toMatchObject({ ok: true });
  });

  for (const field of TEXT_FIELDS) {
    it(`refuses a NUL in ${field}, naming the field`, () => {
      const result = parseSignal(withText(field, 'AB\u0000C'));
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.problem.field).toBe(field);
        expect(result.problem.message.startsWith(`${field}: `)).toBe(true);
      }
    });
  }

  it('says which control character it found and where, for free-text fields', () => {
    expect(parseSignal(withText('instrument.symbol', 'AA\u0000PL'))).toEqual({ ok: false, problem: {
      field: 'instrument.symbol',
      message: 'instrument.symbol: must not contain control characters: it holds a NUL character (U+0000) at character 3; send one line of plain text.',
    } });
    for (const ch of ['\t', '\n', '\r', '\u001b', '\u007f', '\u0085', '\u009b']) {
      expect(parseSignal(withText('strategy', `break${ch}out`)), JSON.stringify(ch)).toMatchObject({ ok: false, problem: { field: 'strategy', message: expect.stringContaining('control character') } });
      expect(parseSignal(withText('note', `first${ch}entry`)), JSON.stringify(ch)).toMatchObject({ ok: false, problem: { field: 'note' } });
    }
  });

  it('refuses text that is not well-formed Unicode', () => {
    expect(unsafeTextReason('ab\ud800')).toContain('lone UTF-16 surrogate');
    expect(parseSignal(withText('note', 'ab\udc00'))).toMatchObject({ ok: false, problem: { field: 'note', message: expect.stringContaining('not valid Unicode') } });
  });

  it('refuses over-long values with the limit', () => {
    expect(parseSignal(withText('instrument.symbol', 'A'.repeat(33)))).toMatchObject({ ok: false, problem: { field: 'instrument.symbol', message: 'instrument.symbol: must be at most 32 characters.' } });
    expect(parseSignal(withText('strategy', 's'.repeat(65)))).toMatchObject({ ok: false, problem: { field: 'strategy' } });
    expect(parseSignal(withText('note', 'n'.repeat(501)))).toMatchObject({ ok: false, problem: { field: 'note', message: 'note: must be at most 500 characters.' } });
    expect(parseSignal({ ...base, idempotencyKey: 'k'.repeat(129) })).toMatchObject({ ok: false, problem: { field: 'idempotencyKey' } });
  });

  it('keeps ordinary text: spaces inside, accents, dots', () => {
    expect(parseSignal({ ...base, instrument: { symbol: 'BRK B' }, strategy: 'mean reversion', note: 'entrée à 190.5 — ok' })).toMatchObject({ ok: true });
    expect(parseSignal(withText('instrument.symbol', ' AAPL'))).toMatchObject({ ok: false, problem: { field: 'instrument.symbol', message: expect.stringContaining('must not start or end with spaces') } });
  });

  it('refuses an idempotency key with spaces or other unsafe characters', () => {
    expect(parseSignal({ ...base, idempotencyKey: 'tv 123' })).toMatchObject({ ok: false, problem: { field: 'idempotencyKey', message: expect.stringContaining('no spaces') } });
    expect(parseSignal({ ...base, idempotencyKey: 'tv-2026-12-01T15:00:00Z/long#1' })).toMatchObject({ ok: true });
  });
});
