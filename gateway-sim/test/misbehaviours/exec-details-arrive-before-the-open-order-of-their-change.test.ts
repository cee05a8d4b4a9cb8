// POST /misbehave/exec-before-open-order { on: true }: a fill's execDetails reach the client before
// the openOrder/orderStatus of the same change (IB has been seen to do this), so a client must be
// able to book a fill for an order it has not yet been told about. Off by default.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { admin } from '../support/admin.ts';
import { AAPL, AAPL_CON_ID, order, startSim } from '../conformance/support/ib-session.ts';
import type { IbSession, Sim } from '../conformance/support/ib-session.ts';

describe('execDetails before openOrder', () => {
  let sim: Sim;
  let s: IbSession;
  beforeEach(async () => {
    sim = await startSim(178, { adminPort: 0 });
    s = await sim.connect(1);
    sim.gw.setPrice(AAPL_CON_ID, 230);
  });
  afterEach(() => sim.close());

  /** The messages about one order, in arrival order, once its Filled status is in. */
  const messagesOf = async (id: number, from: number): Promise<string[]> => {
    await s.orderStatus(id, 'Filled', from);
    await s.roundTrip();
    return s.events.slice(from).filter((e) => {
      if (e.name === 'openOrder' || e.name === 'orderStatus') return e.args[0] === id;
      if (e.name === 'execDetails') return (e.args[2] as { orderId: number }).orderId === id;
      return e.name === 'commissionReport';
    }).map((e) => e.name);
  };

  it('on: a market order\'s execution is the first thing its client hears of it; openOrder and orderStatus follow', async () => {
    expect((await admin(sim.gw, '/misbehave/exec-before-open-order', { on: true })).json).toMatchObject({ misbehaviours: { execBeforeOpenOrder: true } });
    const id = s.firstOrderId;
    const m = s.mark();
    s.api.placeOrder(id, AAPL, order({ action: 'BUY', orderType: 'MKT', totalQuantity: 10, orderRef: 'kx-early' }));
    const names = await messagesOf(id, m);
    expect(names[0]).toBe('execDetails');
    expect(names.indexOf('openOrder')).toBeGreaterThan(0);
    // The execution alone names the order: orderRef and permId match the openOrder that follows.
    const [, , exec] = s.all('execDetails', m)[0]!;
    const [, , open] = s.all('openOrder', m)[0]!;
    expect([exec.orderRef, exec.permId]).toEqual(['kx-early', open.permId]);
  });

  it('off (the default): openOrder comes first', async () => {
    const id = s.firstOrderId;
    const m = s.mark();
    s.api.placeOrder(id, AAPL, order({ action: 'BUY', orderType: 'MKT', totalQuantity: 10 }));
    const names = await messagesOf(id, m);
    expect(names[0]).toBe('openOrder');
    expect(names.indexOf('execDetails')).toBeGreaterThan(names.indexOf('orderStatus'));
  });
});
