// The session's state, changed only through the transition table (domain), with a bounded
// history for the status page and a listener call for every change. Notes (a warning came or
// went) go into the same history and to the same entry listener, but change no state.
import { EventEmitter } from 'node:events';
import type { Clock, Logger } from '../common/index.ts';
import { nextSessionState, type SessionEvent, type SessionState } from '../domain/index.ts';
import type { TimelineEntry, TimelineNote } from './reports.ts';

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
    this.record(entry);
    this.events.emit('state', entry);
  }

  /** An entry that changes no state: state-change listeners (onChange) are not told. */
  note(event: TimelineNote, reason: string, code?: number): void {
    this.record({ at: this.clock.now(), from: this.current, to: this.current, event, reason, ...(code !== undefined ? { code } : {}) });
  }

  private record(entry: TimelineEntry): void {
    this.entries.push(entry);
    if (this.entries.length > KEPT_ENTRIES) this.entries.shift();
    const { from, to, event, code } = entry;
    if (event === 'warning') this.log.warn({ from, to, event, code }, entry.reason);
    else this.log.info({ from, to, event, code }, entry.reason);
    try {
      this.onEntry?.(entry);
    } catch (error) {
      this.log.error({ err: error }, 'a timeline listener failed');
    }
  }

  /** Returns the unsubscribe function. */
  onChange(listener: (entry: TimelineEntry) => void): () => void {
    this.events.on('state', listener);
    return () => this.events.off('state', listener);
  }
}
