// Where each report IB sends goes. A report that answers a read in progress is collected by that
// read and delivered once, inside the read's answer (the reconciliation snapshot), never also on
// its own. Anything else is published alone, flagged as news or as a replay (reports.ts,
// ReportOrigin). Commission reports carry no request id: IB sends each one right after its
// execDetails, so a commission whose execution answered a read belongs to that read.
import type { PendingRequests, RequestKey } from './pending-requests.ts';
import type { BrokerReport } from './reports.ts';

/** The read a report answers, and whether it is a replay when no read collects it (ib-events.ts decides). */
export interface ReportAnswer {
  read?: RequestKey;
  replay: boolean;
}

export class ReportRouter {
  /** execId → the read its execDetails answered, for the commission that follows; per connection. */
  private readonly readOfExecution = new Map<string, RequestKey>();

  constructor(
    private readonly pending: Pick<PendingRequests, 'has' | 'collect'>,
    private readonly publish: (report: BrokerReport, replay: boolean) => void,
  ) {}

  route(report: BrokerReport, answer: ReportAnswer = this.answerOf(report)): void {
    if (report.kind === 'execution' && answer.read !== undefined) this.readOfExecution.set(report.execId, answer.read);
    if (answer.read !== undefined && this.pending.has(answer.read)) {
      this.pending.collect(answer.read, report);
      return;
    }
    this.publish(report, answer.replay);
  }

  /** A new connection: request ids and replays of the old one mean nothing any more. */
  reset(): void {
    this.readOfExecution.clear();
  }

  /** Only commissions come without an answer: they follow their execution. */
  private answerOf(report: BrokerReport): ReportAnswer {
    const read = report.kind === 'commission' ? this.readOfExecution.get(report.execId) : undefined;
    return read === undefined ? { replay: false } : { read, replay: true };
  }
}
