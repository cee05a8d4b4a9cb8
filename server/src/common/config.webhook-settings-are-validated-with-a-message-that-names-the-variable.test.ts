// Scenario: an operator sets where alert senders reach Kairox and how webhooks treat re-sends and
// floods. A base URL is kept without its trailing slash (webhook URLs are built on it); a URL that
// is not http(s), or carries a query, and out-of-range numbers are refused naming the variable.
import { expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const load = (env: Record<string, string>) => loadConfig({ KAIROX_DATA_DIR: '/tmp/kairox-config-test', ...env } as NodeJS.ProcessEnv);

it('defaults to the local address, a 60 s re-delivery window and 60 deliveries a minute', () => {
  const config = load({});
  expect(config.publicUrl).toBe('http://127.0.0.1:8080');
  expect(config.webhooks).toEqual({ dedupeWindowMs: 60_000, ratePerMinute: 60 });
});

it('keeps a public base URL without its trailing slash, and takes the window and the rate', () => {
  const config = load({ KAIROX_PUBLIC_URL: 'https://kairox.example.com/desk/', KAIROX_WEBHOOK_DEDUPE_SECONDS: '0', KAIROX_WEBHOOK_RATE_PER_MINUTE: '15' });
  expect(config.publicUrl).toBe('https://kairox.example.com/desk');
  expect(config.webhooks).toEqual({ dedupeWindowMs: 0, ratePerMinute: 15 });
});

it('refuses a URL that is not http(s) or carries a query, and numbers out of range, naming the variable', () => {
  for (const [env, message] of [
    [{ KAIROX_PUBLIC_URL: 'ftp://kairox.example.com' }, /^Invalid KAIROX_PUBLIC_URL \(got "ftp:\/\/kairox.example.com"\): KAIROX_PUBLIC_URL must be an http:\/\/ or https:\/\/ URL/],
    [{ KAIROX_PUBLIC_URL: 'kairox.example.com' }, /^Invalid KAIROX_PUBLIC_URL/],
    [{ KAIROX_PUBLIC_URL: 'https://kairox.example.com/?a=1' }, /without \?query or #fragment/],
    [{ KAIROX_WEBHOOK_DEDUPE_SECONDS: '-1' }, /^Invalid KAIROX_WEBHOOK_DEDUPE_SECONDS \(got "-1"\): .* 0 \(off\) or more/],
    [{ KAIROX_WEBHOOK_RATE_PER_MINUTE: '0' }, /^Invalid KAIROX_WEBHOOK_RATE_PER_MINUTE \(got "0"\): .* at least 1/],
  ] as const) {
    expect(() => load(env), JSON.stringify(env)).toThrow(ConfigError);
    expect(() => load(env), JSON.stringify(env)).toThrow(message);
  }
});
