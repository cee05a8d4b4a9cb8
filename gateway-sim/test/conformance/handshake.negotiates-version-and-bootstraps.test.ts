// @stoqey/ib connects at each supported server version: the version it ends up speaking, the
// connection time, the bootstrap (managedAccounts, nextValidId, farm notices) and simple
// requests that prove the session is usable afterwards.
import { afterEach, describe, expect, it } from 'vitest';
import { AAPL, ACCOUNT, TEST_START_MS, VERSIONS, order, startSim } from './support/ib-session.ts';
import type { Sim } from './support/ib-session.ts';

let sim: Sim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe.each(VERSIONS)('handshake at server version %i', (version) => {
  it('negotiates that version and reports the gateway clock as the connection time', async () => {
    sim = await startSim(version);
    const s = await sim.connect(1);
    expect(s.serverVersion).toBe(version);
    const [serverVersion, time] = s.all('server')[0] ?? [];
    expect(serverVersion).toBe(version);
    // Monday 23 Nov 2026 15:00 UTC = 10:00 in New York (EST).
    expect(time).toBe('20261123 10:00:00 EST');
    expect(sim.gw.clients()).toEqual([expect.objectContaining({ clientId: 1, version, state: 'ready', paceApi: false })]);
  });

  it('bootstraps with managedAccounts, nextValidId 1 and the three farm notices, after connected', async () => {
    sim = await startSim(version);
    const s = await sim.connect(1);
    await s.waitForError(2158);
    expect(s.all('managedAccounts')).toEqual([[ACCOUNT]]);
    expect(s.firstOrderId).toBe(1);
    // design.md quirk: connected fires before nextValidId; the order of the bootstrap is the gateway's.
    expect(s.names(0, ['connected', 'server', 'managedAccounts', 'nextValidId'])).toEqual(['connected', 'server', 'managedAccounts', 'nextValidId']);
    const notices = s.errors().map((e) => [e.code, e.reqId, e.message]);
    expect(notices).toEqual([
      [2104, -1, 'Market data farm connection is OK:usfarm'],
      [2106, -1, 'HMDS data farm connection is OK:ushmds'],
      [2158, -1, 'Sec-def data farm connection is OK:secdefnj'],
    ]);
    // Notices with id −1 reach @stoqey/ib users as `info`, not `error` (design.md).
    expect(s.all('error')).toEqual([]);
    expect(s.all('info').map((a) => a[1])).toEqual([2104, 2106, 2158]);
  });

  it('answers reqIds with a fresh id, reqCurrentTime with the simulated clock and reqManagedAccts', async () => {
    sim = await startSim(version);
    const s = await sim.connect(7);
    const m = s.mark();
    s.api.reqIds();
    const [next] = await s.waitFor('nextValidId', () => true, m);
    expect(next).toBeGreaterThan(s.firstOrderId);
    s.api.reqCurrentTime();
    expect(await s.waitFor('currentTime', () => true, m)).toEqual([TEST_START_MS / 1000]);
    sim.gw.advanceClock(90_000);
    const m2 = s.mark();
    s.api.reqCurrentTime();
    expect(await s.waitFor('currentTime', () => true, m2)).toEqual([TEST_START_MS / 1000 + 90]);
    s.api.reqManagedAccts();
    expect(await s.waitFor('managedAccounts', () => true, m)).toEqual([ACCOUNT]);
  });

  it('keeps order ids per client id across sessions: a reconnecting client gets an id above the ones it used', async () => {
    sim = await startSim(version);
    const first = await sim.connect(3);
    first.api.placeOrder(first.firstOrderId + 4, AAPL, order({ action: 'BUY', orderType: 'LMT', lmtPrice: 1, totalQuantity: 1, tif: 'GTC' }));
    await first.orderStatus(first.firstOrderId + 4, 'Submitted');
    await first.close();
    const again = await sim.connect(3);
    expect(again.firstOrderId).toBe(first.firstOrderId + 5);
    const other = await sim.connect(4);
    expect(other.firstOrderId).toBe(1);
  });
});
