// What the session's operations (orders, contract qualification, reads) need from the session:
// the ready check, the id sequence, and sending on the current connection, paced.
import type { IBApi } from './ib-client.ts';
import type { PacingPriority } from './pacing.ts';
import type { Collected, RequestKey } from './pending-requests.ts';

export interface SessionChannel {
  /** Throws NotReadyError unless the session is ready: nothing is queued for a later connection. */
  assertReady(): void;
  /** The next id of the session's one sequence (orders and requests alike). */
  takeId(): number;
  /** Resolves once handed to the socket; fails if the connection is gone before its turn. */
  send(priority: PacingPriority, call: (api: IBApi) => void): Promise<void>;
  /** Sends, then collects the answer until its end message (pending-requests.ts), within `timeoutMs` (default: the session's request time-out). */
  request(key: RequestKey, what: string, priority: PacingPriority, call: (api: IBApi) => void, timeoutMs?: number): Promise<Collected>;
}
