import { describe, expect, it } from 'vitest';
import { canApply, IllegalTransition, nextSessionState, SESSION_STATES, SESSION_TRANSITIONS, type SessionEvent, type SessionState } from './session-state.ts';

function run(events: SessionEvent[], from: SessionState = 'stopped'): SessionState {
  return events.reduce(nextSessionState, from);
}

describe('session state machine', () => {
  it('goes connecting → syncing → ready, degrades on 1100 and recovers on 1102', () => {
    expect(run(['start', 'handshake_done', 'synced', 'connectivity_lost', 'connectivity_restored'])).toBe('ready');
  });

  it('re-syncs after 1101 (data lost) before being ready again', () => {
    expect(run(['start', 'handshake_done', 'synced', 'connectivity_lost', 'connectivity_resync'])).toBe('syncing');
  });

  it('retries through disconnected → waiting_to_retry → connecting', () => {
    expect(run(['start', 'dropped', 'retry_scheduled', 'retry', 'handshake_done', 'dropped'])).toBe('disconnected');
  });

  it('can be stopped from every state but stopped', () => {
    for (const s of SESSION_STATES) expect(canApply(s, 'stop')).toBe(s !== 'stopped');
  });

  it('refuses impossible transitions loudly', () => {
    expect(() => nextSessionState('connecting', 'synced')).toThrow(IllegalTransition);
    expect(() => nextSessionState('waiting_to_retry', 'handshake_done')).toThrow('not allowed in state "waiting_to_retry"');
    expect(() => nextSessionState('disconnected', 'retry')).toThrow(IllegalTransition);
  });

  it('has a row for every state, and every target is a known state', () => {
    expect(Object.keys(SESSION_TRANSITIONS).sort()).toEqual([...SESSION_STATES].sort());
    for (const row of Object.values(SESSION_TRANSITIONS)) for (const to of Object.values(row)) expect(SESSION_STATES).toContain(to);
  });
});
