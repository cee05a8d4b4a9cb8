// The session status as it travels: the worker publishes it on the connection row as JSON and
// API processes (the same one or others) read it back. One type on both sides (SessionStatus,
// reports.ts); this file is the only place that turns it into text and back.
import { SESSION_STATES } from '../domain/index.ts';
import type { SessionLastError, SessionStatus } from './reports.ts';

/** The status of a connection no session runs for, e.g. because its address was refused. */
export function notRunningStatus(target: { host: string; port: number; clientId: number }, at: number, lastError: SessionLastError): SessionStatus {
  return {
    state: 'stopped', since: at, host: target.host, port: target.port, clientId: target.clientId,
    serverVersion: undefined, connectionTime: undefined, connected: false, accounts: [], accountsSeenAt: undefined, account: null, mode: undefined,
    warnings: [], readOnly: undefined, canTrade: false, cannotTradeReason: lastError.message,
    lastHeartbeatAt: undefined, clockSkewMs: undefined, lastError, pacingQueueDepth: 0, pendingRequests: 0, farms: {}, attempts: 0, nextRetryAt: undefined,
  };
}

export function encodeSessionStatus(status: SessionStatus): string {
  return JSON.stringify(status);
}

/**
 * The stored status, or null when there is none or it is not one this version wrote (a row from
 * before an upgrade is replaced at the worker's next publish). Fields left out of the JSON were
 * undefined when written.
 */
export function decodeSessionStatus(text: string | null): SessionStatus | null {
  if (text === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const s = value as Partial<Record<keyof SessionStatus, unknown>>;
  const shaped = SESSION_STATES.includes(s.state as SessionStatus['state']) && typeof s.since === 'number' && typeof s.connected === 'boolean' &&
    typeof s.canTrade === 'boolean' && Array.isArray(s.accounts) && Array.isArray(s.warnings) && typeof s.port === 'number';
  return shaped ? (value as SessionStatus) : null;
}
