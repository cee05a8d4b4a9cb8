// Ids: a short type prefix (readable in logs and URLs) and 128 random bits in Crockford base32.
// Prefixes make a token id pasted where an audit id is expected fail as "not found", not as a
// confusing match.
import { randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

export type IdPrefix = 'usr' | 'ws' | 'tok' | 'aud' | 'ses' | 'oev' | 'con' | 'sig' | 'kxo' | 'cev' | 'ins';

export function base32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/**
 * Random bytes for ids from a pool the CSPRNG fills 4 KiB at a time: one randomBytes(16) per id
 * was a system call each, about a dozen per order (bench/signal-latency). Each byte is used once.
 * Secrets (common/secrets.ts) draw their own bytes.
 */
const POOL = Buffer.alloc(4096);
let poolOffset = POOL.length;

export function randomIdBytes(count: number): Uint8Array {
  if (count > POOL.length) throw new RangeError(`at most ${POOL.length} random bytes at a time`);
  if (poolOffset + count > POOL.length) {
    randomFillSync(POOL);
    poolOffset = 0;
  }
  // A copy: the pool is overwritten when refilled.
  const bytes = Uint8Array.prototype.slice.call(POOL, poolOffset, poolOffset + count);
  poolOffset += count;
  return bytes;
}

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${base32(randomIdBytes(16))}`;
}

const ID_SHAPE = /^[a-z]{2,3}_[0-9a-z]{26}$/;

/** True when `value` looks like an id we issued; cheap pre-check before touching the database. */
export function isId(value: string, prefix: IdPrefix): boolean {
  return value.startsWith(`${prefix}_`) && ID_SHAPE.test(value);
}
