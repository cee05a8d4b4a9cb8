// Scenario (issue 9, exactly-once): orders are sent and fill; the gateway restarts and, as IB's
// gateway has been seen to after an auto-restart, its nextValidId comes back below ids the client
// id already used. Kairox reconnects; new signals get ids above every id it ever used (the journal's
// floor), none is refused 103 (duplicate order id), and each is exactly one order at the simulator.
// Twice: Kairox reconnecting (its session's id sequence never goes back), and Kairox restarted on
// the same database at the same time (a new process has only the journal's floor to go by).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../support/engines.ts';
import { MARKET_BUY, startExecutionScenario, type ExecutionScenario } from '../support/execution-scenario.ts';

const CLIENT_ID = 62;

describeEachEngine('execution after nextValidId is rolled back by a gateway restart', (engine) => {
  let s: ExecutionScenario;
  beforeAll(async () => {
    s = await startExecutionScenario(engine, { clientId: CLIENT_ID });
  });
  afterAll(async () => {
    await s?.close();
  });

  const fillThree = async (qty: number): Promise<string[]> => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(await s.submit({ ...MARKET_BUY, size: { qty } }));
    for (const id of ids) await s.untilOrder(id, (o) => expect(o.state).toBe('filled'));
    return ids;
  };
  const expectOneFilledOrderEach = (ids: readonly string[]) => {
    for (const id of ids) {
      const rows = s.atSimulator(id);
      expect(rows, id).toHaveLength(1);
      expect(rows[0]?.status).toBe('Filled');
    }
    expect(s.gateway.orders().filter((o) => o.clientId === CLIENT_ID && o.status === 'Refused')).toEqual([]);
  };

  it('never reuses an IB order id: new orders go above the highest id used, none is refused', async () => {
    const before = await fillThree(1);
    const usedIds = (await Promise.all(before.map((id) => s.order(id)))).map((o) => o.ib.orderId ?? 0);
    const highestUsed = Math.max(...usedIds);

    const attempt = s.attempt();
    s.gateway.rollBackNextValidIdOnRestart(highestUsed);
    await s.gateway.restart(0);
    await s.untilReadyAfter(attempt);

    const after = await fillThree(2);
    for (const id of after) {
      const o = await s.order(id);
      expect(o.ib.orderId).toBeGreaterThan(highestUsed);
      expect(o.filledQuantity).toBe(2);
      expect(o.lastError).toBeNull();
    }
    const newIds = (await Promise.all(after.map((id) => s.order(id)))).map((o) => o.ib.orderId);
    expect(new Set([...usedIds, ...newIds]).size).toBe(6);

    expectOneFilledOrderEach([...before, ...after]);
  });

  it('after Kairox restarts together with the gateway, the journal\'s floor keeps new ids above every id used', async () => {
    const earlier = await fillThree(1);
    const highestUsed = Math.max(...s.gateway.orders().filter((o) => o.clientId === CLIENT_ID).map((o) => o.orderId));
    await s.stopKairox();
    // Far enough back that the new process's own requests do not climb past the used ids first.
    s.gateway.rollBackNextValidIdOnRestart(highestUsed);
    await s.gateway.restart(0);
    await s.startAgain();
    await s.untilReadyAfter(0);

    const ids = await fillThree(1);
    for (const id of ids) expect((await s.order(id)).ib.orderId).toBeGreaterThan(highestUsed);
    expectOneFilledOrderEach([...earlier, ...ids]);
  });
});
