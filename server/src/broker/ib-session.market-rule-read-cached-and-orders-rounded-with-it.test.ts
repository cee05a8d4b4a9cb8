// Scenario (issue 13): the intake qualifies AAPL, reads the market rule its details name for the
// exchange it routes to, and rounds a limit price with it before sending. The simulator enforces the
// rule (110 off the increment), so "accepted when rounded, refused when not" is the gateway's word.
// Every reqMarketRule the session's clients send is recorded, so "cached" is what went on the wire.
import type { Gateway } from '@kairox/gateway-sim';
import { afterEach, describe, expect, it } from 'vitest';
import { isOnGrid, roundToGrid } from '../domain/index.ts';
import { InvalidRequestError, NotReadyError } from './errors.ts';
import { createIbClient } from './ib-client.ts';
import type { OrderErrorReport } from './reports.ts';
import { sessionFor, simulator, until, type Harness } from './test-support.ts';

const AAPL = 265598;

let gw: Gateway | undefined;
let h: Harness | undefined;
afterEach(async () => {
  h?.session.stop();
  await gw?.close();
  gw = undefined;
  h = undefined;
});

/** A ready session whose clients record each reqMarketRule they send. */
async function ready(overrides: Parameters<typeof sessionFor>[1] = {}): Promise<{ gw: Gateway; h: Harness; asked: number[] }> {
  gw = await simulator();
  const asked: number[] = [];
  h = sessionFor(gw, {
    createClient: (o) => {
      const api = createIbClient(o);
      const send = api.reqMarketRule.bind(api);
      api.reqMarketRule = (ruleId: number) => {
        asked.push(ruleId);
        return send(ruleId);
      };
      return api;
    },
    ...overrides,
  });
  h.session.start();
  await h.session.whenReady(10_000);
  return { gw, h, asked };
}

describe('market rules through the session', () => {
  it("a qualified AAPL names a rule per valid exchange; its SMART rule is read once, shared and cached, and read again after a reconnect", async () => {
    const s = await ready();
    const q = await s.h.session.qualifyContract({ symbol: 'AAPL', secType: 'STK', exchange: 'SMART', currency: 'USD' });
    if (q.kind !== 'one') throw new Error(`AAPL did not qualify: ${q.kind}`);
    const exchanges = q.details.validExchanges?.split(',') ?? [];
    expect(Object.keys(q.details.marketRuleIds ?? {})).toEqual(exchanges);
    const ruleId = q.details.marketRuleIds?.SMART;
    if (ruleId === undefined) throw new Error('no SMART rule');

    const first = s.h.session.marketRule(ruleId);
    const concurrent = s.h.session.marketRule(ruleId);
    expect(concurrent).toBe(first);
    const rule = await first;
    expect(rule).toEqual({ id: ruleId, increments: [{ lowEdge: 0, increment: 0.0001 }, { lowEdge: 1, increment: 0.01 }] });
    expect(await s.h.session.marketRule(ruleId)).toBe(rule);
    expect(s.asked).toEqual([ruleId]);

    s.gw.dropAllConnections();
    await until(() => s.h.session.currentState !== 'ready');
    await s.h.session.whenReady(10_000);
    expect(await s.h.session.marketRule(ruleId)).toEqual(rule);
    expect(s.asked).toEqual([ruleId, ruleId]);
  });

  it('a limit rounded with the rule is accepted; the same price off the grid is refused with 110 as an orderError', async () => {
    const s = await ready();
    const q = await s.h.session.qualifyContract({ conId: AAPL });
    if (q.kind !== 'one' || q.details.marketRuleIds?.SMART === undefined) throw new Error('AAPL has no SMART rule');
    const rule = await s.h.session.marketRule(q.details.marketRuleIds.SMART);
    const bid = s.gw.engine.quote(AAPL)?.bid;
    if (bid === undefined) throw new Error('no AAPL quote');
    // A limit a little under the bid, in ten-thousandths: off the cent grid that applies above $1.
    const asked = Math.floor(bid * 98) / 100 + 0.0037;
    expect(isOnGrid(rule, asked)).toBe(false);
    const order = (limitPrice: number, orderRef: string) => ({
      contract: { conId: AAPL, exchange: 'SMART' }, action: 'BUY' as const, quantity: 1, orderType: 'LMT' as const, limitPrice, orderRef,
    });

    const off = await s.h.session.placeOrder(order(asked, 'kx-off-grid'));
    const rounded = roundToGrid(rule, asked, 'BUY');
    expect(rounded).toBeLessThan(asked);
    const on = await s.h.session.placeOrder(order(rounded, 'kx-on-grid'));

    await until(() => s.h.reports.some((r) => r.kind === 'openOrder' && r.orderId === on.orderId));
    await until(() => s.h.reports.some((r) => r.kind === 'orderError' && r.orderId === off.orderId));
    const refusal = s.h.reports.find((r): r is OrderErrorReport => r.kind === 'orderError' && r.orderId === off.orderId);
    expect(refusal).toMatchObject({ code: 110, message: 'The price does not conform to the minimum price variation for this contract.' });
    expect(s.h.reports.find((r) => r.kind === 'openOrder' && r.orderId === on.orderId)).toMatchObject({ limitPrice: rounded, orderRef: 'kx-on-grid' });
    expect(s.h.reports.some((r) => r.kind === 'orderError' && r.orderId === on.orderId)).toBe(false);
    expect(s.h.reports.some((r) => (r.kind === 'openOrder' || r.kind === 'orderStatus') && r.orderId === off.orderId)).toBe(false);
  });

  it('an unknown rule id (IB answers it on −1) ends by the time-out, whose message says to check the id; nothing is cached', async () => {
    const s = await ready({ requestTimeoutMs: 500 });
    await expect(s.h.session.marketRule(424242)).rejects.toMatchObject({ code: 'REQUEST_TIMEOUT', message: expect.stringContaining("check the id against the contract's details") });
    await expect(s.h.session.marketRule(424242)).rejects.toMatchObject({ code: 'REQUEST_TIMEOUT' });
    expect(s.asked).toEqual([424242, 424242]);
  });

  it('is refused before the session is ready, and an id that is not a positive integer is refused before anything is sent', async () => {
    gw = await simulator();
    h = sessionFor(gw);
    await expect(h.session.marketRule(26)).rejects.toBeInstanceOf(NotReadyError);
    h.session.start();
    await h.session.whenReady(10_000);
    await expect(h.session.marketRule(0)).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(h.session.marketRule(2.5)).rejects.toThrow('a market rule id must be a positive integer');
  });
});
