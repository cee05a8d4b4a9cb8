// Every IPv6 form that carries an IPv4 address is judged by that IPv4 address: the metadata
// endpoint 169.254.169.254 (a9fe:a9fe) must be refused however it is spelled.
import { describe, expect, it } from 'vitest';
import { checkTarget, classifyAddress, DEFAULT_ADDRESS_POLICY, normaliseAddress, parseAllowList } from './address-policy.ts';
import { embeddedIpv4, ipv6Groups } from './ipv6.ts';

const METADATA_SPELLINGS = [
  '[64:ff9b::a9fe:a9fe]', // NAT64 well-known prefix (RFC 6052)
  '64:ff9b::169.254.169.254',
  '[::ffff:0:a9fe:a9fe]', // IPv4-translated (RFC 2765)
  '::ffff:0:169.254.169.254',
  '::ffff:a9fe:a9fe', // IPv4-mapped, hex spelling
  '0:0:0:0:0:ffff:169.254.169.254',
  '::a9fe:a9fe', // IPv4-compatible (deprecated, still parsed)
  '64:ff9b:1::a9fe:a9fe', // NAT64 local-use prefix (RFC 8215)
  '2002:a9fe:a9fe::1', // 6to4
  '2001:0:4136:e378:8000:63bf:5601:5601', // Teredo, client 169.254.169.254 inverted in the last 32 bits
];

describe('address policy: IPv6 spellings of an IPv4 address', () => {
  it.each(METADATA_SPELLINGS)('%s is 169.254.169.254 and is refused, also when an allow list covers all of IPv6', (spelling) => {
    expect(normaliseAddress(spelling)).toEqual({ address: '169.254.169.254', family: 'ipv4' });
    expect(classifyAddress(spelling)).toBe('link_local');
    const everything = { allowList: parseAllowList('0.0.0.0/0 ::/0') };
    for (const policy of [DEFAULT_ADDRESS_POLICY, everything]) {
      expect(checkTarget(spelling, [spelling], policy)).toMatchObject({ allowed: false, reason: expect.stringContaining('link-local') });
    }
  });

  it('judges other embedded addresses by their IPv4 class too', () => {
    expect(classifyAddress('64:ff9b::7f00:1')).toBe('loopback');
    expect(classifyAddress('::ffff:0:a00:1')).toBe('private');
    expect(classifyAddress('64:ff9b::808:808')).toBe('public');
  });

  it('leaves IPv6 addresses that embed nothing as IPv6, including :: and ::1', () => {
    expect(normaliseAddress('::1')).toEqual({ address: '::1', family: 'ipv6' });
    expect(normaliseAddress('::')).toEqual({ address: '::', family: 'ipv6' });
    expect(normaliseAddress('[2001:db8::a9fe:a9fe]')).toEqual({ address: '2001:db8::a9fe:a9fe', family: 'ipv6' });
    expect(classifyAddress('fe80::a9fe:a9fe%eth0')).toBe('link_local');
  });

  it('expands every IPv6 spelling to eight groups', () => {
    expect(ipv6Groups('::')).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(ipv6Groups('1::')).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
    expect(ipv6Groups('1:2:3:4:5:6:7:8')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(ipv6Groups('::ffff:1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x102, 0x304]);
    expect(ipv6Groups('1:2:3:4:5:6:1.2.3.4')).toEqual([1, 2, 3, 4, 5, 6, 0x102, 0x304]);
    expect(ipv6Groups('not-an-address')).toBeUndefined();
    expect(embeddedIpv4([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1])).toBeUndefined();
  });
});
