// A limit order that fills at IB while Kairox is away (issue 9): the gateway restarts and the
// price crosses the limit before Kairox connects again, so IB pushes nothing about the fill and
// Kairox learns of it only from what it reads after reconnecting.
import { expect } from 'vitest';
import { until } from '../../src/broker/test-support.ts';
import { AAPL, MARKET_BUY, type ExecutionScenario } from './execution-scenario.ts';

const ABOVE_THE_LIMIT = 230;
const LIMIT = 220;
const THROUGH_THE_LIMIT = 218;

export interface WorkingLimitBuy { id: string; ibOrderId: number; steps: number }

/** A buy of `qty` AAPL limited at 220 with the market at 230: working at IB, with its IB order id. */
export async function workingLimitBuy(s: ExecutionScenario, qty: number): Promise<WorkingLimitBuy> {
  s.gateway.setPrice(AAPL, ABOVE_THE_LIMIT);
  const id = await s.submit({ ...MARKET_BUY, size: { qty }, orderType: 'LMT', limitPrice: LIMIT });
  const working = await s.untilOrder(id, (o) => expect(o.state).toBe('working'));
  expect(working.ib.orderId).toBeGreaterThan(0);
  return { id, ibOrderId: working.ib.orderId ?? 0, steps: working.steps.length };
}

/**
 * Restarts the gateway for a second, fills the order `orderRef` at IB meanwhile by moving the price
 * through its limit, and returns once Kairox's session is ready again, with the attempt it had
 * before the restart (the one the drop ends).
 */
export async function fillDuringGatewayRestart(s: ExecutionScenario, orderRef: string): Promise<{ attemptBefore: number }> {
  const attemptBefore = s.attempt();
  const restarted = s.gateway.restart(1);
  s.gateway.setPrice(AAPL, THROUGH_THE_LIMIT);
  await until(() => s.atSimulator(orderRef)[0]?.status === 'Filled', 5_000);
  await restarted;
  await s.untilReadyAfter(attemptBefore);
  return { attemptBefore };
}
