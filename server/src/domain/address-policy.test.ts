import { describe, expect, it } from 'vitest';
import { checkTarget, classifyAddress, DEFAULT_ADDRESS_POLICY, normaliseAddress, parseAllowList } from './address-policy.ts';

describe('address policy', () => {
  it.each([
    ['127.0.0.1', 'loopback'], ['::1', 'loopback'], ['10.1.2.3', 'private'], ['172.20.0.1', 'private'], ['192.168.1.10', 'private'],
    ['fd12::1', 'private'], ['169.254.169.254', 'link_local'], ['fe80::1', 'link_local'], ['fd00:ec2::254', 'metadata'],
    ['100.100.100.200', 'metadata'], ['::ffff:169.254.169.254', 'link_local'], ['::ffff:127.0.0.1', 'loopback'],
    ['0.0.0.0', 'unspecified'], ['::', 'unspecified'], ['224.0.0.1', 'multicast'], ['8.8.8.8', 'public'],
  ])('classifies %s as %s', (address, cls) => {
    expect(classifyAddress(address)).toBe(cls);
  });

  it('normalises IPv4-mapped IPv6 and brackets', () => {
    expect(normaliseAddress('[::FFFF:10.0.0.1]')).toEqual({ address: '10.0.0.1', family: 'ipv4' });
  });

  it('allows loopback, private and public targets by default', () => {
    for (const ip of ['127.0.0.1', '::1', '192.168.0.5', '10.0.0.9', '203.0.113.7']) {
      expect(checkTarget(ip, [ip], DEFAULT_ADDRESS_POLICY)).toEqual({ allowed: true });
    }
  });

  it('always refuses link-local and metadata targets, also behind a name or inside an allow list', () => {
    const everything = { allowList: parseAllowList('0.0.0.0/0 ::/0 metadata.google.internal') };
    for (const policy of [DEFAULT_ADDRESS_POLICY, everything]) {
      expect(checkTarget('169.254.169.254', ['169.254.169.254'], policy).allowed).toBe(false);
      expect(checkTarget('fd00:ec2::254', ['fd00:ec2::254'], policy).allowed).toBe(false);
      expect(checkTarget('metadata.google.internal', ['10.0.0.1'], policy).allowed).toBe(false);
      expect(checkTarget('innocent.example', ['10.0.0.1', '169.254.169.254'], policy).allowed).toBe(false);
    }
  });

  it('restricts targets to the operator allow list', () => {
    const policy = { allowList: parseAllowList('10.20.0.0/16, gw.customer.example') };
    expect(checkTarget('10.20.3.4', ['10.20.3.4'], policy)).toEqual({ allowed: true });
    expect(checkTarget('gw.customer.example', ['192.168.9.9'], policy)).toEqual({ allowed: true });
    const refused = checkTarget('127.0.0.1', ['127.0.0.1'], policy);
    expect(refused).toMatchObject({ allowed: false, reason: expect.stringContaining('allow list') });
    expect(checkTarget('10.30.0.1', ['10.30.0.1'], policy).allowed).toBe(false);
  });

  it('refuses names that resolve to nothing and rejects a malformed allow list', () => {
    expect(checkTarget('nowhere.example', [], DEFAULT_ADDRESS_POLICY).allowed).toBe(false);
    expect(() => parseAllowList('10.0.0.0/40')).toThrow(/prefix length/);
    expect(() => parseAllowList('http://x')).toThrow(/not a host name/);
  });
});
