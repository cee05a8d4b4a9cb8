// Scenario: a session that was ready loses its gateway and retries. Its status keeps what the
// gateway last reported (accounts, mode) but says plainly that it is not connected and since
// when that was seen; `attempts` counts the tries since the last success and is 0 once ready.
import { afterEach, describe, expect, it } from 'vitest';
import type { Gateway } from '@kairox/gateway-sim';
import type { IbSession } from './ib-session.ts';
import { sessionFor, simulator, until } from './test-support.ts';

let gw: Gateway | undefined;
let session: IbSession | undefined;
afterEach(async () => {
  session?.stop();
  await gw?.close();
  gw = undefined;
  session = undefined;
});

describe('the status while the gateway is away', () => {
  it('keeps the last seen accounts and mode, flagged as not connected', async () => {
    gw = await simulator({ accounts: ['DU1234567'] });
    const h = sessionFor(gw, { backoff: { initialMs: 60_000, maxMs: 60_000 } });
    session = h.session;
    session.start();
    const ready = await session.whenReady(10_000);
    expect(ready).toMatchObject({ connected: true, mode: 'paper', accounts: ['DU1234567'], accountsSeenAt: expect.any(Number) });

    void gw.restart(60);
    await until(() => h.session.currentState === 'waiting_to_retry');
    expect(h.session.status()).toMatchObject({
      state: 'waiting_to_retry', connected: false, mode: 'paper', accounts: ['DU1234567'], accountsSeenAt: ready.accountsSeenAt,
      canTrade: false, cannotTradeReason: expect.stringContaining('waiting to retry'),
    });
  });

  it('counts attempts since the last success: up while the gateway refuses, 0 once ready again', async () => {
    gw = await simulator();
    const h = sessionFor(gw, { backoff: { initialMs: 20, maxMs: 20, jitter: 0 } });
    session = h.session;
    session.start();
    expect((await session.whenReady(10_000)).attempts).toBe(0);

    const restarting = gw.restart(1);
    await until(() => h.session.status().attempts >= 3);
    await restarting;
    const back = await h.session.whenReady(10_000);
    expect(back.attempts).toBe(0);
    expect(h.timeline.filter((e) => e.event === 'retry').length).toBeGreaterThanOrEqual(3);
  });
});
