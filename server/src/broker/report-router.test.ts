import { describe, expect, it } from 'vitest';
import { PendingRequests } from './pending-requests.ts';
import { ReportRouter } from './report-router.ts';
import type { BrokerReport } from './reports.ts';

const execution = (execId: string): BrokerReport => ({ kind: 'execution', execId, contract: { conId: 1 } });
const commission = (execId: string): BrokerReport => ({ kind: 'commission', execId, commission: 1, currency: 'USD' });

function router() {
  const pending = new PendingRequests(1_000);
  const published: { report: BrokerReport; replay: boolean }[] = [];
  return { pending, published, router: new ReportRouter(pending, (report, replay) => published.push({ report, replay })) };
}

describe('report routing', () => {
  it('a commission follows its execution into the executions read in progress, and neither is published alone', async () => {
    const { pending, published, router: r } = router();
    const read = pending.open(42, "today's executions", async () => undefined);
    r.route(execution('e1'), { read: 42, replay: true });
    r.route(commission('e1'));
    pending.finish(42);
    expect(await read).toEqual([execution('e1'), commission('e1')]);
    expect(published).toEqual([]);
  });

  it('a live fill and its commission are published as news; a commission after its read ended is a replay', async () => {
    const { pending, published, router: r } = router();
    r.route(execution('live'), { replay: false });
    r.route(commission('live'));
    const read = pending.open(7, "today's executions", async () => undefined);
    r.route(execution('old'), { read: 7, replay: true });
    pending.finish(7);
    await read;
    r.route(commission('old'));
    expect(published.map((p) => [p.report.kind, p.replay])).toEqual([['execution', false], ['commission', false], ['commission', true]]);
  });
});
