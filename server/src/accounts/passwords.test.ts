import { describe, expect, it } from 'vitest';
import { PasswordHasher } from './passwords.ts';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher();

  it('hashes with argon2id and a fresh salt each time', async () => {
    const [a, b] = await Promise.all([hasher.hash('correct horse battery'), hasher.hash('correct horse battery')]);
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
    expect(await hasher.verify(a, 'correct horse battery')).toBe(true);
    expect(await hasher.verify(a, 'correct horse batterY')).toBe(false);
  });

  it('refuses, rather than throws, on a malformed stored hash', async () => {
    expect(await hasher.verify('not-a-hash', 'whatever')).toBe(false);
  });

  it('the dummy hash for unknown users has the cost parameters of real hashes and accepts nothing', async () => {
    const params = (h: string) => h.split('$').slice(0, 4).join('$');
    const dummy = await hasher.dummyHash();
    expect(params(dummy)).toBe(params(await hasher.hash('correct horse battery')));
    expect(await hasher.verify(dummy, '')).toBe(false);
    expect(await hasher.verify(dummy, 'correct horse battery')).toBe(false);
  });
});
