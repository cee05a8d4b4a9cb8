import { describe, expect, it } from 'vitest';
import { ConnectionAttempt, type ConnectionAttemptOptions } from './connection-attempt.ts';
import { createIbClient } from './ib-client.ts';
import type { IbEventSink } from './ib-events.ts';

const ignore = (): void => undefined;
const sink: IbEventSink = {
  server: ignore, connected: ignore, disconnected: ignore, nextValidId: ignore, managedAccounts: ignore, notice: ignore,
  error: ignore, currentTime: ignore, report: ignore, collect: ignore, end: ignore, positionMulti: ignore, accountPnl: ignore, positionPnl: ignore, barUpdate: ignore, whatIf: ignore,
};

function attemptWith(overrides: Partial<ConnectionAttemptOptions> = {}): ConnectionAttempt {
  // Never opened: nothing connects; port 1 is only a placeholder.
  return new ConnectionAttempt({
    host: '127.0.0.1', port: 1, clientId: 1, createClient: createIbClient, connectTimeoutMs: 1_000, events: sink,
    onLibraryFailure: ignore, onConnectTimeout: ignore, onHandlerFailure: ignore, ...overrides,
  });
}

describe('a connection attempt', () => {
  it('knows its bootstrap only once both nextValidId and managedAccounts arrived, and still tells the session', () => {
    const seen: string[] = [];
    const attempt = attemptWith({ events: { ...sink, nextValidId: (id) => seen.push(`id ${id}`), managedAccounts: (a) => seen.push(a.join('|')) } });
    const api = attempt.api as unknown as NodeJS.EventEmitter;
    api.emit('nextValidId', 5);
    expect(attempt.bootstrap).toBeUndefined();
    api.emit('managedAccounts', 'DU1, DU2,');
    expect(attempt.bootstrap).toEqual({ nextValidId: 5, accounts: ['DU1', 'DU2'] });
    expect(seen).toEqual(['id 5', 'DU1|DU2']);
    attempt.retire();
  });

  it('runs nothing once retired, and turns a failing handler into onHandlerFailure instead of a throw', () => {
    const failures: unknown[] = [];
    const attempt = attemptWith({ onHandlerFailure: (e) => failures.push(e) });
    expect(() => attempt.guard(() => { throw new Error('handler broke'); })).not.toThrow();
    expect(failures).toEqual([new Error('handler broke')]);
    attempt.retire();
    let ran = false;
    attempt.guard(() => { ran = true; });
    expect(ran).toBe(false);
  });
});
