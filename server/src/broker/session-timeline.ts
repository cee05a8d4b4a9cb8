// The session's state, changed only through the transition table (domain), with a bounded
// history for the status page and a listener call for every change.
import { EventEmitter } from 'node:events';
import type { Clock, Logger } from '../common/index.ts';
import { nextSessionState, type SessionEvent, type SessionState } from '../domain/index.ts';
import type { TimelineEntry } from './reports.ts';

const KEPT_ENTRIES = 100;

export class SessionTimeline {
  private current: SessionState = 'stopped';
  private changedAt: number;
  private readonly entries: TimelineEntry[] = [];
  private readonly events = new EventEmitter();

  constructor(
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly onEntry?: (entry: TimelineEntry) => void,
  ) {
    this.changedAt = clock.now();
    this.events.setMaxListeners(0);
  }

  get state(): SessionState {
    return this.current;
  }

  get since(): number {
    return this.changedAt;
  }

  recent(): readonly TimelineEntry[] {
    return [...this.entries];
  }

  /** Applies `event` (an impossible transition throws, from the table) and tells every listener. */
  apply(event: SessionEvent, reason: string, code?: number): void {
    const from = this.current;
    const to = nextSessionState(from, event);
    this.current = to;
    this.changedAt = this.clock.now();
    const entry: TimelineEntry = { at: this.changedAt, from, to, event, reason, ...(code !== undefined ? { code } : {}) };
    this.entries.push(entry);
    if (this.entries.length > KEPT_ENTRIES) this.entries.shift();
    this.log.info({ from, to, event, code }, reason);
    try {
      this.onEntry?.(entry);
    } catch (error) {
      this.log.error({ err: error }, 'a timeline listener failed');
    }
    this.events.emit('state', entry);
  }

  /** Returns the unsubscribe function. */
  onChange(listener: (entry: TimelineEntry) => void): () => void {
    this.events.on('state', listener);
    return () => this.events.off('state', listener);
  }
}
