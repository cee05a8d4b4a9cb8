// Scenario (issue 9 acceptance, "bracket whose take-profit fill cancels the stop"): a buy with a
// take-profit and a stop-loss reaches the simulator as one group of three orders — the parent, and
// two opposite-side children naming the parent's IB order id — sent parent first with the last
// child transmitting the group. The parent fills; the market rises to the take-profit, which fills,
// and IB cancels the stop (its report, not Kairox's assumption). GET /api/orders/:id shows both
// children; GET /api/orders lists them with their parent. A second bracket whose parent is still
// working is cancelled through its parent, and IB takes the children with it; a child's stop price
// is modified at IB like any working order's, and a bracket's quantity change is refused; a working
// bracket counts once among the working orders the risk gate weighs; a bracket whose parent IB
// rejects leaves no child working; and a cancel signal stops both children of a filled parent.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../support/engines.ts';
import { AAPL, startExecutionScenario, type ExecutionScenario, type ScenarioOrder } from '../support/execution-scenario.ts';
import { expectPrepared, stepOf } from '../support/intake.ts';

interface BracketOrder extends ScenarioOrder {
  parentOrderId: string | null;
  bracketRole: string | null;
  children: Array<{ id: string; bracketRole: string; state: string; side: string; quantity: number; orderType: string; filledQuantity: number; fills: Array<{ execId: string; shares: number; price: number }> }>;
}

const QUANTITY = 3;

describeEachEngine('a bracket order at the simulator', (engine) => {
  let s: ExecutionScenario;

  beforeAll(async () => {
    s = await startExecutionScenario(engine, { clientId: 63 });
  });
  afterAll(async () => {
    await s?.close();
  });

  const quote = () => {
    const q = s.gateway.engine.quote(AAPL);
    if (!q) throw new Error('the simulator has no AAPL quote');
    return q;
  };
  const childrenOf = (o: BracketOrder, role: string) => {
    const child = o.children.find((c) => c.bracketRole === role);
    if (!child) throw new Error(`the bracket has no ${role} child: ${JSON.stringify(o.children)}`);
    return child;
  };
  /** Waits until the parent and then its children are in these states. */
  const untilGroup = async (id: string, states: string[]) =>
    await s.untilOrder(id, (o) => expect([o.state, ...(o as BracketOrder).children.map((c) => c.state)]).toEqual(states)) as BracketOrder;
  /** A buy of 2 limited far below the market, with its take-profit and stop-loss: the whole group working at IB. */
  const workingLimitBracket = async () => {
    const limit = Math.floor(quote().bid * 0.8);
    const id = await s.submit({
      instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 2 }, orderType: 'LMT', limitPrice: limit,
      bracket: { takeProfit: { limitPrice: limit + 20 }, stopLoss: { stopPrice: limit - 20 } },
    });
    return { id, limit, working: await untilGroup(id, ['working', 'working', 'working']) };
  };

  it('sends one group of three linked orders, and the take-profit fill ends the stop as IB cancels it', async () => {
    const q = quote();
    const takeProfit = Math.round(q.ask + 5);
    const stopLoss = Math.round(q.bid - 5);
    const id = await s.submit({ instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: QUANTITY }, bracket: { takeProfit: { limitPrice: takeProfit }, stopLoss: { stopPrice: stopLoss } } });

    const opened = await s.untilOrder(id, (o) => {
      const b = o as BracketOrder;
      expect(b.state).toBe('filled');
      expect(b.children.map((c) => [c.bracketRole, c.state])).toEqual([['take_profit', 'working'], ['stop_loss', 'working']]);
    }) as BracketOrder;
    const tp = childrenOf(opened, 'take_profit');
    const sl = childrenOf(opened, 'stop_loss');

    // Counted at "IB": exactly three orders for this client, the children naming the parent.
    const atIb = s.gateway.orders().filter((o) => o.clientId === s.clientId);
    expect(atIb.map((o) => o.orderRef)).toEqual([id, tp.id, sl.id]);
    const [parentAtIb, tpAtIb, slAtIb] = atIb;
    expect(parentAtIb).toMatchObject({ action: 'BUY', orderType: 'MKT', totalQuantity: QUANTITY, parentId: 0, status: 'Filled', orderId: opened.ib.orderId });
    expect(tpAtIb).toMatchObject({ action: 'SELL', orderType: 'LMT', lmtPrice: takeProfit, totalQuantity: QUANTITY, parentId: opened.ib.orderId });
    expect(slAtIb).toMatchObject({ action: 'SELL', orderType: 'STP', auxPrice: stopLoss, totalQuantity: QUANTITY, parentId: opened.ib.orderId });
    // Parent first, the last child transmitting the group: IB activates nothing of it before all of it arrived.
    expect(atIb.map((o) => o.transmit)).toEqual([false, false, true]);

    // The market rises through the take-profit: it fills, and IB cancels the stop.
    s.gateway.setPrice(AAPL, takeProfit + 1);
    const closed = await s.untilOrder(id, (o) => {
      const b = o as BracketOrder;
      expect(childrenOf(b, 'take_profit').state).toBe('filled');
      expect(childrenOf(b, 'stop_loss').state).toBe('cancelled');
    }) as BracketOrder;
    expect(closed.state).toBe('filled');
    const tpDone = childrenOf(closed, 'take_profit');
    expect(tpDone.filledQuantity).toBe(QUANTITY);
    expect(tpDone.fills.reduce((n, f) => n + f.shares, 0)).toBe(QUANTITY);
    expect(childrenOf(closed, 'stop_loss').filledQuantity).toBe(0);
    expect(s.gateway.orders().filter((o) => o.clientId === s.clientId).map((o) => o.status)).toEqual(['Filled', 'Filled', 'Cancelled']);
    // IB's word ended the stop: its cancellation is IB's status report.
    const stop = await s.order(sl.id) as BracketOrder;
    expect(stop.parentOrderId).toBe(id);
    expect(stop.steps.find((step) => step.to === 'cancelled')?.detail).toMatchObject({ ibStatus: 'Cancelled' });

    const listed = (await s.owner.request({ url: `/api/orders?signalId=${opened.signalId}` })).json() as { orders: Array<{ id: string; parentOrderId: string | null; bracketRole: string | null }> };
    expect(listed.orders.map((o) => [o.id, o.parentOrderId, o.bracketRole]).sort()).toEqual([[id, null, 'parent'], [sl.id, id, 'stop_loss'], [tp.id, id, 'take_profit']].sort());
  });

  it('modifies a child\'s price at IB like any working order, still attached to its parent; refuses a bracket\'s quantity change', async () => {
    const { id, limit, working } = await workingLimitBracket();
    const sl = childrenOf(working, 'stop_loss');

    const modified = await s.owner.request({ method: 'PATCH', url: `/api/orders/${sl.id}`, payload: { stopPrice: limit - 25 } });
    expect(modified.statusCode, modified.body).toBe(202);
    await s.untilOrder(sl.id, (o) => expect(o.steps.map((step) => step.kind)).toContain('modify_acknowledged'));
    expect(s.atSimulator(sl.id)).toEqual([expect.objectContaining({ auxPrice: limit - 25, modifiedTimes: 1, parentId: working.ib.orderId, status: 'PreSubmitted' })]);

    const resized = await s.owner.request({ method: 'PATCH', url: `/api/orders/${id}`, payload: { quantity: 3 } });
    expect(resized.statusCode).toBe(400);
    expect(resized.body).toContain('a bracket\'s quantity cannot be modified');
    expect(s.atSimulator(id)).toEqual([expect.objectContaining({ totalQuantity: 2, modifiedTimes: 0 })]);
    const cancelled = await s.owner.request({ method: 'POST', url: `/api/orders/${id}/cancel` });
    expect(cancelled.statusCode, cancelled.body).toBe(202);
    await untilGroup(id, ['cancelled', 'cancelled', 'cancelled']);
  });

  it('counts a working bracket once among the working orders the risk gate weighs: its children cannot fill before its parent', async () => {
    const q = quote();
    const { id } = await workingLimitBracket();
    // Flat, with a buy of 2 working: a sell of 3 leaves at most 3 short. Counting the two sell
    // children as working sells would make it 7 short and deny it.
    await s.intake.setPolicy({ maxOrderQuantity: 1000, maxOrderNotional: 1_000_000, maxPositionQuantity: 3, maxPositionNotional: 10_000_000, maxGrossExposure: 100_000_000, maxOrdersPerMinute: 1000, maxOrdersPerDay: 1000, priceCollarPercent: 50 });
    try {
      const sell = await s.submit({ instrument: { symbol: 'AAPL' }, action: 'sell', size: { qty: 3 }, orderType: 'LMT', limitPrice: Math.ceil(q.ask * 1.2) });
      await s.untilOrder(sell, (o) => expect(o.state).toBe('working'));
      expect((await s.owner.request({ method: 'POST', url: `/api/orders/${sell}/cancel` })).statusCode).toBe(202);
    } finally {
      await s.intake.setPolicy({ maxOrderQuantity: 1000, maxOrderNotional: 1_000_000, maxPositionQuantity: 10_000, maxPositionNotional: 10_000_000, maxGrossExposure: 100_000_000, maxOrdersPerMinute: 1000, maxOrdersPerDay: 1000, priceCollarPercent: 50 });
    }
    expect((await s.owner.request({ method: 'POST', url: `/api/orders/${id}/cancel` })).statusCode).toBe(202);
    await untilGroup(id, ['cancelled', 'cancelled', 'cancelled']);
  });

  it('cancels a bracket whose parent still works through its parent: IB ends the children with it', async () => {
    const { id } = await workingLimitBracket();
    const cancelled = await s.owner.request({ method: 'POST', url: `/api/orders/${id}/cancel` });
    expect(cancelled.statusCode, cancelled.body).toBe(202);
    const done = await untilGroup(id, ['cancelled', 'cancelled', 'cancelled']);
    expect(done.children.every((c) => c.filledQuantity === 0)).toBe(true);
    expect(s.gateway.orders().filter((o) => [id, ...done.children.map((c) => c.id)].includes(o.orderRef)).map((o) => o.status)).toEqual(['Cancelled', 'Cancelled', 'Cancelled']);
  });

  it('ends a bracket whose parent IB rejects with no child left working at IB', async () => {
    const q = quote();
    s.gateway.rejectNextOrder(201, 'Order rejected - reason:No Trading Permission');
    const id = await s.submit({ instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 2 }, bracket: { takeProfit: { limitPrice: Math.round(q.ask + 30) }, stopLoss: { stopPrice: Math.round(q.bid - 30) } } });
    const done = await s.untilOrder(id, (o) => {
      expect(o.state).toBe('rejected');
      expect((o as BracketOrder).children.map((c) => c.state).every((st) => ['cancelled', 'rejected', 'withheld'].includes(st))).toBe(true);
    }) as BracketOrder;
    expect(done.lastError).toEqual({ code: 201, message: 'Order rejected - reason:No Trading Permission' });
    expect(s.gateway.engine.openOrders().filter((o) => done.children.some((c) => c.id === o.orderRef))).toEqual([]);
  });

  // Last: it leaves the position open (the scenarios above start flat).
  it('stops both children of a filled parent on a cancel signal, counting only one of them as working', async () => {
    const q = quote();
    const id = await s.submit({ instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 2 }, bracket: { takeProfit: { limitPrice: Math.round(q.ask + 30) }, stopLoss: { stopPrice: Math.round(q.bid - 30) } } });
    const opened = await untilGroup(id, ['filled', 'working', 'working']);
    const cancel = await s.intake.submit({ instrument: { symbol: 'AAPL' }, action: 'cancel' });
    expectPrepared(cancel);
    expect([...(stepOf(cancel, 'cancel').values as { kairoxOrderIds: string[] }).kairoxOrderIds].sort()).toEqual(opened.children.map((c) => c.id).sort());
    await s.untilOrder(id, (o) => expect((o as BracketOrder).children.map((c) => c.state)).toEqual(['cancelled', 'cancelled']));
    expect(s.gateway.orders().filter((o) => opened.children.some((c) => c.id === o.orderRef)).map((o) => o.status)).toEqual(['Cancelled', 'Cancelled']);
  });
});
