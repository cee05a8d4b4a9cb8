// Scenario: `kairox start` runs two connections of one workspace, one to a paper gateway and one to
// a gateway logged in to live account U1234567. Turning execution on for the live one is refused
// until a paper account of the workspace has had an order filled (code and what to do); a market
// order placed through the paper session fills, and the workspace records that evidence once.
// Then a wrong typed account and a trader are refused; the owner typing U1234567 turns it on.
import { startGateway, type Gateway } from '@kairox/gateway-sim';
import { afterEach, expect, it, vi } from 'vitest';
import type { SessionStatus } from '../../src/broker/index.ts';
import type { Kairox } from '../../src/main.ts';
import { describeEachEngine } from '../support/engines.ts';
import { logIn, setUp, startKairox, type SignedInClient } from '../support/kairox.ts';

interface Trading {
  execution: { enabled: boolean; mode: string | null; enabledBy: string | null; needs: { code: string }[] };
  paperFill: { connectionId: string; execId: string } | null;
}
interface ErrorBody { error: { code: string; message: string } }

const WAIT = { timeout: 15_000, interval: 50 };
const TRADER = { email: 'tom@example.test', password: 'tom has a long password' };

describeEachEngine('live execution after a paper fill', (engine) => {
  let kairox: Kairox | undefined;
  const gateways: Gateway[] = [];
  afterEach(async () => {
    await kairox?.close();
    await Promise.all(gateways.splice(0).map((g) => g.close()));
    kairox = undefined;
  });

  async function connectionTo(owner: SignedInClient, gw: Gateway, clientId: number): Promise<string> {
    const created = await owner.request({ method: 'POST', url: '/api/connections', payload: { hostPort: `127.0.0.1:${gw.port}`, clientId } });
    expect(created.statusCode, created.body).toBe(201);
    const { id } = (created.json() as { connection: { id: string } }).connection;
    await vi.waitFor(async () => {
      const c = (await owner.request({ url: `/api/connections/${id}` })).json() as { connection: { status: SessionStatus | null } };
      expect(c.connection.status?.state).toBe('ready');
    }, WAIT);
    return id;
  }

  it('is refused before a paper fill, with a wrong account and for a trader, and accepted for the owner typing the account', async () => {
    // Markets open around the clock: the paper order must fill at any hour the suite runs.
    gateways.push(await startGateway({ port: 0, accounts: ['DU1234567'], hours: 'always', seed: 7 }));
    gateways.push(await startGateway({ port: 0, accounts: ['U1234567'], mode: 'live', hours: 'always', seed: 7 }));
    const [paperGateway, liveGateway] = gateways as [Gateway, Gateway];
    kairox = await startKairox(engine, {}, { worker: true });
    await kairox.worker?.start();
    const owner = await setUp(kairox);
    await owner.request({ method: 'POST', url: '/api/members', payload: { ...TRADER, role: 'trader' } });
    const trader = await logIn(kairox, TRADER.email, TRADER.password);
    const paper = await connectionTo(owner, paperGateway, 51);
    const live = await connectionTo(owner, liveGateway, 52);
    const enableLive = (who: SignedInClient, confirmAccount?: string) =>
      who.request({ method: 'PUT', url: `/api/connections/${live}/execution`, payload: { enabled: true, ...(confirmAccount !== undefined && { confirmAccount }) } });
    const trading = async (id: string) => ((await owner.request({ url: `/api/connections/${id}/trading` })).json() as { trading: Trading }).trading;

    const early = await enableLive(owner, 'U1234567');
    expect(early.statusCode, early.body).toBe(409);
    expect((early.json() as ErrorBody).error).toMatchObject({ code: 'PAPER_FILL_REQUIRED', message: expect.stringMatching(/needs a filled paper order first.*let an order fill/) });

    // The evidence: a market order filled on the paper account.
    const session = kairox.worker?.session(paper);
    if (!session) throw new Error('the worker runs no session for the paper connection');
    await session.placeOrder({
      contract: { conId: 265598, symbol: 'AAPL', secType: 'STK', exchange: 'SMART', currency: 'USD' }, action: 'BUY', quantity: 1, orderType: 'MKT', orderRef: 'kx-paper-first',
    });
    await vi.waitFor(async () => expect((await trading(live)).paperFill).toMatchObject({ connectionId: paper, execId: expect.any(String) }), WAIT);
    expect((await trading(live)).execution.needs.map((n) => n.code)).toEqual(['CONFIRM_ACCOUNT_REQUIRED']);

    const wrong = await enableLive(owner, 'U7654321');
    expect(wrong.statusCode, wrong.body).toBe(422);
    expect((wrong.json() as ErrorBody).error).toMatchObject({ code: 'CONFIRM_ACCOUNT_MISMATCH', message: expect.stringMatching(/type U1234567 exactly/) });
    const untyped = await enableLive(owner);
    expect((untyped.json() as ErrorBody).error.code).toBe('CONFIRM_ACCOUNT_REQUIRED');

    const byTrader = await enableLive(trader, 'U1234567');
    expect(byTrader.statusCode, byTrader.body).toBe(403);
    expect((byTrader.json() as ErrorBody).error).toMatchObject({ code: 'OWNER_REQUIRED', message: expect.stringMatching(/Only a workspace owner/) });
    expect((await trading(live)).execution.enabled).toBe(false);

    const accepted = await enableLive(owner, 'U1234567');
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect((accepted.json() as { trading: Trading }).trading.execution).toMatchObject({ enabled: true, mode: 'live', needs: [] });

    const audit = (await owner.request({ url: '/api/audit?limit=200' })).json() as { events: { action: string; actor: { type: string }; data: Record<string, unknown> }[] };
    expect(audit.events.filter((e) => e.action === 'workspace.paper_fill_seen')).toEqual([
      expect.objectContaining({ actor: { type: 'system', id: null }, data: expect.objectContaining({ account: 'DU1234567' }) }),
    ]);
    expect(audit.events.find((e) => e.action === 'connection.execution_enabled')?.data).toEqual({ mode: 'live', account: 'U1234567' });
  });
});
