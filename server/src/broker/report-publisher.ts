// Hands every report to the session's listeners, with where it came from. A failing listener is
// logged and never allowed to unwind into the session (or, through it, into the library's socket
// handler).
import { EventEmitter } from 'node:events';
import type { Logger } from '../common/index.ts';
import type { BrokerReport, ReportListener, ReportOrigin } from './reports.ts';

export class ReportPublisher {
  private readonly events = new EventEmitter();

  constructor(private readonly log: Logger, private readonly onReport?: ReportListener) {
    this.events.setMaxListeners(0);
  }

  publish(report: BrokerReport, origin: ReportOrigin): void {
    try {
      this.onReport?.(report, origin);
      this.events.emit('report', report, origin);
    } catch (error) {
      this.log.error({ err: error, kind: report.kind }, 'a report listener failed');
    }
  }

  /** Returns the unsubscribe function. */
  subscribe(listener: ReportListener): () => void {
    this.events.on('report', listener);
    return () => this.events.off('report', listener);
  }
}
