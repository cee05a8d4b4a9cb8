// The broker session's life as a transition table (data). The session changes state only by
// applying an event here; an event that is not allowed in the current state is a bug and fails
// loudly instead of quietly producing an impossible status.

export type SessionState = 'stopped' | 'connecting' | 'syncing' | 'ready' | 'degraded' | 'disconnected' | 'waiting_to_retry';

export type SessionEvent =
  | 'start'            // the supervisor wants this session running
  | 'handshake_done'   // server version received, START_API sent
  | 'synced'           // nextValidId, managedAccounts and the initial reads are in
  | 'connectivity_lost'      // 1100: the gateway lost IB's servers
  | 'connectivity_restored'  // 1102: back, data kept
  | 'connectivity_resync'    // 1101: back, data lost → read state again
  | 'dropped'          // socket closed, connect timeout, heartbeat dead, refused, 326 …
  | 'retry_scheduled'  // backoff timer armed
  | 'retry'            // backoff timer fired
  | 'stop';            // the supervisor wants it stopped (connection disabled, deleted, shutdown)

export const SESSION_STATES: readonly SessionState[] = ['stopped', 'connecting', 'syncing', 'ready', 'degraded', 'disconnected', 'waiting_to_retry'];

const LIVE: SessionState[] = ['connecting', 'syncing', 'ready', 'degraded'];

export const SESSION_TRANSITIONS: Readonly<Record<SessionState, Readonly<Partial<Record<SessionEvent, SessionState>>>>> = {
  stopped: { start: 'connecting' },
  connecting: { handshake_done: 'syncing', dropped: 'disconnected', stop: 'stopped' },
  syncing: { synced: 'ready', dropped: 'disconnected', stop: 'stopped' },
  ready: { connectivity_lost: 'degraded', connectivity_resync: 'syncing', dropped: 'disconnected', stop: 'stopped' },
  degraded: { connectivity_restored: 'ready', connectivity_resync: 'syncing', dropped: 'disconnected', stop: 'stopped' },
  disconnected: { retry_scheduled: 'waiting_to_retry', stop: 'stopped' },
  waiting_to_retry: { retry: 'connecting', stop: 'stopped' },
};

export class IllegalTransition extends Error {
  readonly code = 'ILLEGAL_SESSION_TRANSITION';
  constructor(readonly from: SessionState, readonly event: SessionEvent) {
    super(`session event "${event}" is not allowed in state "${from}"`);
  }
}

export function nextSessionState(from: SessionState, event: SessionEvent): SessionState {
  const to = SESSION_TRANSITIONS[from][event];
  if (to === undefined) throw new IllegalTransition(from, event);
  return to;
}

export function canApply(from: SessionState, event: SessionEvent): boolean {
  return SESSION_TRANSITIONS[from][event] !== undefined;
}

/** States in which a socket may be open (calls still fail unless ready). */
export function isLive(state: SessionState): boolean {
  return LIVE.includes(state);
}
