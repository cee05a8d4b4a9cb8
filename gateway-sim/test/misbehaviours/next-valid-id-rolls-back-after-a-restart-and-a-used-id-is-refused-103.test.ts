// POST /misbehave/next-valid-id-rollback: after the next gateway restart, nextValidId comes back
// below ids the client id already used (IB after an auto-restart); an order sent on such an id is
// refused with 103 "Duplicate order id" (104 "Can't modify a filled order" when that id's order
// filled) and listed by GET /orders as refused. The rollback is one-shot.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { admin } from '../support/admin.ts';
import { AAPL, AAPL_CON_ID, order, startSim } from '../conformance/support/ib-session.ts';
import type { IbSession, Sim } from '../conformance/support/ib-session.ts';

describe('nextValidId rolled back after a restart', () => {
  let sim: Sim;
  let s: IbSession;
  beforeEach(async () => {
    sim = await startSim(178, { adminPort: 0 });
    s = await sim.connect(1);
    sim.gw.setPrice(AAPL_CON_ID, 230);
  });
  afterEach(() => sim.close());

  it('comes back N below the highest id used; each used id is refused (103, or 104 for a filled one) until fresh ids', async () => {
    const first = s.firstOrderId;
    // first: a resting limit order, then cancelled; first+1 and first+2: filled market orders.
    s.api.placeOrder(first, AAPL, order({ action: 'BUY', orderType: 'LMT', lmtPrice: 100, totalQuantity: 1, orderRef: 'kx-0' }));
    await s.orderStatus(first, 'Submitted');
    s.api.cancelOrder(first);
    await s.orderStatus(first, 'Cancelled');
    for (const i of [1, 2]) s.api.placeOrder(first + i, AAPL, order({ action: 'BUY', orderType: 'MKT', totalQuantity: 1, orderRef: `kx-${i}` }));
    await s.orderStatus(first + 2, 'Filled');
    const highest = first + 2;

    expect((await admin(sim.gw, '/misbehave/next-valid-id-rollback', { by: 2 })).json).toMatchObject({ misbehaviours: { nextValidIdRollbackBy: 2 } });
    const gone = s.waitFor('disconnected', () => true, s.mark());
    await sim.gw.restart(0);
    await gone;

    const again = await sim.connect(1);
    expect(again.firstOrderId).toBe(highest - 2);
    const m = again.mark();
    for (let id = again.firstOrderId; id <= highest + 1; id++) {
      again.api.placeOrder(id, AAPL, order({ action: 'BUY', orderType: 'MKT', totalQuantity: 1, orderRef: `kx-again-${id}` }));
    }
    expect(await again.waitForError(103, first, m)).toMatchObject({ message: 'Duplicate order id' });
    await again.orderStatus(highest + 1, 'Filled', m);
    expect(again.errors(m).filter((e) => e.code === 103 || e.code === 104).map((e) => [e.reqId, e.code])).toEqual([
      [first, 103], [first + 1, 104], [first + 2, 104],
    ]);
    // At "IB": each first send is the one order on its id; the sends on reused ids never became orders.
    const rows = (await admin(sim.gw, '/orders', undefined, 'GET')).json['orders'] as Record<string, unknown>[];
    expect(rows.map((r) => [r['orderId'], r['orderRef'], r['status'], (r['error'] as { code: number } | undefined)?.code])).toEqual([
      [first, 'kx-0', 'Cancelled', undefined],
      [first + 1, 'kx-1', 'Filled', undefined],
      [first + 2, 'kx-2', 'Filled', undefined],
      [first, `kx-again-${first}`, 'Refused', 103],
      [first + 1, `kx-again-${first + 1}`, 'Refused', 104],
      [first + 2, `kx-again-${first + 2}`, 'Refused', 104],
      [highest + 1, `kx-again-${highest + 1}`, 'Filled', undefined],
    ]);
    expect(sim.gw.misbehaviours.nextValidIdRollbackBy).toBeNull();

    // One-shot: the next restart is an honest one.
    const gone2 = again.waitFor('disconnected', () => true, again.mark());
    await sim.gw.restart(0);
    await gone2;
    expect((await sim.connect(1)).firstOrderId).toBe(highest + 2);
  });

  it('is off by default: a restart hands out an id above every used one', async () => {
    const first = s.firstOrderId;
    s.api.placeOrder(first, AAPL, order({ action: 'BUY', orderType: 'MKT', totalQuantity: 1 }));
    await s.orderStatus(first, 'Filled');
    const gone = s.waitFor('disconnected', () => true, s.mark());
    await sim.gw.restart(0);
    await gone;
    expect((await sim.connect(1)).firstOrderId).toBe(first + 1);
  });
});
