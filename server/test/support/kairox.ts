// Starts a whole Kairox (database, migrations, HTTP app) for app.inject() tests, and a few
// helpers that act like a browser (session cookie + CSRF header) or a program (bearer token).
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { createKairox, type Kairox, type KairoxOptions } from '../../src/main.ts';
import type { Env } from '../../src/common/config.ts';
import type { EngineHarness } from './engines.ts';

export const OWNER = { email: 'ada@example.test', password: 'correct horse battery staple' } as const;

export async function startKairox(engine: EngineHarness, env: Partial<Env> = {}, options: KairoxOptions = {}): Promise<Kairox> {
  return createKairox(await engine.config(env), options);
}

export interface SignedInClient {
  cookie: string;
  csrfToken: string;
  /** Sends a request as this browser: cookie always, CSRF header on writes unless told not to. */
  request(options: InjectOptions & { csrf?: boolean }): Promise<LightMyRequestResponse>;
}

export function sessionCookieOf(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name.endsWith('kx_session'));
  if (!cookie) throw new Error(`no session cookie in response ${response.statusCode}: ${response.body}`);
  return `${cookie.name}=${cookie.value}`;
}

function client(kairox: Kairox, response: LightMyRequestResponse): SignedInClient {
  const cookie = sessionCookieOf(response);
  const csrfToken = (response.json() as { csrfToken: string }).csrfToken;
  return {
    cookie,
    csrfToken,
    request: ({ csrf = true, headers = {}, ...rest }) =>
      kairox.app.inject({ ...rest, headers: { ...headers, cookie, ...(csrf && rest.method !== 'GET' && { 'x-csrf-token': csrfToken }) } }),
  };
}

export async function setUp(kairox: Kairox, body: Record<string, unknown> = OWNER): Promise<SignedInClient> {
  const response = await kairox.app.inject({ method: 'POST', url: '/api/setup', payload: body });
  if (response.statusCode !== 201) throw new Error(`set-up failed: ${response.statusCode} ${response.body}`);
  return client(kairox, response);
}

export async function logIn(kairox: Kairox, email: string, password: string): Promise<SignedInClient> {
  const response = await kairox.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
  return client(kairox, response);
}

export function bearer(kairox: Kairox, token: string) {
  return (options: InjectOptions) => kairox.app.inject({ ...options, headers: { ...(options.headers ?? {}), authorization: `Bearer ${token}` } });
}
