// A second connection with a client id that is already connected gets 326 and is closed;
// the first keeps working, and the id is free again once its holder disconnects.
import { afterEach, expect, it } from 'vitest';
import { encodeClientHello } from '../src/protocol/index.ts';
import type { Gateway } from '../src/server/index.ts';
import { RawClient, wire } from './support/raw-client.ts';
import { testGateway } from './support/gateway.ts';

let gw: Gateway | undefined;
afterEach(async () => {
  await gw?.close();
  gw = undefined;
});

it('refuses a duplicate client id with 326, closes it, and frees the id after the holder leaves', async () => {
  gw = await testGateway();
  const first = await RawClient.ready(gw.port, 5);
  const second = await RawClient.connect(gw.port);
  second.write(encodeClientHello(157, 178));
  await second.next();
  second.send(['71', '2', '5', '']);
  const err = await second.next();
  expect(wire(err)).toBe('4|2|-1|326|Unable to connect as the client id is already in use. Retry with a unique client id.||');
  await second.waitClosed();

  first.sendWire('49|1|');
  expect((await first.waitFor((m) => m[0] === '49'))[1]).toBe('1');

  first.close();
  await first.waitClosed();
  await new Promise((r) => setTimeout(r, 50));
  const third = await RawClient.ready(gw.port, 5);
  expect(third.received.some((m) => m[0] === '15')).toBe(true);
  third.close();
});
