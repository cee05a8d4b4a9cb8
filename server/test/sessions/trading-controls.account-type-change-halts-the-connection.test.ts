// Scenario: execution is on for a connection to a paper gateway. The gateway is restarted on the
// same port logged in to live account U1234567. When the session syncs with the new login, the
// connection halts with the reason on its timeline and the audit trail, and it cannot be resumed
// until execution is turned off (and enabled again for the new account type).
import { startGateway, type Gateway } from '@kairox/gateway-sim';
import { afterEach, expect, it, vi } from 'vitest';
import type { SessionStatus } from '../../src/broker/index.ts';
import type { Kairox } from '../../src/main.ts';
import { describeEachEngine } from '../support/engines.ts';
import { setUp, startKairox } from '../support/kairox.ts';

interface Trading { state: string; stateReason: string | null; effective: { state: string }; execution: { enabled: boolean; mode: string | null } }
interface TimelineBody { events: { from: string; to: string; event: string; reason: string }[] }

const WAIT = { timeout: 20_000, interval: 50 };

describeEachEngine('account type changes under execution', (engine) => {
  let kairox: Kairox | undefined;
  let gateway: Gateway | undefined;
  afterEach(async () => {
    await kairox?.close();
    await gateway?.close();
    kairox = undefined;
    gateway = undefined;
  });

  it('a paper login replaced by a live one halts the connection, says why on the timeline and the audit trail, and blocks resuming', async () => {
    gateway = await startGateway({ port: 0, accounts: ['DU1234567'], hours: 'always' });
    const port = gateway.port;
    kairox = await startKairox(engine, {}, { worker: true });
    await kairox.worker?.start();
    const owner = await setUp(kairox);
    const created = await owner.request({ method: 'POST', url: '/api/connections', payload: { hostPort: `127.0.0.1:${port}`, clientId: 61 } });
    const { id } = (created.json() as { connection: { id: string } }).connection;
    const status = async () => ((await owner.request({ url: `/api/connections/${id}` })).json() as { connection: { status: SessionStatus | null } }).connection.status;
    const trading = async () => ((await owner.request({ url: `/api/connections/${id}/trading` })).json() as { trading: Trading }).trading;
    await vi.waitFor(async () => expect((await status())?.state).toBe('ready'), WAIT);

    const on = await owner.request({ method: 'PUT', url: `/api/connections/${id}/execution`, payload: { enabled: true } });
    expect(on.statusCode, on.body).toBe(200);
    expect(await trading()).toMatchObject({ state: 'active', execution: { enabled: true, mode: 'paper' } });

    await gateway.close();
    gateway = await startGateway({ port, accounts: ['U1234567'], mode: 'live', hours: 'always' });
    await vi.waitFor(async () => expect(await trading()).toMatchObject({ state: 'halted', effective: { state: 'halted' } }), WAIT);
    const halted = await trading();
    expect(halted.stateReason).toMatch(/^Execution was enabled for a paper account, but the login now reports live accounts \(U1234567\): trading is halted/);
    expect(halted.execution).toMatchObject({ enabled: true, mode: 'paper' });

    // The timeline's entry is the worker's next write after the halt (sessions/worker.ts watchTrading): wait for it.
    const timeline = async () => ((await owner.request({ url: `/api/connections/${id}/timeline` })).json() as TimelineBody).events;
    await vi.waitFor(async () => expect((await timeline()).find((e) => e.event === 'trading_halted')).toMatchObject({ from: 'ready', to: 'ready', reason: halted.stateReason }), WAIT);
    const audit = (await owner.request({ url: '/api/audit?limit=200' })).json() as { events: { action: string; actor: { type: string }; target: { id: string } | null; data: Record<string, unknown> }[] };
    expect(audit.events.filter((e) => e.action === 'connection.halted_account_type_changed')).toEqual([
      expect.objectContaining({ actor: { type: 'system', id: null }, target: { type: 'connection', id }, data: expect.objectContaining({ from: 'active', to: 'halted', executionMode: 'paper', accounts: ['U1234567'] }) }),
    ]);

    const resume = await owner.request({ method: 'PUT', url: `/api/connections/${id}/trading-state`, payload: { state: 'active' } });
    expect(resume.statusCode, resume.body).toBe(409);
    expect(resume.json()).toMatchObject({ error: { code: 'EXECUTION_MODE_MISMATCH', message: expect.stringMatching(/turn execution off/) } });
    await owner.request({ method: 'PUT', url: `/api/connections/${id}/execution`, payload: { enabled: false } });
    const resumed = await owner.request({ method: 'PUT', url: `/api/connections/${id}/trading-state`, payload: { state: 'active' } });
    expect(resumed.statusCode, resumed.body).toBe(200);
  });
});
