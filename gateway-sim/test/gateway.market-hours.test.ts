// Scenario: someone checks the simulator by hand on a Sunday night. With `hours: 'always'` (the
// CLI's default) a plain market order fills and contract details show a round-the-clock session;
// with the instruments' real hours the same order waits PreSubmitted, as on a paper gateway.
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../src/engine/index.ts';
import { startGateway } from '../src/server/index.ts';
import type { Gateway, MarketHours } from '../src/server/index.ts';
import { RawClient } from './support/raw-client.ts';

/** Sunday 22 Nov 2026, 03:00 New York: every US market is closed. */
const SUNDAY_NIGHT = Date.parse('2026-11-22T08:00:00Z');
const S = '1.7976931348623157e+308';
const MKT_BUY_10 = `3|1|0|AAPL|STK||0.0|||SMART||USD|||||BUY|10|MKT|||||||0||1|0|0|0|0|0|0|0||0|||||||0||-1|0|||0|||0|0||0||||||0|||||0|||||||||||0|||0|0|||0||0|0|0|0||${S}|${S}|${S}|${S}|${S}|0||||${S}|||||0|0|0||2147483647|2147483647|0|||`;
const AAPL_DETAILS = '9|8|7001|0|AAPL|STK||0.0|||SMART||USD|||0||||';

let gw: Gateway | undefined;
let client: RawClient | undefined;
afterEach(async () => {
  client?.close();
  await gw?.close();
});

async function sundayGateway(hours: MarketHours): Promise<RawClient> {
  gw = await startGateway({ port: 0, accounts: ['DU1234567'], seed: 3, clock: manualClock(SUNDAY_NIGHT), hours });
  client = await RawClient.ready(gw.port, 5);
  return client;
}

describe('market hours', () => {
  it('always: a market order fills on a Sunday night and the session reads midnight to midnight', async () => {
    const c = await sundayGateway('always');
    c.sendWire(AAPL_DETAILS);
    const details = await c.waitFor((m) => m[0] === '10');
    expect(details[26]).toMatch(/^20261121:0000-20261122:0000;20261122:0000-20261123:0000;/);
    expect(details[27]).toBe(details[26]);
    c.sendWire(MKT_BUY_10);
    const filled = await c.waitFor((m) => m[0] === '3' && m[2] === 'Filled');
    expect(filled.slice(3, 5)).toEqual(['10', '0']);
  });

  it('real: the same order waits PreSubmitted and the hours show the weekend closed', async () => {
    const c = await sundayGateway('real');
    c.sendWire(AAPL_DETAILS);
    const details = await c.waitFor((m) => m[0] === '10');
    expect(details[26]).toMatch(/^20261122:CLOSED;20261123:0400-20261123:2000;/);
    c.sendWire(MKT_BUY_10);
    await c.waitFor((m) => m[0] === '3' && m[2] === 'PreSubmitted');
    gw?.advanceClock(60_000);
    await new Promise((r) => setTimeout(r, 200));
    expect(c.received.some((m) => m[0] === '3' && m[2] === 'Filled')).toBe(false);
  });
});
