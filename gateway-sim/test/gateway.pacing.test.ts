// Pacing: more than the limit per second gets error 100 (and repeated violations close the
// client); a client that said +PACEAPI is queued and served at the limit instead.
import { afterEach, expect, it } from 'vitest';
import { encodeFrame } from '../src/protocol/index.ts';
import type { Gateway } from '../src/server/index.ts';
import { RawClient } from './support/raw-client.ts';
import { testGateway } from './support/gateway.ts';

let gw: Gateway | undefined;
afterEach(async () => {
  await gw?.close();
  gw = undefined;
});

const burst = (n: number, fields: string[]): Buffer => Buffer.concat(Array.from({ length: n }, () => encodeFrame(fields)));

it('answers 50 requests of a burst, refuses the rest with error 100, and closes after repeated violations', async () => {
  // Wall time pinned: the 60 requests are one burst even when a loaded machine spreads their
  // arrival over enough milliseconds to refill a token (this test once saw 50 answers, not 49).
  gw = await testGateway({ pacing: { closeAfterViolations: 3 }, wallClock: () => 1_000_000 });
  const c = await RawClient.ready(gw.port, 1);
  const bystander = await RawClient.ready(gw.port, 2);
  // START_API used one token: 49 of these pass, then three violations close the client.
  c.write(burst(60, ['49', '1']));
  await c.waitClosed();
  const answers = c.received.filter((m) => m[0] === '49');
  const pacing = c.received.filter((m) => m[0] === '4' && m[3] === '100');
  expect(answers).toHaveLength(49);
  expect(pacing.map((m) => m[4])).toEqual([
    'Max rate of messages per second has been exceeded:max=50 rec=51 (1)',
    'Max rate of messages per second has been exceeded:max=50 rec=52 (2)',
    'Max rate of messages per second has been exceeded:max=50 rec=53 (3)',
  ]);
  expect(pacing.every((m) => m[2] === '-1')).toBe(true);
  bystander.sendWire('49|1|');
  await bystander.waitFor((m) => m[0] === '49');
  bystander.close();
});

it('carries the request id in error 100 when the refused request has one', async () => {
  gw = await testGateway({ pacing: { maxPerSecond: 2, closeAfterViolations: 0 }, wallClock: () => 1_000_000 });
  const c = await RawClient.ready(gw.port, 1);
  c.write(Buffer.concat([encodeFrame(['49', '1']), encodeFrame(['63', '1', '4004'])]));
  const err = await c.waitFor((m) => m[0] === '4' && m[3] === '100');
  expect(err[2]).toBe('4004');
  c.close();
});

it('queues a +PACEAPI client instead of refusing it, and answers everything in order', async () => {
  gw = await testGateway({ pacing: { maxPerSecond: 40 } });
  const c = await RawClient.ready(gw.port, 1, [157, 178], '+PACEAPI');
  const requests = Array.from({ length: 80 }, (_, i) => encodeFrame(['63', '1', String(1000 + i)]));
  // cancelAccountSummary has no answer; finish with reqCurrentTime to know everything ran.
  c.write(Buffer.concat([...requests, encodeFrame(['49', '1'])]));
  await new Promise((r) => setTimeout(r, 100));
  expect(gw.clients()[0]?.queuedRequests).toBeGreaterThan(0);
  await c.waitFor((m) => m[0] === '49', 5000);
  expect(c.received.some((m) => m[0] === '4' && m[3] === '100')).toBe(false);
  expect(c.closed).toBe(false);
  expect(gw.clients()[0]?.queuedRequests).toBe(0);
  c.close();
});
