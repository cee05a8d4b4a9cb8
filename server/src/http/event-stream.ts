// Live events for GET /api/events: a workspace's audit trail, read from a sequence number on and
// then followed, written as Server-Sent Events with the audit `seq` as the event id.
//
// Why the trail, and why polling: every order state change (`order.<state>`, fills included with
// execId, shares and price), every signal step and every connection change is already an audit
// event with a per-workspace `seq`, durable and in order, so a client that reconnects with
// `Last-Event-ID: N` is owed exactly the events after N and the trail has them. Each stream reads
// "after the last seq it sent" every POLL_MS. That is correct by construction: a read sees only
// committed rows (PostgreSQL's read committed; SQLite's one connection is held by a transaction
// until it ends), and seq is reserved under the workspace row's lock (SQLite: the one writer), so a
// transaction holding seq N+1 commits after N's — a reader never sees N+1 without N: no gap, and
// never an event whose transaction did not commit. An after-commit hook would need every writer's
// transaction to carry it; the poll is one indexed read of (workspace, seq > n) per stream.
//
// Positions and P&L are not audit events: they come from the worker's in-process bus
// (sessions/live-updates.ts, coalesced to one event per connection, account and kind per second) as
// `position` and `pnl` events with no id line — they cannot be resumed, and leave the client's
// Last-Event-ID at the last audit event, so a reconnect still resumes the trail exactly. Each read waits until the client has taken the previous batch (backpressure); a client
// that takes nothing for drainTimeoutMs, or whose unsent bytes pass maxBufferedBytes, is
// disconnected (it resumes with Last-Event-ID) rather than buffered for without end.
import { PassThrough } from 'node:stream';
import type { AuditEvent, AuditLog } from '../audit/index.ts';
import type { Logger } from '../common/index.ts';
import type { WorkspaceScope } from '../db/index.ts';
import type { LiveUpdate, LiveUpdateFeed } from '../sessions/index.ts';

/** Bytes an event stream buffers on each side before it waits for its client. */
const STREAM_HIGH_WATER_MARK = 16 * 1024;

export interface EventStreamTiming {
  pollMs: number;
  heartbeatMs: number;
  batch: number;
  maxBufferedBytes: number;
  /** How long a client may take to read what is waiting for it before it is disconnected. */
  drainTimeoutMs: number;
}

export const EVENT_STREAM_TIMING: EventStreamTiming = { pollMs: 250, heartbeatMs: 15_000, batch: 200, maxBufferedBytes: 1024 * 1024, drainTimeoutMs: 30_000 };

/** The event's family (`order` of `order.filled`): the SSE event name and what ?types= picks. */
export function familyOf(action: string): string {
  const dot = action.indexOf('.');
  return dot < 0 ? action : action.slice(0, dot);
}

/** One frame: id = seq (resumable), event = family, data = the audit event as GET /api/audit shows it. */
export function frameOf(event: AuditEvent): string {
  return `id: ${event.seq}\nevent: ${familyOf(event.action)}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** A live position or P&L event: no id (not resumable), event = its type, data = the update. */
export function liveFrameOf(update: LiveUpdate): string {
  return `event: ${update.type}\ndata: ${JSON.stringify(update)}\n\n`;
}

export interface OpenStream {
  /** What the route sends as the response body. */
  readonly body: PassThrough;
}

export class EventStreams {
  private readonly open = new Set<{ stop: () => void; done: Promise<void> }>();
  private closing = false;

  constructor(
    private readonly deps: { audit: AuditLog; logger: Logger; live?: LiveUpdateFeed | undefined },
    private readonly timing: EventStreamTiming = EVENT_STREAM_TIMING,
  ) {}

  get size(): number {
    return this.open.size;
  }

  /** Starts a stream of the scope's events after `afterSeq`, narrowed to `types` (families) when given. */
  start(scope: WorkspaceScope, afterSeq: number, types: ReadonlySet<string> | undefined): OpenStream {
    // Explicit, so a slow client is held back at the same point on every Node line (the default grew from 16 to 64 KiB in Node 22).
    const body = new PassThrough({ highWaterMark: STREAM_HIGH_WATER_MARK });
    let stopped = false;
    let wake: (() => void) | undefined;
    const stop = () => {
      stopped = true;
      wake?.();
    };
    body.on('close', stop);
    const send = (text: string) => {
      if (stopped || body.destroyed) return;
      body.write(text);
      if (body.writableLength > this.timing.maxBufferedBytes) {
        this.deps.logger.warn({ workspaceId: scope.workspaceId, buffered: body.writableLength }, 'event stream client too slow: disconnected');
        stop();
      }
    };
    const heartbeat = setInterval(() => send(': heartbeat\n\n'), this.timing.heartbeatMs);
    // Only this workspace's sessions' updates; sent as they come (already coalesced, so few).
    const unsubscribe = this.deps.live?.subscribe(scope.workspaceId, (update) => {
      if (!types || types.has(update.type)) send(liveFrameOf(update));
    });
    heartbeat.unref();
    const pause = () => new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, this.timing.pollMs);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    /** True once the client has read what waits for it; false when it did not within drainTimeoutMs, or the stream stopped. */
    const drained = () => new Promise<boolean>((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        body.off('drain', onDrain);
        resolve(ok);
      };
      const onDrain = () => done(true);
      const timer = setTimeout(() => done(false), this.timing.drainTimeoutMs);
      body.on('drain', onDrain);
      wake = () => done(false);
    });
    const run = async () => {
      let cursor = afterSeq;
      send(': kairox events\n\n');
      while (!stopped) {
        const events = await this.deps.audit.after(scope, cursor, this.timing.batch);
        for (const event of events) {
          cursor = event.seq;
          if (!types || types.has(familyOf(event.action))) send(frameOf(event));
        }
        // Backpressure: the next read waits until the client has taken this batch.
        if (body.writableNeedDrain && !stopped && !(await drained())) {
          this.deps.logger.warn({ workspaceId: scope.workspaceId, buffered: body.writableLength }, 'event stream client too slow: disconnected');
          stop();
        }
        if (events.length < this.timing.batch && !stopped) await pause();
        // A catch-up of full batches still lets sockets and timers run between them.
        else await new Promise((resolve) => setImmediate(resolve));
      }
    };
    const entry = {
      stop,
      done: run()
        .catch((error: unknown) => {
          if (!this.closing) this.deps.logger.error({ err: error, workspaceId: scope.workspaceId }, 'event stream stopped by a read error');
        })
        .finally(() => {
          clearInterval(heartbeat);
          unsubscribe?.();
          this.open.delete(entry);
          body.end();
        }),
    };
    if (this.closing) stop();
    this.open.add(entry);
    return { body };
  }

  /** Ends every open stream and waits until none reads the store any more (before the database closes). */
  async closeAll(): Promise<void> {
    this.closing = true;
    const entries = [...this.open];
    for (const entry of entries) entry.stop();
    await Promise.all(entries.map((entry) => entry.done));
  }
}
