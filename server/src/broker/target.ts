// Resolves a gateway host and applies the address policy to every address it resolves to, so a
// name cannot smuggle a metadata or link-local target past the check. Returns the address to
// connect to (the first allowed one), which also pins it against a later DNS change.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { checkTarget, type AddressDecision, type AddressPolicy } from '../domain/index.ts';

export type Resolver = (host: string) => Promise<string[]>;

export const systemResolver: Resolver = async (host) => (await lookup(host, { all: true, verbatim: true })).map((r) => r.address);

export async function resolveTarget(host: string, policy: AddressPolicy, resolve: Resolver = systemResolver): Promise<AddressDecision & { address?: string }> {
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = await resolve(host);
    } catch {
      return { allowed: false, reason: 'the host name could not be resolved' };
    }
  }
  const decision = checkTarget(host, addresses, policy);
  return decision.allowed ? { ...decision, address: addresses[0] } : decision;
}
