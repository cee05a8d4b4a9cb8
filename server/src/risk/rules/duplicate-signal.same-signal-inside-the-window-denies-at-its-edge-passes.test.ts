// Scenario: the same signal again within the window (a webhook re-send) is denied; exactly one
// window later it is a new signal; a different signal within the window passes.
import { expect, it } from 'vitest';
import { limitsWith, NOW, riskContext } from '../../../test/support/risk-context.ts';
import { duplicateSignal } from './duplicate-signal.ts';

const seen = (ageMs: number, fingerprint = 'fp-this-signal') => [{ fingerprint, receivedAt: NOW - ageMs }];

it('passes the same signal a full window later and denies duplicate_signal one millisecond inside it', () => {
  expect(duplicateSignal(riskContext({ recentSignals: seen(60_000) }), limitsWith())).toMatchObject({ rule: 'duplicate_signal', outcome: 'pass' });
  const dup = duplicateSignal(riskContext({ recentSignals: seen(59_999) }), limitsWith());
  expect(dup).toMatchObject({ outcome: 'deny', code: 'duplicate_signal', values: { actual: 59.999, limit: 60, unit: 'seconds' } });
  expect(dup.message).toContain('re-send');
});

it('passes a different signal inside the window', () => {
  expect(duplicateSignal(riskContext({ recentSignals: seen(1_000, 'fp-another') }), limitsWith()).outcome).toBe('pass');
});
