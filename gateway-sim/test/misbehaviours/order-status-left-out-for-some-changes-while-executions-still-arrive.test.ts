// POST /misbehave/drop-order-status { every: N }: every N-th orderStatus push is left out (IB does
// not promise one per change), while every fill still arrives as execDetails with its commission
// report; { every: 0 } turns it off. Counted against the engine's own status changes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/engine/index.ts';
import { admin } from '../support/admin.ts';
import { AAPL, AAPL_CON_ID, order, startSim } from '../conformance/support/ib-session.ts';
import type { IbSession, Sim } from '../conformance/support/ib-session.ts';

describe('orderStatus left out for some changes', () => {
  let sim: Sim;
  let s: IbSession;
  let engineStatuses: number;
  let unsubscribe: () => void;
  beforeEach(async () => {
    sim = await startSim(178, { adminPort: 0 });
    s = await sim.connect(1);
    sim.gw.setPrice(AAPL_CON_ID, 230);
    engineStatuses = 0;
    unsubscribe = sim.gw.engine.on((e: EngineEvent) => {
      if (e.type === 'orderStatus') engineStatuses += 1;
    });
  });
  afterEach(async () => {
    unsubscribe();
    await sim.close();
  });

  const buy = async (ids: number[]): Promise<void> => {
    for (const id of ids) s.api.placeOrder(id, AAPL, order({ action: 'BUY', orderType: 'MKT', totalQuantity: 10 }));
    const last = ids.at(-1)!;
    // The last order's execution, then a round trip: the rest of that engine step has arrived too.
    await s.waitFor('execDetails', (_r, _c, e) => e.orderId === last);
    await s.roundTrip();
  };

  it('every 2nd status is missing, yet each fill has its execDetails and commission report', async () => {
    expect((await admin(sim.gw, '/misbehave/drop-order-status', { every: 2 })).json).toMatchObject({ misbehaviours: { dropOrderStatusEvery: 2 } });
    const ids = [0, 1, 2].map((i) => s.firstOrderId + i);
    const m = s.mark();
    await buy(ids);

    expect(engineStatuses).toBeGreaterThanOrEqual(6);
    expect(s.all('orderStatus', m)).toHaveLength(engineStatuses - Math.floor(engineStatuses / 2));
    const execs = s.all('execDetails', m).map((a) => a[2]);
    expect(execs.map((e) => e.orderId)).toEqual(ids);
    expect(s.all('commissionReport', m).map(([c]) => c.execId)).toEqual(execs.map((e) => e.execId));
    // Some order's Filled status never arrived: only its execution says it filled.
    expect(ids.some((id) => !s.statuses(id, m).includes('Filled'))).toBe(true);
  });

  it('every 1 leaves out all of them; every 0 turns it off', async () => {
    sim.gw.dropOrderStatus(1);
    const m = s.mark();
    await buy([s.firstOrderId]);
    expect(s.all('orderStatus', m)).toEqual([]);
    expect(s.all('execDetails', m)).toHaveLength(1);

    expect((await admin(sim.gw, '/misbehave/drop-order-status', { every: 0 })).status).toBe(200);
    const m2 = s.mark();
    engineStatuses = 0;
    await buy([s.firstOrderId + 1]);
    expect(s.all('orderStatus', m2)).toHaveLength(engineStatuses);
    expect(s.transitions(s.firstOrderId + 1, m2)).toEqual(['PreSubmitted', 'Filled']);
  });

  it('is off by default: every status change arrives', async () => {
    const m = s.mark();
    await buy([s.firstOrderId, s.firstOrderId + 1]);
    expect(s.all('orderStatus', m)).toHaveLength(engineStatuses);
  });
});
