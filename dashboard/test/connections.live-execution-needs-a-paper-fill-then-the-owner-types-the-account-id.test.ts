// Scenario: the owner connects a live login (account U…) beside the rig's paper one. The live
// connection's page cannot be missed as LIVE; turning its execution on is refused with the
// server's words until a paper order filled; after a paper fill, a mistyped account id is refused
// and the right one turns live execution on, which any trader may turn off again. Desktop and phone.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { manualClock, startGateway, type Gateway } from '@kairox/gateway-sim';
import { AAPL, approveInstrument, readyConnection, setUpOwner, signIn, type ApiAs } from './support/api.ts';
import { seriousViolations } from './support/axe.ts';
import { DESKTOP, openPage, PHONE, screenshot } from './support/browser.ts';
import { startRig, type Rig } from './support/rig.ts';

const LIVE_ACCOUNT = 'U7654321';

/** A market buy of 1 AAPL on the paper connection, and the wait until its fill is the workspace's paper-fill evidence. */
async function paperFill(as: ApiAs, connectionId: string): Promise<void> {
  await approveInstrument(as, connectionId, AAPL);
  await as.send('PUT', `/api/connections/${connectionId}/risk`, { maxOrderNotional: 100_000 });
  await as.send('PUT', `/api/connections/${connectionId}/execution`, { enabled: true });
  await as.send('POST', '/api/signals', { connectionId, instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 1 }, note: 'first paper fill' });
  await vi.waitFor(async () => {
    expect((await as.get<{ paperFill: unknown }>('/api/kill-switch')).paperFill).not.toBeNull();
  }, { timeout: 15_000, interval: 100 });
}

describe('live execution', () => {
  let rig: Rig;
  let live: Gateway;
  let liveId: string;
  beforeAll(async () => {
    rig = await startRig();
    live = await startGateway({ port: 0, accounts: [LIVE_ACCOUNT], seed: 8, hours: 'always', clock: manualClock(rig.gateway.clock.now()) });
  });
  afterAll(async () => {
    await rig?.close();
    await live?.close();
  });

  it('needs a paper fill first, then the typed live account id (desktop)', async () => {
    const { page, context, problems } = await openPage(rig.browser, rig.url, DESKTOP);
    const as = await setUpOwner(context);
    const paperId = await readyConnection(as, rig, 41);
    const created = await as.send<{ connection: { id: string } }>('POST', '/api/connections', { hostPort: `127.0.0.1:${live.port}`, clientId: 42 });
    liveId = created.connection.id;

    await page.goto(`/connections/${liveId}`);
    await expect.poll(() => page.getByRole('status', { name: 'Connection state' }).textContent(), { timeout: 15_000 }).toMatch(/^Ready since/);
    expect(await page.getByText('LIVE', { exact: true }).isVisible()).toBe(true);
    expect(await page.locator('dl.facts').textContent()).toContain('LIVE: real money');
    await page.getByRole('listitem').filter({ hasText: /filled paper order first/ }).waitFor();
    // Refused with the server's words while no paper order filled.
    await page.getByLabel('Type the live account id to confirm').fill(LIVE_ACCOUNT);
    await page.getByRole('button', { name: 'Turn LIVE execution on' }).click();
    await page.getByRole('alert').filter({ hasText: /filled paper order first/ }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'connection-live-desktop');

    // The paper fill reaches the page by the events stream (workspace.paper_fill_seen): no reload.
    await paperFill(as, paperId);
    await expect.poll(() => page.getByRole('listitem').filter({ hasText: /filled paper order first/ }).count(), { timeout: 15_000 }).toBe(0);
    await page.getByRole('button', { name: 'Turn LIVE execution on' }).waitFor();

    // A mistyped account id: the server's refusal; the right one: on.
    await page.getByLabel('Type the live account id to confirm').fill('U7654329');
    await page.getByRole('button', { name: 'Turn LIVE execution on' }).click();
    await page.getByRole('alert').filter({ hasText: /is not this connection's live account/ }).waitFor();
    expect((await as.get<{ trading: { execution: { enabled: boolean } } }>(`/api/connections/${liveId}/trading`)).trading.execution.enabled).toBe(false);
    await page.getByLabel('Type the live account id to confirm').fill(LIVE_ACCOUNT);
    await page.getByRole('button', { name: 'Turn LIVE execution on' }).click();
    await page.getByRole('button', { name: 'Turn execution off' }).waitFor();
    expect(await page.getByText(/LIVE account, since/).isVisible()).toBe(true);
    expect((await as.get<{ trading: { execution: { enabled: boolean; mode: string } } }>(`/api/connections/${liveId}/trading`)).trading.execution).toMatchObject({ enabled: true, mode: 'live' });
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows live execution on and turns it off (phone)', async () => {
    const { page, context, problems } = await openPage(rig.browser, rig.url, PHONE);
    const as = await signIn(context);
    await page.goto(`/connections/${liveId}`);
    await page.getByRole('button', { name: 'Turn execution off' }).waitFor();
    expect(await page.getByText('LIVE', { exact: true }).isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await screenshot(page, 'connection-live-phone');
    await page.getByRole('button', { name: 'Turn execution off' }).click();
    await page.getByRole('button', { name: 'Turn LIVE execution on' }).waitFor();
    expect((await as.get<{ trading: { execution: { enabled: boolean } } }>(`/api/connections/${liveId}/trading`)).trading.execution.enabled).toBe(false);
    expect(problems).toEqual([]);
    await context.close();
  });
});
