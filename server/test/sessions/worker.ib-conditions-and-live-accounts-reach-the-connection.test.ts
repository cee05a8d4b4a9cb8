// Scenario: `kairox start` runs a connection. The gateway reports another login taking over
// (10197), then comes back in Read-Only API mode (321), and another gateway logs in to a live
// account. Each shows on the connection as the API serves it: a warning with the fix in its
// status, a note on its timeline, and for a live login `mode: 'live'` with a real-money warning.
import { afterEach, expect, it, vi } from 'vitest';
import { startGateway, type Gateway } from '@kairox/gateway-sim';
import type { SessionStatus } from '../../src/broker/index.ts';
import { IB_SESSION_CONDITIONS } from '../../src/domain/index.ts';
import type { Kairox } from '../../src/main.ts';
import { describeEachEngine } from '../support/engines.ts';
import { setUp, startKairox, type SignedInClient } from '../support/kairox.ts';

interface ConnectionBody { connection: { id: string; status: SessionStatus | null; warnings: string[] } }
interface TimelineBody { events: { from: string; to: string; event: string; reason: string; code: number | null }[] }

const WAIT = { timeout: 10_000, interval: 50 };
const { competing_session: COMPETING, read_only: READ_ONLY } = IB_SESSION_CONDITIONS;

describeEachEngine('IB conditions and live accounts on the connection', (engine) => {
  let kairox: Kairox | undefined;
  let gateway: Gateway | undefined;
  afterEach(async () => {
    await kairox?.close();
    await gateway?.close();
    kairox = undefined;
    gateway = undefined;
  });

  async function running(gw: Gateway): Promise<{ owner: SignedInClient; id: string; read: () => Promise<ConnectionBody['connection']>; timeline: () => Promise<TimelineBody['events']> }> {
    kairox = await startKairox(engine, {}, { worker: true });
    await kairox.worker?.start();
    const owner = await setUp(kairox);
    const created = await owner.request({ method: 'POST', url: '/api/connections', payload: { hostPort: `127.0.0.1:${gw.port}`, clientId: 41 } });
    const { id } = (created.json() as ConnectionBody).connection;
    const read = async () => ((await owner.request({ url: `/api/connections/${id}` })).json() as ConnectionBody).connection;
    const timeline = async () => ((await owner.request({ url: `/api/connections/${id}/timeline` })).json() as TimelineBody).events;
    await vi.waitFor(async () => expect((await read()).status?.state).toBe('ready'), WAIT);
    return { owner, id, read, timeline };
  }

  it('10197 and then Read-Only API mode change the status, with the fix, and go on the timeline', async () => {
    gateway = await startGateway({ port: 0, accounts: ['DU1234567'] });
    const c = await running(gateway);

    gateway.competingSession();
    await vi.waitFor(async () => expect((await c.read()).status?.warnings).toContain(COMPETING.warning), WAIT);
    const competing = (await c.timeline()).find((e) => e.event === 'warning' && e.code === 10197);
    expect(competing).toMatchObject({ from: 'ready', to: 'ready' });
    expect(competing?.reason).toMatch(/^Another login took over this IBKR session.*use a dedicated API username\..*\(IB 10197: /);

    gateway.setReadOnly(true);
    gateway.dropAllConnections();
    await vi.waitFor(async () => expect((await c.read()).status).toMatchObject({ state: 'ready', readOnly: true, canTrade: false, cannotTradeReason: READ_ONLY.warning }), WAIT);
    const status = (await c.read()).status;
    expect(status?.warnings).toContain(READ_ONLY.warning);
    // The new connection no longer carries the old one's 10197.
    expect(status?.warnings).not.toContain(COMPETING.warning);
    // The status is the session's state now; its timeline row is written after it (on a loaded
    // machine, a moment later), so wait for the row rather than expect it at once.
    const notes = async () => (await c.timeline()).filter((e) => e.from === e.to).map((e) => `${e.event}(${e.code})`).reverse();
    await vi.waitFor(async () => expect(await notes()).toEqual(['warning(10197)', 'warning_cleared(10197)', 'warning(321)']), WAIT);
  });

  it('a gateway logged in to a live account: mode live, and a real-money warning on the status and the connection', async () => {
    gateway = await startGateway({ port: 0, accounts: ['U1234567'], mode: 'live' });
    const c = await running(gateway);
    const connection = await c.read();
    const live = "The login's accounts are live (U1234567): orders sent through this connection trade real money.";
    expect(connection.status).toMatchObject({ state: 'ready', connected: true, mode: 'live', accounts: ['U1234567'] });
    expect(connection.status?.warnings).toContain(live);
    expect(connection.warnings).toContain(live);
  });
});
