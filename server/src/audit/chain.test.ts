import { describe, expect, it } from 'vitest';
import { canonicalJson, GENESIS_HASH, hashEvent } from './chain.ts';

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[1,{"y":2,"z":1}]},"b":1}');
  });
  it('refuses values that have no stable JSON form', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/NaN/);
  });
});

describe('hashEvent', () => {
  const fields = {
    workspace_id: 'ws_1', seq: 1, id: 'aud_1', occurred_at: 1, actor_type: 'user', actor_id: 'usr_1', action: 'auth.logout',
    target_type: null, target_id: null, request_id: 'r1', data: '{}', prev_hash: GENESIS_HASH,
  };
  it('is a sha256 hex digest that changes with any covered field', () => {
    const base = hashEvent(fields);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    for (const [key, value] of Object.entries({ seq: 2, action: 'auth.login_failed', data: '{"x":1}', prev_hash: 'f'.repeat(64), workspace_id: 'ws_2' })) {
      expect(hashEvent({ ...fields, [key]: value }), key).not.toBe(base);
    }
  });
});
