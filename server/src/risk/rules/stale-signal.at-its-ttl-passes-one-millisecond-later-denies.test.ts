// Scenario: a signal is good until signal time + TTL inclusive; a millisecond later it is stale.
// A signal without a TTL takes the policy's default. A signal time more than 5 s ahead is refused.
import { expect, it } from 'vitest';
import { limitsWith, NOW, riskContext } from '../../../test/support/risk-context.ts';
import { staleSignal } from './stale-signal.ts';

it('passes at signal time + TTL and denies stale_signal one millisecond later', () => {
  const at = staleSignal(riskContext({ signal: { time: NOW - 60_000, ttlSeconds: 60, fingerprint: 'f' } }), limitsWith());
  expect(at).toMatchObject({ rule: 'stale_signal', outcome: 'pass', values: { actual: 60, limit: 60, unit: 'seconds' } });
  const late = staleSignal(riskContext({ signal: { time: NOW - 60_001, ttlSeconds: 60, fingerprint: 'f' } }), limitsWith());
  expect(late).toMatchObject({ outcome: 'deny', code: 'stale_signal', values: { actual: 60.001, expiresAt: '2026-12-01T14:59:59.999Z' } });
  expect(late.message).toContain('send a fresh signal');
});

it("uses the policy's default TTL when the signal gives none", () => {
  const signal = { time: NOW - 31_000, fingerprint: 'f' };
  expect(staleSignal(riskContext({ signal }), limitsWith({ defaultSignalTtlSeconds: 31 })).outcome).toBe('pass');
  expect(staleSignal(riskContext({ signal }), limitsWith({ defaultSignalTtlSeconds: 30 })).code).toBe('stale_signal');
});

it('passes a signal time 5 s ahead of the clock and denies one 5.001 s ahead, naming the clock', () => {
  expect(staleSignal(riskContext({ signal: { time: NOW + 5_000, ttlSeconds: 60, fingerprint: 'f' } }), limitsWith()).outcome).toBe('pass');
  const ahead = staleSignal(riskContext({ signal: { time: NOW + 5_001, ttlSeconds: 60, fingerprint: 'f' } }), limitsWith());
  expect(ahead).toMatchObject({ outcome: 'deny', code: 'stale_signal', values: { actual: -5.001 } });
  expect(ahead.message).toContain("check the sender's clock");
});
