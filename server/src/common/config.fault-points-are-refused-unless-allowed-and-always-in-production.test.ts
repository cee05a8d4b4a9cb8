// Scenario: fault points crash Kairox on purpose, for crash tests. An operator who finds
// KAIROX_FAULT_POINTS in a deployment's environment gets a start-up refusal that says to remove it:
// without the explicit KAIROX_ALLOW_FAULT_POINTS=1, and with NODE_ENV=production even with it.
import { expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const load = (env: Record<string, string>) => loadConfig({ KAIROX_DATA_DIR: '/tmp/kairox-config-test', ...env } as NodeJS.ProcessEnv);

it('arms nothing when the variable is unset', () => {
  expect(load({}).faultPoints).toBeUndefined();
  expect(load({ KAIROX_ALLOW_FAULT_POINTS: '1' }).faultPoints).toBeUndefined();
});

it('refuses fault points without the explicit allowance, saying to remove them', () => {
  expect(() => load({ KAIROX_FAULT_POINTS: 'after_journal_commit:1' })).toThrow(ConfigError);
  expect(() => load({ KAIROX_FAULT_POINTS: 'after_journal_commit:1' })).toThrow(/^KAIROX_FAULT_POINTS is set without KAIROX_ALLOW_FAULT_POINTS=1: remove KAIROX_FAULT_POINTS/);
});

it('refuses fault points in production even when allowed', () => {
  const env = { KAIROX_FAULT_POINTS: 'during_fill_record', KAIROX_ALLOW_FAULT_POINTS: '1', NODE_ENV: 'production' };
  expect(() => load(env)).toThrow(/^KAIROX_FAULT_POINTS is refused in production \(NODE_ENV=production\): remove KAIROX_FAULT_POINTS/);
});

it('keeps the spec when allowed outside production, and takes only 1 as the allowance', () => {
  expect(load({ KAIROX_FAULT_POINTS: 'after_send_before_ack:2', KAIROX_ALLOW_FAULT_POINTS: '1', NODE_ENV: 'test' }).faultPoints).toBe('after_send_before_ack:2');
  expect(() => load({ KAIROX_FAULT_POINTS: 'after_send_before_ack', KAIROX_ALLOW_FAULT_POINTS: 'yes' })).toThrow(/KAIROX_ALLOW_FAULT_POINTS must be 1 or unset/);
});
