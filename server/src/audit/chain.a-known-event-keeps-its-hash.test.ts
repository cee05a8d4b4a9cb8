// Scenario: the chain's bytes are a contract with every trail already stored. Fixed events and
// values pinned to the hashes and texts the chain produced before any speed-up, so a faster
// canonicalJson or hashEvent that changes one byte fails here (and would break verification of
// every existing trail).
import { describe, expect, it } from 'vitest';
import { canonicalJson, GENESIS_HASH, hashEvent } from './chain.ts';

const EVENT = {
  workspace_id: 'wks_1', seq: 7, id: 'aud_1', occurred_at: 1764600000000, actor_type: 'webhook', actor_id: 'whk_1',
  action: 'signal.received', target_type: 'signal', target_id: 'sig_1', request_id: 'req_1',
  data: '{"payload":{"n":1,"ticker":"AAPL"}}', prev_hash: GENESIS_HASH,
};

describe('hashEvent of a known event', () => {
  it('keeps the hash it was stored with', () => {
    expect(hashEvent(EVENT)).toBe('655fa39f0b0e737318715cd71367e97d2a5559fa8ecedbda3a02cd6d0f80bb68');
  });
  it('keeps it with nulls, and with seq and time read back as text (PostgreSQL bigint)', () => {
    const row = { ...EVENT, seq: '7', occurred_at: '1764600000000', actor_id: null, target_type: null, target_id: null, request_id: null, data: '{}' };
    expect(hashEvent(row as unknown as typeof EVENT)).toBe('a2e74b67a462451b9f562dde2a61c3cabff26fc8dbe4b16f66e113df65a8c588');
  });
  it('keeps it with quotes, control characters and non-ASCII text in fields and data', () => {
    expect(hashEvent({ ...EVENT, actor_id: 'usr_"\\\u0001\u00e9\u{1f600}', data: '{"note":"line\\nbreak"}' })).toBe('456eddc593bb636e0d43e525c177cd649bcceb879939e6eb991bb9ef0b983530');
  });
  it('leaves out a field that is undefined, as canonical JSON does', () => {
    expect(hashEvent({ ...EVENT, request_id: undefined as unknown as string })).toBe('2383bcf7d315f6ce5faf4184549f5bd8235f1d99d1b2b4d0ce7431e096a80fb8');
  });
  it('refuses a sequence number that is not a number', () => {
    expect(() => hashEvent({ ...EVENT, seq: Number.NaN })).toThrow(/NaN/);
  });
});

describe('canonicalJson of awkward values', () => {
  it('keeps its text: integer-like keys, case, non-ASCII keys, holes, -0, dates, escapes, big numbers', () => {
    const value = {
      z: 1, '10': 'ten', '9': 'nine', b: [1, undefined, null, { y: true, x: -0 }], a: { '\u00e9': '\u00e9', e: 'e', E: 'E', '': 'empty' },
      d: new Date(0), s: 'q"\\\n\u2028\ud800', u: undefined, n: 1e21, f: 0.1,
    };
    expect(canonicalJson(value)).toBe('{"10":"ten","9":"nine","a":{"":"empty","E":"E","e":"e","\u00e9":"\u00e9"},"b":[1,null,null,{"x":0,"y":true}],"d":{},"f":0.1,"n":1e+21,"s":"q\\"\\\\\\n\u2028\\ud800","z":1}');
  });
  it('keeps its text for empty and flat values', () => {
    expect(canonicalJson([[], {}, 'x', 1.5, false])).toBe('[[],{},"x",1.5,false]');
    expect(canonicalJson({ a: 1, b: 'two', c: null })).toBe('{"a":1,"b":"two","c":null}');
  });
  it('refuses what has no stable JSON text, nested or flat', () => {
    expect(() => canonicalJson({ a: { b: Number.POSITIVE_INFINITY } })).toThrow(/NaN or Infinity/);
    expect(() => canonicalJson({ a: 1n })).toThrow(/bigint/);
    expect(() => canonicalJson([() => 1])).toThrow(/function/);
  });
});
