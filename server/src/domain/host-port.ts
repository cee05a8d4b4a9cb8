// "IB Gateway Host:Port": a host name, IPv4 address or bracketed IPv6 address, then a port.
// Messages never repeat the input back (it might be a secret pasted in the wrong field).
import { isIPv4, isIPv6 } from 'node:net';

export type HostKind = 'ipv4' | 'ipv6' | 'hostname';

export interface HostPort {
  /** Without brackets for IPv6; lower-cased for host names. */
  readonly host: string;
  readonly port: number;
  readonly hostKind: HostKind;
}

export const HOST_PORT_EXAMPLE = '127.0.0.1:7497';

export type HostPortResult = { ok: true; value: HostPort } | { ok: false; message: string };

const fail = (message: string): HostPortResult => ({ ok: false, message: `${message} Example: ${HOST_PORT_EXAMPLE} (or [::1]:4002 for IPv6).` });

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

function isHostName(host: string): boolean {
  if (host.length === 0 || host.length > 253) return false;
  const labels = host.replace(/\.$/, '').split('.');
  // All-numeric names are malformed IPv4 addresses (999.1.1.1), not host names.
  if (labels.every((l) => /^\d+$/.test(l))) return false;
  return labels.every((l) => LABEL.test(l));
}

function parsePort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && n <= 65535 ? n : undefined;
}

export function parseHostPort(input: unknown): HostPortResult {
  if (typeof input !== 'string' || input.length === 0) return fail('is required: enter the address and port of TWS or IB Gateway.');
  if (/\s/.test(input)) return fail('must not contain spaces.');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(input) || input.includes('/')) return fail('takes only a host and a port, without http:// or a path.');
  if (/^\d+$/.test(input)) return fail('needs the host as well as the port.');

  let hostPart: string;
  let portPart: string | undefined;
  if (input.startsWith('[')) {
    const close = input.indexOf(']');
    if (close < 0) return fail('has an unclosed "[" around an IPv6 address.');
    hostPart = input.slice(1, close);
    const rest = input.slice(close + 1);
    if (rest === '') portPart = undefined;
    else if (rest.startsWith(':')) portPart = rest.slice(1);
    else return fail('must have ":" and a port after the bracketed IPv6 address.');
    if (!isIPv6(hostPart)) return fail('has brackets around something that is not an IPv6 address.');
  } else {
    const colons = input.split(':').length - 1;
    if (colons > 1) return fail('has an IPv6 address that needs brackets.');
    const i = input.lastIndexOf(':');
    hostPart = i < 0 ? input : input.slice(0, i);
    portPart = i < 0 ? undefined : input.slice(i + 1);
  }
  if (portPart === undefined || portPart === '') return fail('needs a port after the host.');
  const port = parsePort(portPart);
  if (port === undefined) return fail('has a port that is not a whole number between 1 and 65535.');

  if (input.startsWith('[')) return { ok: true, value: { host: hostPart.toLowerCase(), port, hostKind: 'ipv6' } };
  if (isIPv4(hostPart)) return { ok: true, value: { host: hostPart, port, hostKind: 'ipv4' } };
  const name = hostPart.toLowerCase();
  if (!isHostName(name)) return fail('has a host that is not a valid host name or IPv4 address.');
  return { ok: true, value: { host: name, port, hostKind: 'hostname' } };
}

/** The canonical text form, brackets restored for IPv6. */
export function formatHostPort(value: Pick<HostPort, 'host' | 'port'>): string {
  return isIPv6(value.host) ? `[${value.host}]:${value.port}` : `${value.host}:${value.port}`;
}
