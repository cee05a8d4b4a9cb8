import { describe, expect, it } from 'vitest';
import { accountMode, loginMode, portModeWarning } from './trading-mode.ts';

describe('paper or live', () => {
  it.each([['DU1234567', 'paper'], ['DF1234567', 'paper'], ['U1234567', 'live'], ['F1234567', 'live'], ['I1234567', 'live'], ['X1', undefined]])(
    '%s is %s', (id, mode) => expect(accountMode(id)).toBe(mode));

  it('classifies a login by all its accounts', () => {
    expect(loginMode(['DU1', 'DU2'])).toBe('paper');
    expect(loginMode(['U1'])).toBe('live');
    expect(loginMode(['DU1', 'U2'])).toBe('mixed');
    expect(loginMode([])).toBeUndefined();
  });

  it('warns when the port suggests the other mode', () => {
    expect(portModeWarning(7497, 'paper')).toBeUndefined();
    expect(portModeWarning(4001, 'live')).toBeUndefined();
    expect(portModeWarning(7497, 'live')).toMatch(/Port 7497 is usually TWS paper, but the accounts on this login are live/);
    expect(portModeWarning(4001, 'paper')).toMatch(/Port 4001 is usually IB Gateway live/);
    expect(portModeWarning(5000, 'live')).toBeUndefined();
  });
});
