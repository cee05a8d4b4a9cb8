// Scenario: a workspace turns execution on. Paper needs nothing; live needs, in this order, a
// filled paper order somewhere in the workspace, an owner, a login whose account Kairox has seen,
// and that account typed to confirm. A mixed login and an unknown account type are refused; the
// kill switch wins over every connection's own state; a login that changed type halts.
import { describe, expect, it } from 'vitest';
import {
  accountTypeChangeReason, decideEnableExecution, effectiveTradingState, resumeRefusal, unmetExecutionNeeds, type LoginFacts, type PaperFillEvidence,
} from './trading-controls.ts';

const PAPER: LoginFacts = { port: 4002, accounts: ['DU1234567'], account: 'DU1234567' };
const LIVE: LoginFacts = { port: 4001, accounts: ['U1234567'], account: 'U1234567' };
const EVIDENCE: PaperFillEvidence = { seenAt: 1, connectionId: 'con_paper', execId: '0001f4e8.01.01' };

describe('enabling execution', () => {
  it('on a paper login needs no confirmation, and says so with nothing left to do', () => {
    expect(decideEnableExecution({ facts: PAPER, paperFill: null, byOwner: false })).toEqual({ ok: true, mode: 'paper', account: 'DU1234567' });
    expect(unmetExecutionNeeds({ facts: PAPER, paperFill: null, byOwner: false }).needs).toEqual([]);
  });

  it('on a paper port never connected is paper by the port', () => {
    expect(decideEnableExecution({ facts: { port: 7497, accounts: [], account: null }, paperFill: null, byOwner: false })).toMatchObject({ ok: true, mode: 'paper' });
  });

  it('on paper with a typed account that is not this one is refused and says what to type', () => {
    const d = decideEnableExecution({ facts: PAPER, paperFill: null, byOwner: false, confirmAccount: 'DU7654321' });
    expect(d).toMatchObject({ ok: false, refusal: { code: 'CONFIRM_ACCOUNT_MISMATCH' } });
    expect(!d.ok && d.refusal.message).toMatch(/type DU1234567/);
  });

  it('on a live login before any paper fill is refused first for the missing paper evidence', () => {
    const d = decideEnableExecution({ facts: LIVE, paperFill: null, byOwner: true, confirmAccount: 'U1234567' });
    expect(d).toMatchObject({ ok: false, mode: 'live', refusal: { code: 'PAPER_FILL_REQUIRED' } });
    expect(!d.ok && d.refusal.message).toMatch(/filled paper order first/);
  });

  it('on a live login lists everything still needed, in order', () => {
    expect(unmetExecutionNeeds({ facts: LIVE, paperFill: null, byOwner: false }).needs.map((n) => n.code)).toEqual(['PAPER_FILL_REQUIRED', 'OWNER_REQUIRED', 'CONFIRM_ACCOUNT_REQUIRED']);
  });

  it('on a live login after a paper fill is refused for a trader', () => {
    expect(decideEnableExecution({ facts: LIVE, paperFill: EVIDENCE, byOwner: false, confirmAccount: 'U1234567' })).toMatchObject({ ok: false, refusal: { code: 'OWNER_REQUIRED' } });
  });

  it('on a live login by an owner needs the account typed, and exactly that account', () => {
    const missing = decideEnableExecution({ facts: LIVE, paperFill: EVIDENCE, byOwner: true });
    expect(missing).toMatchObject({ ok: false, refusal: { code: 'CONFIRM_ACCOUNT_REQUIRED' } });
    expect(!missing.ok && missing.refusal.message).toContain('{"enabled":true,"confirmAccount":"U1234567"}');
    const wrong = decideEnableExecution({ facts: LIVE, paperFill: EVIDENCE, byOwner: true, confirmAccount: 'U7654321' });
    expect(wrong).toMatchObject({ ok: false, refusal: { code: 'CONFIRM_ACCOUNT_MISMATCH' } });
    expect(!wrong.ok && wrong.refusal.message).toMatch(/type U1234567 exactly/);
    expect(decideEnableExecution({ facts: LIVE, paperFill: EVIDENCE, byOwner: true, confirmAccount: ' U1234567 ' })).toEqual({ ok: true, mode: 'live', account: 'U1234567' });
  });

  it('on a live port whose accounts were never seen is refused until a session reports them', () => {
    const d = decideEnableExecution({ facts: { port: 4001, accounts: [], account: null }, paperFill: EVIDENCE, byOwner: true, confirmAccount: 'U1234567' });
    expect(d).toMatchObject({ ok: false, mode: 'live', refusal: { code: 'ACCOUNTS_NOT_SEEN' } });
  });

  it('on a live login with several accounts and none chosen is refused until one is set', () => {
    const d = decideEnableExecution({ facts: { port: 4001, accounts: ['U1', 'U2'], account: null }, paperFill: EVIDENCE, byOwner: true, confirmAccount: 'U1' });
    expect(d).toMatchObject({ ok: false, refusal: { code: 'ACCOUNT_NOT_CHOSEN' } });
  });

  it('on a mixed paper and live login is refused', () => {
    const d = decideEnableExecution({ facts: { port: 4002, accounts: ['DU1', 'U2'], account: 'DU1' }, paperFill: EVIDENCE, byOwner: true });
    expect(d).toMatchObject({ ok: false, mode: 'mixed', refusal: { code: 'MIXED_MODE_LOGIN' } });
  });

  it('on an unusual port never connected is refused: the account type is unknown', () => {
    expect(decideEnableExecution({ facts: { port: 5555, accounts: [], account: null }, paperFill: EVIDENCE, byOwner: true })).toMatchObject({ ok: false, refusal: { code: 'ACCOUNT_MODE_UNKNOWN' } });
  });
});

describe('trading state', () => {
  it('is halted by the kill switch whatever the connection says, and the connection’s own once lifted', () => {
    const own = { state: 'reduce_only' as const, reason: 'earnings' };
    expect(effectiveTradingState(own, { haltedAt: 1, haltedBy: 'user:usr_a', reason: 'flash crash' })).toEqual({ state: 'halted', source: 'kill_switch', reason: 'flash crash' });
    expect(effectiveTradingState(own, null)).toEqual({ state: 'reduce_only', source: 'connection', reason: 'earnings' });
  });

  it('halts when the login changed from the account type execution was enabled for', () => {
    expect(accountTypeChangeReason('paper', ['DU1234567'])).toBeUndefined();
    expect(accountTypeChangeReason('paper', ['U1234567'])).toMatch(/^Execution was enabled for a paper account, but the login now reports live accounts \(U1234567\): trading is halted/);
    expect(accountTypeChangeReason('live', ['DU1', 'U2'])).toMatch(/both paper and live accounts/);
  });

  it('cannot resume while that mismatch stands, but can halt', () => {
    const changed = { executionEnabled: true, executionMode: 'paper' as const, facts: LIVE };
    expect(resumeRefusal({ ...changed, state: 'active' })).toMatchObject({ code: 'EXECUTION_MODE_MISMATCH' });
    expect(resumeRefusal({ ...changed, state: 'halted' })).toBeUndefined();
    expect(resumeRefusal({ ...changed, executionEnabled: false, state: 'active' })).toBeUndefined();
  });
});
