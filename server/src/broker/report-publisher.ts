// Hands every report to the session's listeners. A failing listener is logged and never allowed
// to unwind into the session (or, through it, into the library's socket handler).
import { EventEmitter } from 'node:events';
import type { Logger } from '../common/index.ts';
import type { BrokerReport } from './reports.ts';

export class ReportPublisher {
  private readonly events = new EventEmitter();

  constructor(private readonly log: Logger, private readonly onReport?: (report: BrokerReport) => void) {
    this.events.setMaxListeners(0);
  }

  publish(report: BrokerReport): void {
    try {
      this.onReport?.(report);
      this.events.emit('report', report);
    } catch (error) {
      this.log.error({ err: error, kind: report.kind }, 'a report listener failed');
    }
  }

  /** Returns the unsubscribe function. */
  subscribe(listener: (report: BrokerReport) => void): () => void {
    this.events.on('report', listener);
    return () => this.events.off('report', listener);
  }
}
