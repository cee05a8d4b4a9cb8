// Scenario: TradingView re-sends an alert it got a 5xx for (the same body up to 4 times), or a
// program repeats an idempotency key. An identical re-delivery has the same fingerprint even with
// its keys in another order or its secret changed; a different quantity does not. A signal's
// fingerprint sees through defaults and time zones and ignores the key itself.
import { describe, expect, it } from 'vitest';
import { decodeWebhookBody, parseWebhookDelivery } from './alert-formats.ts';
import { deliveryFingerprint, signalFingerprint } from './fingerprint.ts';
import { parseSignal, type Signal } from '../domain/index.ts';

const CONNECTION = 'con_0123456789abcdefghjkmnpqrs';
const fingerprintOf = (text: string) => {
  const decoded = decodeWebhookBody(text, 'text/plain');
  if (!decoded.ok) throw new Error(decoded.problem.message);
  return deliveryFingerprint(decoded.payload);
};
const signalOf = (body: Record<string, unknown>): Signal => {
  const result = parseSignal({ connectionId: CONNECTION, instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 10 }, ...body });
  if (!result.ok) throw new Error(result.problem.message);
  return result.signal;
};

describe('fingerprints', () => {
  const alert = '{"ticker": "AAPL", "action": "buy", "quantity": "10", "time": "2026-12-01T15:00:00Z", "token": "s1"}';

  it('gives an identical re-delivery the same fingerprint, a sha256 in hex', () => {
    expect(fingerprintOf(alert)).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprintOf(alert)).toBe(fingerprintOf(alert));
    expect(fingerprintOf(alert)).toBe(fingerprintOf(alert.replaceAll(' ', '')));
  });

  it('gives the same fingerprint to the same body with its keys reordered, or another secret', () => {
    const reordered = '{"token": "s2", "quantity": "10", "time": "2026-12-01T15:00:00Z", "action": "buy", "ticker": "AAPL"}';
    expect(fingerprintOf(reordered)).toBe(fingerprintOf(alert));
    expect(deliveryFingerprint({ a: { y: 1, x: [1, { q: 2, p: 1 }] } })).toBe(deliveryFingerprint({ a: { x: [1, { p: 1, q: 2 }], y: 1 } }));
  });

  it('gives a different quantity, or another bar time, another fingerprint', () => {
    expect(fingerprintOf(alert.replace('"10"', '"11"'))).not.toBe(fingerprintOf(alert));
    expect(fingerprintOf(alert.replace('15:00:00Z', '15:05:00Z'))).not.toBe(fingerprintOf(alert));
    expect(deliveryFingerprint({ a: [1, 2] })).not.toBe(deliveryFingerprint({ a: [2, 1] }));
  });

  it('leaves secrets out even when handed a body that still has them', () => {
    expect(deliveryFingerprint({ ticker: 'AAPL', token: 'a' })).toBe(deliveryFingerprint({ ticker: 'AAPL', passphrase: 'b' }));
  });

  it('gives the same signal the same fingerprint whatever its key, defaults or time zone', () => {
    const first = signalOf({ idempotencyKey: 'tv-1', signalTime: '2026-12-01T15:00:00Z' });
    expect(signalFingerprint(signalOf({ idempotencyKey: 'tv-2', signalTime: '2026-12-01T10:00:00-05:00', tif: 'DAY', orderType: 'MKT' }))).toBe(signalFingerprint(first));
    expect(signalFingerprint(signalOf({ idempotencyKey: 'tv-1', signalTime: '2026-12-01T15:00:00Z', size: { qty: 11 } }))).not.toBe(signalFingerprint(first));
  });

  it('gives an alert and its re-send as text/plain the same signal fingerprint', () => {
    const a = parseWebhookDelivery(alert, 'application/json', CONNECTION);
    const b = parseWebhookDelivery(alert, 'text/plain', CONNECTION);
    expect(a.ok && b.ok && signalFingerprint(a.signal) === signalFingerprint(b.signal)).toBe(true);
  });
});
