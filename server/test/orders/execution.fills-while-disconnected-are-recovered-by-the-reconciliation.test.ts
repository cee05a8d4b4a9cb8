// Scenario (issue 9, exactly-once): a limit order works at IB; the gateway restarts and, while
// Kairox is away, the price reaches the limit and the order fills. IB pushes nothing to an absent
// client, so the fill is known only from what Kairox reads after reconnecting (executions,
// completed orders): the order ends filled with that fill, exactly once. Meanwhile another API
// client's order on the same IB order id fills too: without Kairox's orderRef it is never taken
// for Kairox's order.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { until } from '../../src/broker/test-support.ts';
import { describeEachEngine } from '../support/engines.ts';
import { AAPL, ACCOUNT, startExecutionScenario, type ExecutionScenario } from '../support/execution-scenario.ts';
import { fillDuringGatewayRestart, workingLimitBuy } from '../support/fill-during-gateway-restart.ts';

const OTHER_CLIENT_ID = 98;

describeEachEngine('execution with fills while Kairox is disconnected', (engine) => {
  let s: ExecutionScenario;
  beforeAll(async () => {
    s = await startExecutionScenario(engine, { clientId: 66 });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('recovers a fill made while the gateway was restarting, once', async () => {
    const { id, ibOrderId } = await workingLimitBuy(s, 7);
    await fillDuringGatewayRestart(s, id);

    const o = await s.untilOrder(id, (x) => expect(x.state).toBe('filled'));
    expect(o.filledQuantity).toBe(7);
    expect(o.fills).toHaveLength(1);
    expect(o.fills[0]?.shares).toBe(7);
    expect(o.fills[0]?.price).toBeLessThanOrEqual(220);
    expect(o.ib.orderId).toBe(ibOrderId);
    expect(s.atSimulator(id)).toHaveLength(1);
  });

  it('never takes another client\'s order on the same IB order id (no orderRef) for Kairox\'s', async () => {
    const { id, ibOrderId, steps } = await workingLimitBuy(s, 4);
    const attempt = s.attempt();
    const restarted = s.gateway.restart(1);
    // Ids are only unique per client id: the other client's order fills on Kairox's id while Kairox is away.
    expect(s.gateway.engine.placeOrder(OTHER_CLIENT_ID, ibOrderId, { conId: AAPL, exchange: 'SMART' }, { action: 'BUY', totalQuantity: 3, orderType: 'MKT', account: ACCOUNT })).toMatchObject({ kind: 'accepted' });
    await until(() => s.gateway.orders().some((o) => o.clientId === OTHER_CLIENT_ID && o.orderId === ibOrderId && o.status === 'Filled'), 5_000);
    await restarted;
    await s.untilReadyAfter(attempt);
    // The reconciliation has run when IB's status of Kairox's order is recorded again.
    const reconciled = await s.untilOrder(id, (o) => expect(o.steps.length).toBeGreaterThan(steps));
    expect(reconciled).toMatchObject({ state: 'working', filledQuantity: 0, fills: [] });

    s.gateway.setPrice(AAPL, 219);
    const filled = await s.untilOrder(id, (o) => expect(o.state).toBe('filled'));
    expect(filled.filledQuantity).toBe(4);
    expect(filled.fills).toHaveLength(1);
    expect(s.atSimulator(id)).toHaveLength(1);
  });
});
