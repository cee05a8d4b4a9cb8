// Pending requests never hang: each has a timeout, and a drop fails all of them at once.
import { afterEach, describe, expect, it } from 'vitest';
import type { Gateway } from '@kairox/gateway-sim';
import { DisconnectedError } from './errors.ts';
import { fakeGateway, frame, type FakeGateway } from './fake-gateway.ts';
import type { IbSession } from './ib-session.ts';
import { sessionFor, simulator } from './test-support.ts';

let gw: Gateway | undefined;
let fake: FakeGateway | undefined;
let session: IbSession | undefined;
afterEach(async () => {
  session?.stop();
  await gw?.close();
  await fake?.close();
  gw = undefined;
  fake = undefined;
  session = undefined;
});

describe('pending requests', () => {
  it('a read the gateway never answers times out, and the sync failure is explained', async () => {
    // Bootstrap (accounts, next id), then silence: the initial reads cannot complete.
    fake = await fakeGateway({ answerHello: true, afterStartApi: (s) => s.write(Buffer.concat([frame([15, 1, 'DU1234567']), frame([9, 1, 1])])) });
    const h = sessionFor({ host: '127.0.0.1', port: fake.port }, { requestTimeoutMs: 300, connectTimeoutMs: 5_000, reconnect: false });
    session = h.session;
    session.start();
    await expect(session.whenReady(5_000)).rejects.toThrow(/did not answer .* within 300 ms/);
    expect(session.status().lastError).toMatchObject({ kind: 'sync_failed' });
    expect(session.status().pendingRequests).toBe(0);
  });

  it('on a drop every pending request fails at once, long before its timeout', async () => {
    gw = await simulator();
    const h = sessionFor(gw, { requestTimeoutMs: 20_000, pacingPerSecond: 5 });
    session = h.session;
    session.start();
    await session.whenReady(10_000);
    gw.pause();
    // Some are sent and wait for an answer, most wait in the pacing queue.
    const pending = Array.from({ length: 20 }, () => session!.qualifyContract({ symbol: 'AAPL', secType: 'STK', exchange: 'SMART', currency: 'USD' }));
    const settled = Promise.allSettled(pending);
    expect(session.status().pacingQueueDepth).toBeGreaterThan(0);
    const dropped = Date.now();
    gw.dropAllConnections();
    const results = await settled;
    expect(Date.now() - dropped).toBeLessThan(1_000);
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(results.every((r) => r.status === 'rejected' && r.reason instanceof DisconnectedError)).toBe(true);
    expect(session.status()).toMatchObject({ pendingRequests: 0, pacingQueueDepth: 0 });
    gw.resume();
  });
});
