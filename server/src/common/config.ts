// The one place that reads process.env. Everything else receives a slice of the frozen Config.
import path from 'node:path';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
/** auto: human-readable lines when stdout is a terminal, JSON otherwise (files, pipes, collectors). */
const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;

const port = (what: string) =>
  z.coerce.number({ error: `${what} must be a port number (1-65535)` })
    .int(`${what} must be a whole number`)
    .min(1, `${what} must be between 1 and 65535`)
    .max(65535, `${what} must be between 1 and 65535`);

/** Each key is the environment variable it is read from. */
const envSchema = z.object({
  KAIROX_DATA_DIR: z.string().min(1, 'KAIROX_DATA_DIR must be a directory path').default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// or postgresql:// URL (unset it to use SQLite)')
    .optional(),
  KAIROX_HTTP_HOST: z.string().min(1, 'KAIROX_HTTP_HOST must be a host name or IP address').default('127.0.0.1'),
  KAIROX_HTTP_PORT: port('KAIROX_HTTP_PORT').default(8080),
  KAIROX_LOG_LEVEL: z.enum(LOG_LEVELS, { error: `KAIROX_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  KAIROX_LOG_FORMAT: z.enum(LOG_FORMATS, { error: `KAIROX_LOG_FORMAT must be one of ${LOG_FORMATS.join(', ')}` }).default('auto'),
  KAIROX_DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(8_000),
  KAIROX_SECURE_COOKIES: z.enum(['auto', 'true', 'false'], { error: 'KAIROX_SECURE_COOKIES must be auto, true or false' }).default('auto'),
  KAIROX_LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(10),
  KAIROX_SESSION_TTL_HOURS: z.coerce.number({ error: 'KAIROX_SESSION_TTL_HOURS must be a number of hours' })
    .positive('KAIROX_SESSION_TTL_HOURS must be above 0')
    .max(24 * 90, 'KAIROX_SESSION_TTL_HOURS must be at most 2160 (90 days)')
    .default(12),
  KAIROX_GATEWAY_ALLOW_LIST: z.string().optional(),
  KAIROX_PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'KAIROX_PUBLIC_URL must be an http:// or https:// URL, such as https://kairox.example.com' })
    .refine((u) => !/[?#]/.test(u), 'KAIROX_PUBLIC_URL must be a base URL without ?query or #fragment')
    .default('http://127.0.0.1:8080'),
  KAIROX_WEBHOOK_DEDUPE_SECONDS: z.coerce.number({ error: 'KAIROX_WEBHOOK_DEDUPE_SECONDS must be a number of seconds' })
    .int('KAIROX_WEBHOOK_DEDUPE_SECONDS must be a whole number of seconds')
    .min(0, 'KAIROX_WEBHOOK_DEDUPE_SECONDS must be 0 (off) or more')
    .max(86_400, 'KAIROX_WEBHOOK_DEDUPE_SECONDS must be at most 86400 (a day)')
    .default(60),
  KAIROX_WEBHOOK_RATE_PER_MINUTE: z.coerce.number({ error: 'KAIROX_WEBHOOK_RATE_PER_MINUTE must be a number of deliveries' })
    .int('KAIROX_WEBHOOK_RATE_PER_MINUTE must be a whole number')
    .min(1, 'KAIROX_WEBHOOK_RATE_PER_MINUTE must be at least 1')
    .max(10_000, 'KAIROX_WEBHOOK_RATE_PER_MINUTE must be at most 10000')
    .default(60),
  KAIROX_SIM_HOST: z.string().min(1).default('127.0.0.1'),
  KAIROX_SIM_PORT: port('KAIROX_SIM_PORT').default(4002),
  /** The built-in simulator's fault-injection API (always on loopback); `off` disables it. */
  KAIROX_SIM_ADMIN_PORT: z.union([z.literal('off'), port('KAIROX_SIM_ADMIN_PORT')], { error: 'KAIROX_SIM_ADMIN_PORT must be a port number (1-65535) or off' }).default(4010),
  /** Test-only crash points (orders/fault-points.ts has the syntax); refused unless allowed, and always in production. */
  KAIROX_FAULT_POINTS: z.string().optional(),
  KAIROX_ALLOW_FAULT_POINTS: z.literal('1', { error: 'KAIROX_ALLOW_FAULT_POINTS must be 1 or unset' }).optional(),
  /** Read only to refuse test-only settings in production. */
  NODE_ENV: z.string().optional(),
});

export type Env = z.input<typeof envSchema>;

export interface Config {
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly dbKind: 'sqlite' | 'postgres';
  readonly sqlitePath: string;
  readonly dbConnectTimeoutMs: number;
  readonly http: { readonly host: string; readonly port: number };
  readonly logLevel: (typeof LOG_LEVELS)[number];
  readonly logFormat: (typeof LOG_FORMATS)[number];
  /** `auto`: Secure cookies unless the server listens on loopback over plain HTTP. */
  readonly secureCookies: 'auto' | 'true' | 'false';
  readonly loginRateLimitPerMinute: number;
  /** How long a dashboard session lasts after sign-in. */
  readonly sessionTtlMs: number;
  /** The built-in simulated gateway (`--with-sim`); adminPort undefined = no fault-injection API. */
  readonly sim: { readonly host: string; readonly port: number; readonly adminPort: number | undefined };
  /** Operator allow list of gateway addresses (IPs, CIDR ranges, host names); unset = any but link-local/metadata. */
  readonly gatewayAllowList: string | undefined;
  /** The address alert senders reach Kairox at (no trailing slash): webhook URLs are built on it. */
  readonly publicUrl: string;
  readonly webhooks: {
    /** An identical body re-sent to a webhook within this window gets the first answer (0 = off). */
    readonly dedupeWindowMs: number;
    /** Deliveries one webhook accepts per minute before answering 429. */
    readonly ratePerMinute: number;
  };
  /** KAIROX_FAULT_POINTS as given (crash tests only; orders/fault-points.ts parses it); undefined = none. */
  readonly faultPoints: string | undefined;
}

/** Raised for an invalid setting; the message is one line naming the variable and what it expects. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
}

/** Overrides come from CLI flags; they win over the environment. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Record<keyof Env, string>> = {}): Config {
  const raw: Record<string, string | undefined> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = overrides[key as keyof Env] ?? env[key];
    raw[key] = value === '' ? undefined : value;
  }
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = issue?.path.join('.') ?? 'configuration';
    // Never echo DATABASE_URL: it usually carries a password.
    const got = raw[variable] === undefined || variable === 'DATABASE_URL' ? '' : ` (got "${raw[variable]}")`;
    throw new ConfigError(`Invalid ${variable}${got}: ${issue?.message ?? 'invalid value'}`);
  }
  const e = parsed.data;
  const faultPoints = allowedFaultPoints(e);
  const dataDir = path.resolve(e.KAIROX_DATA_DIR);
  return Object.freeze({
    dataDir,
    databaseUrl: e.DATABASE_URL,
    dbKind: e.DATABASE_URL ? 'postgres' : 'sqlite',
    sqlitePath: path.join(dataDir, 'kairox.db'),
    dbConnectTimeoutMs: e.KAIROX_DB_CONNECT_TIMEOUT_MS,
    http: Object.freeze({ host: e.KAIROX_HTTP_HOST, port: e.KAIROX_HTTP_PORT }),
    logLevel: e.KAIROX_LOG_LEVEL,
    logFormat: e.KAIROX_LOG_FORMAT,
    secureCookies: e.KAIROX_SECURE_COOKIES,
    loginRateLimitPerMinute: e.KAIROX_LOGIN_RATE_LIMIT,
    sessionTtlMs: Math.round(e.KAIROX_SESSION_TTL_HOURS * 3_600_000),
    sim: Object.freeze({ host: e.KAIROX_SIM_HOST, port: e.KAIROX_SIM_PORT, adminPort: e.KAIROX_SIM_ADMIN_PORT === 'off' ? undefined : e.KAIROX_SIM_ADMIN_PORT }),
    gatewayAllowList: e.KAIROX_GATEWAY_ALLOW_LIST?.trim() || undefined,
    publicUrl: e.KAIROX_PUBLIC_URL.replace(/\/+$/, ''),
    webhooks: Object.freeze({ dedupeWindowMs: e.KAIROX_WEBHOOK_DEDUPE_SECONDS * 1000, ratePerMinute: e.KAIROX_WEBHOOK_RATE_PER_MINUTE }),
    faultPoints,
  });
}

/**
 * Fault points crash Kairox on purpose. Nothing else marks a deployment as production, so they need
 * a second, explicit opt-in (a stray variable alone arms nothing), and NODE_ENV=production refuses
 * them even then.
 */
function allowedFaultPoints(e: z.output<typeof envSchema>): string | undefined {
  if (e.KAIROX_FAULT_POINTS === undefined) return undefined;
  if (e.NODE_ENV === 'production') {
    throw new ConfigError('KAIROX_FAULT_POINTS is refused in production (NODE_ENV=production): remove KAIROX_FAULT_POINTS, it crashes Kairox on purpose and is for crash tests only');
  }
  if (e.KAIROX_ALLOW_FAULT_POINTS !== '1') {
    throw new ConfigError('KAIROX_FAULT_POINTS is set without KAIROX_ALLOW_FAULT_POINTS=1: remove KAIROX_FAULT_POINTS (it crashes Kairox on purpose, for crash tests only), or set KAIROX_ALLOW_FAULT_POINTS=1 in a test environment');
  }
  return e.KAIROX_FAULT_POINTS;
}
