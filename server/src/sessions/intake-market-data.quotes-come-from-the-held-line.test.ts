// Scenario (every decided signal reads a quote): intake's reads ask the session for its held
// streaming line, so two signals on one instrument cost one reqMktData and no snapshot; other
// callers of the session keep the snapshot read. Counted on the session's IB client; the
// simulator's clock is pinned (Monday 10:00 New York) so the quote stands still.
import { manualClock, type Gateway } from '@kairox/gateway-sim';
import { afterEach, describe, expect, it } from 'vitest';
import { createIbClient } from '../broker/ib-client.ts';
import { sessionFor, simulator, type Harness } from '../broker/test-support.ts';
import { intakeMarketData } from './intake-market-data.ts';

const AAPL = { conId: 265598, symbol: 'AAPL', secType: 'STK', exchange: 'SMART', currency: 'USD' };

let gw: Gateway | undefined;
let h: Harness | undefined;
afterEach(async () => {
  h?.session.stop();
  await gw?.close();
});

describe("intake's quote read", () => {
  it('two signals on one instrument send one streaming reqMktData; a direct snapshot read is still a snapshot', async () => {
    gw = await simulator({ clock: manualClock(Date.parse('2026-11-23T15:00:00Z')) });
    const clock = gw.clock;
    const sent: string[] = [];
    h = sessionFor(gw, {
      clock: { now: () => clock.now() },
      createClient: (o) => {
        const api = createIbClient(o);
        const original = api.reqMktData.bind(api);
        api.reqMktData = (...args: Parameters<typeof original>) => {
          sent.push(args[3] ? 'snapshot' : 'stream');
          return original(...args);
        };
        return api;
      },
    });
    h.session.start();
    await h.session.whenReady(10_000);
    const session = h.session;
    const reads = intakeMarketData({ session: (id) => (id === 'conn-1' ? session : undefined) }).session('conn-1');

    const first = await reads?.marketSnapshot(AAPL, { allowDelayed: false, timeoutMs: 2_000 });
    const second = await reads?.marketSnapshot(AAPL, { allowDelayed: false, timeoutMs: 2_000 });
    expect(first).toMatchObject({ conId: AAPL.conId, source: 'live', delayed: false });
    expect(second).toEqual(first);
    expect(sent).toEqual(['stream']);
    expect(await session.marketSnapshot(AAPL, { timeoutMs: 2_000 })).toEqual(first);
    expect(sent).toEqual(['stream', 'snapshot']);
  });
});
