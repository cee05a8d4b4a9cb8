// Sign-in throttling: bounds password guessing without letting one address lock a user out.
// With n = KAIROX_LOGIN_RATE_LIMIT (10 by default), the limits, narrowest first, are
//   per e-mail and address   n a minute, 3n an hour    one address guessing one account
//   per address              5n a minute               one address trying many accounts
//   per e-mail               10n an hour               many addresses guessing one account
// An attempt refused by a narrower limit is not counted by the wider ones, so an address that
// keeps trying after it is refused does not use up the account's ceiling: the right password from
// another address still signs in. Only a spread-out attack reaches the ceiling (docs/security.md).
// IPv6 clients count by their /64, which one host can hold whole. Counters live in this process.
import type { CreateRateLimitOptions } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { RateLimited } from '../common/index.ts';
import { ipv6Groups, normaliseAddress } from '../domain/index.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Counters kept per limit: enough that spraying fresh keys cannot evict the one under attack. */
const COUNTERS_PER_LIMIT = 100_000;

export interface LoginLimit {
  readonly name: string;
  readonly max: number;
  readonly windowMs: number;
  readonly key: (email: string, address: string) => string;
}

export function loginLimits(perMinute: number): LoginLimit[] {
  const pair = (email: string, address: string) => `${email} from ${address}`;
  return [
    { name: 'e-mail and address per minute', max: perMinute, windowMs: MINUTE, key: pair },
    { name: 'e-mail and address per hour', max: 3 * perMinute, windowMs: HOUR, key: pair },
    { name: 'address per minute', max: 5 * perMinute, windowMs: MINUTE, key: (_email, address) => address },
    { name: 'e-mail per hour', max: 10 * perMinute, windowMs: HOUR, key: (email) => email },
  ];
}

/** The address a client counts as: IPv4 (also when wrapped in IPv6), or an IPv6 /64. */
export function clientAddressKey(ip: string): string {
  const normal = normaliseAddress(ip);
  if (!normal) return ip;
  if (normal.family === 'ipv4') return normal.address;
  const groups = ipv6Groups(normal.address) ?? [];
  return `${groups.slice(0, 4).map((g) => g.toString(16)).join(':')}::/64`;
}

function emailOf(request: FastifyRequest): string {
  const email = (request.body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' ? email.trim().toLowerCase() : '';
}

/** preHandler for the sign-in route; needs @fastify/rate-limit registered on `app`. */
export function loginThrottle(app: Pick<FastifyInstance, 'createRateLimit'>, perMinute: number): preHandlerAsyncHookHandler {
  const limiters = loginLimits(perMinute).map((limit) => {
    // The plugin's store reads `cache` (its LRU size) from these options, though its types omit it.
    const options: CreateRateLimitOptions & { cache: number } = {
      max: limit.max,
      timeWindow: limit.windowMs,
      cache: COUNTERS_PER_LIMIT,
      keyGenerator: (request) => `login ${limit.name}: ${limit.key(emailOf(request), clientAddressKey(request.ip))}`,
    };
    return app.createRateLimit(options);
  });
  return async (request) => {
    for (const limiter of limiters) {
      const result = await limiter(request);
      if (!result.isAllowed && result.isExceeded) throw new RateLimited(result.ttlInSeconds);
    }
  };
}
