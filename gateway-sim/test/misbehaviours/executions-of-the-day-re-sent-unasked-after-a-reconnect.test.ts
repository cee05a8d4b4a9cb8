// POST /misbehave/resend-executions-on-reconnect { on: true }: when a client id starts the API
// again, the gateway re-sends that client's executions of the day unasked, as live pushes (reqId −1)
// with the same execIds and their commission reports, as IB does after a reconnect: a client must
// key fills by execId so the replay books nothing twice. Off by default.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { admin } from '../support/admin.ts';
import { AAPL, AAPL_CON_ID, order, startSim } from '../conformance/support/ib-session.ts';
import type { IbSession, Sim } from '../conformance/support/ib-session.ts';

describe('executions re-sent after a reconnect', () => {
  let sim: Sim;
  let s: IbSession;
  let execIds: string[];
  beforeEach(async () => {
    sim = await startSim(178, { adminPort: 0 });
    s = await sim.connect(1);
    sim.gw.setPrice(AAPL_CON_ID, 230);
    const other = await sim.connect(2);
    other.api.placeOrder(other.firstOrderId, AAPL, order({ action: 'BUY', orderType: 'MKT', totalQuantity: 3 }));
    await other.orderStatus(other.firstOrderId, 'Filled');
    for (const i of [0, 1]) s.api.placeOrder(s.firstOrderId + i, AAPL, order({ action: 'BUY', orderType: 'MKT', totalQuantity: 10 + i }));
    await s.orderStatus(s.firstOrderId + 1, 'Filled');
    execIds = s.all('execDetails').map((a) => a[2].execId!);
    expect(execIds).toHaveLength(2);
  });
  afterEach(() => sim.close());

  const reconnect = async (): Promise<IbSession> => {
    const gone = s.waitFor('disconnected', () => true, s.mark());
    sim.gw.dropAllConnections();
    await gone;
    return sim.connect(1);
  };

  it('on: the reconnected client gets its own executions again, same execIds, each with its commission report', async () => {
    expect((await admin(sim.gw, '/misbehave/resend-executions-on-reconnect', { on: true })).json).toMatchObject({
      misbehaviours: { resendExecutionsOnReconnect: true },
    });
    const again = await reconnect();
    await again.waitFor('commissionReport', (c) => c.execId === execIds[1]);
    const replayed = again.all('execDetails');
    expect(replayed.map(([reqId, , e]) => [reqId, e.execId, e.clientId])).toEqual(execIds.map((id) => [-1, id, 1]));
    expect(again.all('commissionReport').map(([c]) => c.execId)).toEqual(execIds);
    // A client id starting for the first time gets nothing.
    const fresh = await sim.connect(3);
    await fresh.roundTrip();
    expect(fresh.all('execDetails')).toEqual([]);
  });

  it('off (the default): a reconnect brings no executions unless asked', async () => {
    const again = await reconnect();
    await again.roundTrip();
    expect(again.all('execDetails')).toEqual([]);
  });
});
