// Scenario (issue 9, exactly-once): the connection drops around a send, and what happens next is
// decided by IB's evidence after the reconnect, never guessed:
// - IB got the order but its acknowledgement never reached Kairox: the reconciliation finds it by
//   orderRef and Kairox follows it; it is not sent again;
// - IB never got it (sent while the gateway read nothing, and that socket dropped before the gateway
//   read it): IB lists it nowhere, so it is sent again once, under a new IB id, while its signal's
//   time-to-live holds, and ends expired_unsent when the time-to-live has passed.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../support/engines.ts';
import { AAPL, MARKET_BUY, startExecutionScenario, type ExecutionScenario, type ScenarioOrder } from '../support/execution-scenario.ts';

const CLIENT_ID = 68;

describeEachEngine('execution when the gateway drops mid-order', (engine) => {
  let s: ExecutionScenario;
  beforeAll(async () => {
    s = await startExecutionScenario(engine, { clientId: CLIENT_ID });
  });
  afterAll(async () => {
    await s?.close();
  });

  const stepsOf = (o: ScenarioOrder) => JSON.stringify(o.steps.map((st) => [st.kind, st.event, st.from, st.to, st.detail['why'] ?? st.detail['message'] ?? st.detail['ibStatus']]));
  const events = (o: ScenarioOrder, event: string) => o.steps.filter((st) => st.kind === 'transition' && st.event === event);

  /**
   * A limit order far below the market that rests: intake's reads (quote line, account values) are
   * then fresh and held, so the next signal needs no answer from IB while the gateway is quiet (a
   * fill would make the account values stale).
   */
  const warmUp = async () => {
    s.gateway.setPrice(AAPL, 230);
    const id = await s.submit({ ...MARKET_BUY, size: { qty: 1 }, orderType: 'LMT', limitPrice: 150 });
    await s.untilOrder(id, (o) => expect(o.state).toBe('working'));
  };

  /** Sends a signal's order while the gateway reads nothing, then drops that socket unread: IB never gets it. */
  const sentButNeverArrived = async (body: Record<string, unknown>) => {
    await warmUp();
    s.gateway.pause();
    try {
      const id = await s.submit(body);
      const sent = await s.untilOrder(id, (o) => expect(o.state).toBe('sent'));
      const attempt = s.attempt();
      s.gateway.dropAllConnections();
      return { id, firstIbOrderId: sent.ib.orderId, attempt };
    } finally {
      s.gateway.resume();
    }
  };

  it('follows an order IB got whose acknowledgement was lost in the drop, without sending it again', async () => {
    s.gateway.setPrice(AAPL, 230);
    // openOrder / orderStatus pushes wait a microtask: the drop below comes before IB's answer is written.
    s.gateway.execBeforeOpenOrder(true);
    let dropped = false;
    const attempt = s.attempt();
    const off = s.gateway.engine.on((e) => {
      if (!dropped && e.type === 'openOrder' && e.clientId === CLIENT_ID && e.order.orderRef.startsWith('kxo_')) {
        dropped = true;
        s.gateway.dropAllConnections();
      }
    });
    try {
      const id = await s.submit({ ...MARKET_BUY, size: { qty: 3 }, orderType: 'LMT', limitPrice: 220 });
      await s.untilReadyAfter(attempt);
      const working = await s.untilOrder(id, (o) => expect(o.state).toBe('working'));
      expect(dropped).toBe(true);
      expect(working.ib.sentOnAttempt).toBe(attempt);
      expect(events(working, 'resend')).toEqual([]);
      s.gateway.setPrice(AAPL, 219);
      const filled = await s.untilOrder(id, (o) => expect(o.state).toBe('filled'));
      expect(filled.filledQuantity).toBe(3);
      expect(s.atSimulator(id)).toHaveLength(1);
    } finally {
      off();
      s.gateway.execBeforeOpenOrder(false);
    }
  });

  it('sends an order IB never got once more, under a new IB id, while its time-to-live holds', async () => {
    const { id, firstIbOrderId, attempt } = await sentButNeverArrived({ ...MARKET_BUY, size: { qty: 2 }, ttlSeconds: 600 });
    expect(s.atSimulator(id)).toEqual([]);
    await s.untilReadyAfter(attempt);
    const filled = await s.untilOrder(id, (o) => expect(o.state, stepsOf(o)).toBe('filled'));
    expect(filled.filledQuantity).toBe(2);
    expect(filled.ib.orderId).not.toBe(firstIbOrderId);
    expect(events(filled, 'resend')).toHaveLength(1);
    expect(events(filled, 'send_succeeded')).toHaveLength(2);
    const rows = s.atSimulator(id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ orderId: filled.ib.orderId, status: 'Filled', filled: 2 });
  });

  it('ends an order IB never got expired_unsent when its time-to-live passed before IB could be asked', async () => {
    const { id, attempt } = await sentButNeverArrived({ ...MARKET_BUY, size: { qty: 2 }, ttlSeconds: 30 });
    s.gateway.advanceClock(31_000);
    await s.untilReadyAfter(attempt);
    const expired = await s.untilOrder(id, (o) => expect(o.state, stepsOf(o)).toBe('expired_unsent'));
    expect(expired.filledQuantity).toBe(0);
    expect(events(expired, 'resend')).toEqual([]);
    expect(events(expired, 'send_succeeded')).toHaveLength(1);
    expect(s.atSimulator(id)).toEqual([]);
  });
});
