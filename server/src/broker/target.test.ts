import { describe, expect, it } from 'vitest';
import { DEFAULT_ADDRESS_POLICY, parseAllowList } from '../domain/index.ts';
import { resolveTarget } from './target.ts';

describe('gateway target resolution', () => {
  it('checks every address a name resolves to', async () => {
    const resolver = async () => ['10.0.0.2', '169.254.169.254'];
    expect(await resolveTarget('gw.example', DEFAULT_ADDRESS_POLICY, resolver)).toMatchObject({ allowed: false, reason: expect.stringContaining('link-local') });
  });

  it('returns the address to pin when allowed, without resolving IP literals', async () => {
    const resolver = async (): Promise<string[]> => { throw new Error('must not resolve'); };
    expect(await resolveTarget('127.0.0.1', DEFAULT_ADDRESS_POLICY, resolver)).toEqual({ allowed: true, address: '127.0.0.1' });
    expect(await resolveTarget('gw.example', DEFAULT_ADDRESS_POLICY, resolver)).toMatchObject({ allowed: false, reason: 'the host name could not be resolved' });
  });

  it('applies the allow list to the resolved addresses', async () => {
    const policy = { allowList: parseAllowList('10.0.0.0/8') };
    expect(await resolveTarget('gw.example', policy, async () => ['10.1.1.1'])).toEqual({ allowed: true, address: '10.1.1.1' });
    expect((await resolveTarget('127.0.0.1', policy)).allowed).toBe(false);
  });
});
