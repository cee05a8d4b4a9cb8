// Where the worker may open a socket. The form is a network probe in disguise if anything goes:
// link-local and cloud metadata endpoints are always refused; by default loopback, private and
// public addresses are allowed (self-hosted: TWS runs on the same machine or LAN); an operator
// allow list restricts targets further (hosted: users must not reach the internal network).
// Pure: DNS resolution happens in the caller, which checks every address a name resolves to.
import { BlockList, isIPv4 } from 'node:net';
import { embeddedIpv4, ipv6Groups } from './ipv6.ts';

export type AddressClass = 'loopback' | 'private' | 'link_local' | 'metadata' | 'unspecified' | 'multicast' | 'public';

/** Cloud metadata services that are not inside 169.254.0.0/16. */
const METADATA_ADDRESSES = ['fd00:ec2::254', '100.100.100.200', '192.0.0.192'];
const METADATA_NAMES = new Set([
  'metadata', 'metadata.google.internal', 'metadata.goog', 'metadata.azure.com', 'instance-data', 'instance-data.ec2.internal',
  'metadata.tencentyun.com', 'metadata.packet.net',
]);

function blockList(v4: [string, number][], v6: [string, number][]): BlockList {
  const list = new BlockList();
  for (const [net, prefix] of v4) list.addSubnet(net, prefix, 'ipv4');
  for (const [net, prefix] of v6) list.addSubnet(net, prefix, 'ipv6');
  return list;
}

const LOOPBACK = blockList([['127.0.0.0', 8]], [['::1', 128]]);
const LINK_LOCAL = blockList([['169.254.0.0', 16]], [['fe80::', 10]]);
const PRIVATE = blockList([['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16], ['100.64.0.0', 10]], [['fc00::', 7]]);
const UNSPECIFIED = blockList([['0.0.0.0', 8]], [['::', 128]]);
const METADATA = new BlockList();
for (const m of METADATA_ADDRESSES) METADATA.addAddress(m, isIPv4(m) ? 'ipv4' : 'ipv6');
const MULTICAST = blockList([['224.0.0.0', 4], ['240.0.0.0', 4]], [['ff00::', 8]]);

/**
 * The address to judge: IPv4 as it is; IPv6 with brackets and zone removed, or the IPv4 address
 * it embeds (`::ffff:169.254.169.254`, `64:ff9b::a9fe:a9fe`, ... are 169.254.169.254; ipv6.ts).
 */
export function normaliseAddress(address: string): { address: string; family: 'ipv4' | 'ipv6' } | undefined {
  const a = address.toLowerCase().replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (isIPv4(a)) return { address: a, family: 'ipv4' };
  const groups = ipv6Groups(a);
  if (!groups) return undefined;
  const inside = embeddedIpv4(groups);
  if (inside) return { address: inside, family: 'ipv4' };
  return { address: a, family: 'ipv6' };
}

export function classifyAddress(address: string): AddressClass | undefined {
  const n = normaliseAddress(address);
  if (!n) return undefined;
  if (METADATA.check(n.address, n.family)) return 'metadata';
  if (LINK_LOCAL.check(n.address, n.family)) return 'link_local';
  if (LOOPBACK.check(n.address, n.family)) return 'loopback';
  if (UNSPECIFIED.check(n.address, n.family)) return 'unspecified';
  if (MULTICAST.check(n.address, n.family)) return 'multicast';
  if (PRIVATE.check(n.address, n.family)) return 'private';
  return 'public';
}

export function isMetadataHostName(name: string): boolean {
  return METADATA_NAMES.has(name.toLowerCase().replace(/\.$/, ''));
}

/** An operator allow list: exact host names, addresses and CIDR ranges. */
export interface AllowList {
  readonly names: ReadonlySet<string>;
  readonly ranges: BlockList;
  readonly source: readonly string[];
}

export interface AddressPolicy {
  /** undefined = default policy (anything but the always-refused classes). */
  readonly allowList?: AllowList;
}

export const DEFAULT_ADDRESS_POLICY: AddressPolicy = Object.freeze({});

/** Parses `10.0.0.0/8, gw.internal, ::1` (comma or whitespace separated). Throws on a bad entry. */
export function parseAllowList(text: string): AllowList {
  const entries = text.split(/[\s,]+/).filter(Boolean);
  const names = new Set<string>();
  const ranges = new BlockList();
  for (const entry of entries) {
    const [net, prefixText] = entry.split('/');
    const n = net === undefined ? undefined : normaliseAddress(net);
    if (n) {
      const max = n.family === 'ipv4' ? 32 : 128;
      const prefix = prefixText === undefined ? max : Number(prefixText);
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) throw new Error(`allow list entry "${entry}" has an invalid prefix length`);
      ranges.addSubnet(n.address, prefix, n.family);
    } else if (prefixText === undefined && /^[a-z0-9.-]+$/i.test(entry)) {
      names.add(entry.toLowerCase().replace(/\.$/, ''));
    } else {
      throw new Error(`allow list entry "${entry}" is not a host name, IP address or CIDR range`);
    }
  }
  return { names, ranges, source: entries };
}

export type AddressDecision = { allowed: true } | { allowed: false; reason: string };

const ALWAYS_REFUSED: Partial<Record<AddressClass, string>> = {
  link_local: 'link-local addresses (169.254.0.0/16, fe80::/10) are never allowed as a gateway address',
  metadata: 'cloud metadata addresses are never allowed as a gateway address',
  unspecified: 'an unspecified address (0.0.0.0, ::) cannot be connected to',
  multicast: 'multicast and reserved addresses cannot be connected to',
};

/**
 * Decides a target given its host as typed and every address it resolves to (for an IP literal,
 * just itself). All addresses must pass, so a name that resolves partly inside a refused range fails.
 */
export function checkTarget(host: string, resolved: readonly string[], policy: AddressPolicy): AddressDecision {
  if (isMetadataHostName(host)) return { allowed: false, reason: 'cloud metadata host names are never allowed as a gateway address' };
  if (resolved.length === 0) return { allowed: false, reason: 'the host name did not resolve to any address' };
  for (const address of resolved) {
    const cls = classifyAddress(address);
    if (!cls) return { allowed: false, reason: 'the host resolved to something that is not an IP address' };
    const refused = ALWAYS_REFUSED[cls];
    if (refused) return { allowed: false, reason: refused };
  }
  const allow = policy.allowList;
  if (!allow) return { allowed: true };
  const nameAllowed = allow.names.has(host.toLowerCase().replace(/\.$/, ''));
  const allInRanges = resolved.every((a) => {
    const n = normaliseAddress(a);
    return n !== undefined && allow.ranges.check(n.address, n.family);
  });
  if (nameAllowed || allInRanges) return { allowed: true };
  return { allowed: false, reason: 'this server only connects to gateway addresses on its operator allow list' };
}
