// What an IbSession is built from, and the defaults that fill in what the caller leaves out.
import type { Clock, Logger } from '../common/index.ts';
import type { BackoffOptions } from './backoff.ts';
import type { createIbClient } from './ib-client.ts';
import type { HeldQuoteOptions } from './held-quotes.ts';
import type { ReportListener, TimelineEntry } from './reports.ts';

export interface IbSessionOptions {
  host: string;
  port: number;
  clientId: number;
  /** The configured IB Account ID; must be one of the login's managed accounts. */
  accountId?: string | null;
  logger: Logger;
  clock?: Clock;
  /** From opening the socket to ready. Default 10 s. */
  connectTimeoutMs?: number;
  /** Default 10 s. */
  heartbeatIntervalMs?: number;
  /** How long one heartbeat may stay unanswered before it counts as missed. Default half the interval. */
  heartbeatAnswerMs?: number;
  /** Consecutive missed answers before the connection is declared dead. Default 2. */
  heartbeatMissLimit?: number;
  /** Default 10 s. */
  requestTimeoutMs?: number;
  backoff?: BackoffOptions;
  random?: () => number;
  /** Messages per second to the gateway; default 40 (IB's limit is 50). */
  pacingPerSecond?: number;
  /** false: one attempt only (kairox check). Default true. */
  reconnect?: boolean;
  onTimeline?: (entry: TimelineEntry) => void;
  onReport?: ReportListener;
  /** Builds the client for each attempt; tests wrap it to watch retired clients. */
  createClient?: typeof createIbClient;
  /** Streaming quote lines held for intake (held-quotes.ts): how many, and when an unread one is cancelled. */
  heldQuotes?: HeldQuoteOptions;
}

export interface SessionTimings {
  connectTimeoutMs: number;
  heartbeatIntervalMs: number;
  heartbeatAnswerMs: number;
  heartbeatMissLimit: number;
  requestTimeoutMs: number;
  pacingPerSecond: number;
  reconnect: boolean;
}

export function sessionTimings(options: IbSessionOptions): SessionTimings {
  const interval = options.heartbeatIntervalMs ?? 10_000;
  return {
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    heartbeatIntervalMs: interval,
    heartbeatAnswerMs: options.heartbeatAnswerMs ?? Math.max(1, Math.floor(interval / 2)),
    heartbeatMissLimit: options.heartbeatMissLimit ?? 2,
    requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
    pacingPerSecond: options.pacingPerSecond ?? 40,
    reconnect: options.reconnect ?? true,
  };
}
