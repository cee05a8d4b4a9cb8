import { describe, expect, it } from 'vitest';
import { accountMode, loginMode, portModeWarning, tradingModeWarnings } from './trading-mode.ts';

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

  it('says live whenever the port or the accounts are live, not only when they disagree', () => {
    expect(tradingModeWarnings(4001, [])).toEqual([expect.stringMatching(/^Port 4001 is IB Gateway's live-trading port: .*real money\. IB Gateway paper trading listens on 4002\.$/)]);
    expect(tradingModeWarnings(7496, [])).toEqual([expect.stringMatching(/^Port 7496 is TWS's live-trading port: .*TWS paper trading listens on 7497\.$/)]);
    expect(tradingModeWarnings(4001, ['U1234567'])).toEqual(["The login's accounts are live (U1234567): orders sent through this connection trade real money."]);
    expect(tradingModeWarnings(4002, ['U1234567'])).toEqual([expect.stringContaining('are live (U1234567)'), expect.stringContaining('Port 4002 is usually IB Gateway paper')]);
    expect(tradingModeWarnings(5000, ['U1234567'])).toEqual([expect.stringContaining('are live')]);
    expect(tradingModeWarnings(4001, ['DU1234567'])).toEqual([expect.stringContaining('Port 4001 is usually IB Gateway live, but the accounts on this login are paper')]);
    expect(tradingModeWarnings(4002, ['DU1234567'])).toEqual([]);
    expect(tradingModeWarnings(7497, [])).toEqual([]);
  });
});
