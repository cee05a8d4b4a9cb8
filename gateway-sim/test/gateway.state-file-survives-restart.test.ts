// With a state file, stopping and starting the gateway keeps order ids, orders and positions:
// a client reconnecting after a daily restart continues where it left off.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { manualClock } from '../src/engine/index.ts';
import { startGateway } from '../src/server/index.ts';
import { RawClient } from './support/raw-client.ts';
import { TEST_START_MS } from './support/gateway.ts';

const dir = mkdtempSync(join(tmpdir(), 'gwsim-state-'));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('keeps next order ids and positions across a stop and start', async () => {
  const stateFile = join(dir, 'state.json');
  const first = await startGateway({ port: 0, accounts: ['DU1234567'], seed: 3, stateFile, clock: manualClock(TEST_START_MS) });
  const c = await RawClient.ready(first.port, 4);
  c.sendWire('3|1|0|AAPL|STK||0.0|||SMART||USD|||||BUY|25|MKT|||||||0||1|0|0|0|0|0|0|0||0|||||||0||-1|0|||0|||0|0||0||||||0|||||0|||||||||||0|||0|0|||0||0|0|0|0|||||||0|||||||||0|0|0|0|||0|||');
  await c.waitFor((m) => m[0] === '59');
  await first.close();
  await c.waitClosed();

  const second = await startGateway({ port: 0, stateFile, clock: manualClock(TEST_START_MS + 60_000) });
  const d = await RawClient.ready(second.port, 4);
  expect(Number(d.received.find((m) => m[0] === '9')?.[2])).toBeGreaterThan(1);
  d.sendWire('61|1|');
  const pos = (await d.until((m) => m[0] === '62')).filter((m) => m[0] === '61');
  expect(pos.map((m) => [m[2], m[4], m[14]])).toEqual([['DU1234567', 'AAPL', '25']]);
  d.close();
  await second.close();
});
