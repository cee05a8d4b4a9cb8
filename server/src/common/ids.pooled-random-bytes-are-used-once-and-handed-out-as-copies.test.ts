// Scenario: ids draw their random bits from a pool the CSPRNG refills 4 KiB at a time (ids.ts).
// Across refills no byte is handed out twice, what is handed out is a copy (the next refill does
// not change an id already made), and the ids stay 26 base32 characters of 128 bits.
import { expect, it } from 'vitest';
import { isId, newId, randomIdBytes } from './ids.ts';

it('hands out each pooled byte once, as copies, across refills', () => {
  const first = randomIdBytes(16);
  const kept = Array.from(first);
  const ids = new Set<string>();
  // 2,000 ids of 16 bytes: the pool is refilled about eight times meanwhile.
  for (let i = 0; i < 2000; i++) ids.add(newId('aud'));
  expect(ids.size).toBe(2000);
  expect([...ids].every((id) => isId(id, 'aud'))).toBe(true);
  expect(Array.from(first)).toEqual(kept);
  // Consecutive draws never overlap: no 16-byte draw repeats among many.
  const draws = new Set(Array.from({ length: 1000 }, () => Buffer.from(randomIdBytes(16)).toString('hex')));
  expect(draws.size).toBe(1000);
  expect(() => randomIdBytes(5000)).toThrow(RangeError);
});
