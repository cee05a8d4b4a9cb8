// Scenario (issue 9, exactly-once): IB can report an order's execution before its openOrder and
// orderStatus. With the simulator doing so, a market order that fills on arrival is followed from
// its execDetails (matched by orderRef, nothing known of it at IB yet), the later openOrder and
// orderStatus change nothing, the fill is counted once, and the signal is one order at the simulator.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../support/engines.ts';
import { AAPL, MARKET_BUY, startExecutionScenario, type ExecutionScenario } from '../support/execution-scenario.ts';

describeEachEngine('execution with execDetails before openOrder', (engine) => {
  let s: ExecutionScenario;
  beforeAll(async () => {
    s = await startExecutionScenario(engine, { clientId: 64 });
    s.gateway.execBeforeOpenOrder(true);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('counts a fill reported before its order once, and the status that follows moves nothing back', async () => {
    const id = await s.submit({ ...MARKET_BUY, size: { qty: 6 } });
    const o = await s.untilOrder(id, (x) => {
      expect(x.state).toBe('filled');
      // IB's later openOrder / orderStatus for the same change were seen too.
      expect(x.ib.status).toBe('Filled');
      expect(x.commission).not.toBeNull();
    });
    expect(o.filledQuantity).toBe(6);
    expect(o.fills).toHaveLength(1);
    expect(o.fills[0]?.shares).toBe(6);
    expect(o.ib.permId).toBeGreaterThan(0);
    // Straight from sent to filled on the execution; what IB said after it leaves it filled. The
    // clock is pinned, so every step has the same time: they must still be listed in the order they happened.
    const moves = o.steps.filter((st) => st.kind === 'transition').map((st) => `${st.from ?? ''}>${st.event ?? ''}>${st.to ?? ''}`);
    expect(moves.slice(0, 4)).toEqual(['>accept>accepted', 'accepted>id_reserved>journaled', 'journaled>send_succeeded>sent', 'sent>filled>filled']);
    expect(moves.slice(4).every((m) => m.startsWith('filled>') && m.endsWith('>filled'))).toBe(true);
    expect(o.steps.filter((st) => st.kind === 'impossible')).toEqual([]);
    expect(s.atSimulator(id)).toHaveLength(1);
  });

  it('counts each partial fill of a resting order once when its executions come before its statuses', async () => {
    s.gateway.setPrice(AAPL, 230);
    const id = await s.submit({ ...MARKET_BUY, size: { qty: 4 }, orderType: 'LMT', limitPrice: 220 });
    await s.untilOrder(id, (x) => expect(x.state).toBe('working'));
    s.gateway.setPrice(AAPL, 219);
    const o = await s.untilOrder(id, (x) => expect(x.state).toBe('filled'));
    expect(o.filledQuantity).toBe(4);
    expect(o.fills.reduce((n, f) => n + f.shares, 0)).toBe(4);
    expect(s.atSimulator(id)).toHaveLength(1);
    expect(s.atSimulator(id)[0]).toMatchObject({ status: 'Filled', filled: 4 });
  });
});
