// Fingerprints: one sha256 per meaning, over canonical JSON (keys sorted, so a sender that
// reorders its fields still matches).
// - A delivery's: the decoded body minus its secret fields. Alert senders re-send the same body
//   when they time out or get a 5xx; within a window, the same fingerprint on the same webhook is
//   a re-send, not a new signal (the window store comes with the webhook routes).
// - A signal's: the parsed signal (defaults applied, time in UTC) minus its idempotency key. A
//   repeat of a key with the same fingerprint is the same signal; with another, a 422.
import { canonicalJson, sha256Hex } from '../common/index.ts';
import type { Signal } from '../domain/index.ts';
import { SECRET_FIELDS, type JsonObject } from './alert-formats.ts';

export function deliveryFingerprint(payload: JsonObject): string {
  const kept = Object.fromEntries(Object.entries(payload).filter(([key]) => !(SECRET_FIELDS as readonly string[]).includes(key)));
  return sha256Hex(canonicalJson({ delivery: kept }));
}

export function signalFingerprint(signal: Signal): string {
  const { idempotencyKey: _key, ...content } = signal;
  const signalTime = content.signalTime === undefined ? undefined : new Date(content.signalTime).toISOString();
  return sha256Hex(canonicalJson({ signal: { ...content, signalTime } }));
}
