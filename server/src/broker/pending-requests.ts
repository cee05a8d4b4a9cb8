// The requests waiting for IB's answer, by key: the reqId, or a fixed name for the reads IB
// answers without one (open orders, positions, ...). Each has its own timeout, and a drop fails
// all of them at once: a caller never waits for an answer that can no longer come.
import { BrokerError, RequestTimeoutError } from './errors.ts';

export type RequestKey = string | number;

/** What arrived for a request before its end message: reports, or raw details. */
export type Collected = unknown[];

interface Pending {
  items: Collected;
  resolve: (items: Collected) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export class PendingRequests {
  private readonly pending = new Map<RequestKey, Pending>();

  constructor(private readonly timeoutMs: number) {}

  get size(): number {
    return this.pending.size;
  }

  has(key: RequestKey): boolean {
    return this.pending.has(key);
  }

  /** Registers the request, then sends it; a send that fails fails the request. */
  open(key: RequestKey, what: string, send: () => Promise<void>, timeoutMs = this.timeoutMs): Promise<Collected> {
    if (this.pending.has(key)) return Promise.reject(new BrokerError('INVALID_REQUEST', `a request for ${what} is already in progress`));
    return new Promise<Collected>((resolve, reject) => {
      const timer = setTimeout(() => this.settle(key, new RequestTimeoutError(what, timeoutMs)), timeoutMs);
      this.pending.set(key, { items: [], resolve, reject, timer });
      send().catch((error: Error) => this.settle(key, error));
    });
  }

  collect(key: RequestKey, item: unknown): void {
    this.pending.get(key)?.items.push(item);
  }

  /** The end message (or the one answer) arrived: resolves with everything collected. */
  finish(key: RequestKey, item?: unknown): void {
    if (item !== undefined) this.collect(key, item);
    this.settle(key);
  }

  /** Resolves the request with what it collected, or rejects it with `error`. */
  settle(key: RequestKey, error?: Error): void {
    const p = this.pending.get(key);
    if (!p) return;
    this.pending.delete(key);
    clearTimeout(p.timer);
    if (error) p.reject(error);
    else p.resolve(p.items);
  }

  failAll(error: Error): void {
    for (const [key, p] of this.pending) {
      clearTimeout(p.timer);
      this.pending.delete(key);
      p.reject(error);
    }
  }
}
