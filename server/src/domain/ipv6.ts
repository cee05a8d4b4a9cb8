// IPv6 text to its eight 16-bit groups, and the IPv4 address some IPv6 forms carry inside.
// A target such as [64:ff9b::a9fe:a9fe] reaches 169.254.169.254 through a NAT64 gateway: the
// address policy must judge the IPv4 address, whatever IPv6 spelling wraps it.
import { isIPv6 } from 'node:net';

/** The eight groups of a valid IPv6 address (brackets and zone already removed), or undefined. */
export function ipv6Groups(text: string): number[] | undefined {
  if (!isIPv6(text)) return undefined;
  let body = text.toLowerCase();
  const tail: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(body);
  if (dotted?.[1]) {
    const [a = 0, b = 0, c = 0, d = 0] = dotted[1].split('.').map(Number);
    tail.push((a << 8) | b, (c << 8) | d);
    body = body.slice(0, -dotted[1].length);
    if (body.endsWith(':') && !body.endsWith('::')) body = body.slice(0, -1);
  }
  const [head = '', rest] = body.split('::');
  const parse = (part: string): number[] => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const left = parse(head);
  const right = [...parse(rest ?? ''), ...tail];
  const gap = 8 - left.length - right.length;
  if (rest === undefined && gap !== 0) return undefined;
  return [...left, ...new Array<number>(gap).fill(0), ...right];
}

const v4 = (hi: number, lo: number): string => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
const zero = (groups: number[], from: number, to: number): boolean => groups.slice(from, to).every((g) => g === 0);

/**
 * The IPv4 address an IPv6 address stands for, if it is one of the forms that embed one:
 * IPv4-mapped (::ffff:a.b.c.d), IPv4-translated (::ffff:0:a.b.c.d), IPv4-compatible (::a.b.c.d),
 * NAT64 (64:ff9b::/96, and the local-use 64:ff9b:1::/48 with the address in the last 32 bits),
 * 6to4 (2002:AABB:CCDD::/48) and Teredo (2001:0::/32, client address inverted in the last 32 bits).
 */
export function embeddedIpv4(groups: readonly number[]): string | undefined {
  const g = [...groups];
  const [g0 = 0, g1 = 0, g2 = 0, , , g5 = 0, g6 = 0, g7 = 0] = g;
  if (zero(g, 0, 5) && g5 === 0xffff) return v4(g6, g7);
  if (zero(g, 0, 4) && g[4] === 0xffff && g5 === 0) return v4(g6, g7);
  // ::a.b.c.d, but not :: (unspecified) or ::1 (loopback), which are IPv6 addresses of their own.
  if (zero(g, 0, 6) && (g6 !== 0 || g7 > 1)) return v4(g6, g7);
  if (g0 === 0x64 && g1 === 0xff9b && zero(g, 2, 6)) return v4(g6, g7);
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 1) return v4(g6, g7);
  if (g0 === 0x2002) return v4(g1, g2);
  if (g0 === 0x2001 && g1 === 0) return v4(g6 ^ 0xffff, g7 ^ 0xffff);
  return undefined;
}

