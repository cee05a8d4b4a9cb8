// P&L subscriptions belong to the client that asked: when it disconnects, the engine stops
// computing them (found on the next P&L request or push), while another client's go on.
import { afterEach, expect, it } from 'vitest';
import type { PnlTarget, PnlWatchHandle } from '../src/engine/index.ts';
import type { Gateway } from '../src/server/index.ts';
import { RawClient, wire } from './support/raw-client.ts';
import { testGateway } from './support/gateway.ts';

let gw: Gateway | undefined;
afterEach(async () => {
  await gw?.close();
  gw = undefined;
});

/** Waits (without a fixed sleep) until the gateway has seen every client go. */
async function untilNoClients(g: Gateway): Promise<void> {
  const deadline = Date.now() + 3000;
  while (g.clients().length > 0) {
    if (Date.now() > deadline) throw new Error('the gateway still lists a client');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

it('stops the subscriptions of a client that disconnected and answers the next one at once', async () => {
  gw = await testGateway();
  const engine = gw.engine;
  const created: number[] = [];
  const stopped: number[] = [];
  const watch = engine.watchPnl.bind(engine);
  engine.watchPnl = (t: PnlTarget): PnlWatchHandle => {
    const h = watch(t);
    created.push(h.id);
    return { ...h, stop: () => { stopped.push(h.id); h.stop(); } };
  };

  const a = await RawClient.ready(gw.port, 1);
  a.sendWire('92|9001|DU1234567||');
  expect(wire(await a.waitFor((m) => m[0] === '94'))).toBe('94|9001|0.0|0.0|0.0|');
  a.sendWire('94|9002|DU1234567||265598|');
  expect(wire(await a.waitFor((m) => m[0] === '95'))).toBe('95|9002|0|0.0|0.0|1.7976931348623157E308|0.0|');
  a.close();
  await a.waitClosed();
  await untilNoClients(gw);
  expect(stopped).toEqual([]);

  const b = await RawClient.ready(gw.port, 2);
  b.sendWire('92|9003|DU1234567||');
  expect(wire(await b.waitFor((m) => m[0] === '94'))).toBe('94|9003|0.0|0.0|0.0|');
  expect([...stopped].sort()).toEqual(created.slice(0, 2).sort());
  b.close();
});
