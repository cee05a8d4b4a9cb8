// Scenario: the owner watches a ready paper connection. Its page says Ready and PAPER with the
// server version, accounts, heartbeat and pacing queue; execution is off (prepare only) and is
// turned on and off again; the trading state goes reduce-only, halted (cancelling open orders) and
// active again; the kill switch halts everything, cancelling an order working at IB, and is released.
// When the simulator drops every client the page shows Reconnecting, then Ready again; while the
// gateway refuses connections it shows the problem with its fix; and a halt
// made elsewhere (the API) appears, all without a reload. A viewer sees it all with every control
// disabled. Desktop and phone.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { AAPL, approveInstrument, readyConnection, setUpOwner, signIn, type ApiAs } from './support/api.ts';
import { seriousViolations } from './support/axe.ts';
import { DESKTOP, openPage, PHONE, screenshot } from './support/browser.ts';
import { ACCOUNT, startRig, type Rig } from './support/rig.ts';

const VIEWER = { email: 'vic@example.test', password: 'a viewer with a long password' } as const;

const stateText = (page: Page) => page.getByRole('status', { name: 'Connection state' }).textContent();
const inForce = (page: Page) => page.getByRole('status').filter({ hasText: 'In force:' }).textContent();

/** Puts a limit buy of AAPL (the simulator's reference price is 228.50) well under the market at IB; returns the Kairox order id once it works there. */
async function restingOrder(as: ApiAs, connectionId: string): Promise<string> {
  await approveInstrument(as, connectionId, AAPL);
  await as.send('PUT', `/api/connections/${connectionId}/risk`, { maxOrderNotional: 100_000, priceCollarPercent: 50 });
  await as.send('PUT', `/api/connections/${connectionId}/execution`, { enabled: true });
  const { signal } = await as.send<{ signal: { id: string; status: string } }>('POST', '/api/signals', {
    connectionId, instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 1 }, orderType: 'LMT', limitPrice: 180, tif: 'GTC', note: 'resting',
  });
  expect(signal.status).toBe('prepared');
  let orderId = '';
  await vi.waitFor(async () => {
    const found = (await as.get<{ signal: { kairoxOrderId: string | null } }>(`/api/signals/${signal.id}`)).signal.kairoxOrderId;
    expect(found).toBeTruthy();
    expect((await as.get<{ order: { state: string } }>(`/api/orders/${found}`)).order.state).toBe('working');
    orderId = found!;
  }, { timeout: 15_000, interval: 100 });
  return orderId;
}

async function noHorizontalOverflow(page: Page): Promise<void> {
  expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
}

describe('the connection page', () => {
  let rig: Rig;
  let id: string;
  beforeAll(async () => {
    rig = await startRig();
  });
  afterAll(async () => rig?.close());

  it('shows the session live and drives execution, trading state and the kill switch (desktop)', async () => {
    const { page, context, problems } = await openPage(rig.browser, rig.url, DESKTOP);
    const as: ApiAs = await setUpOwner(context);
    id = await readyConnection(as, rig, 21);
    await page.goto(`/connections/${id}`);
    await expect.poll(() => stateText(page)).toMatch(/^Ready since/);
    expect(await page.getByText('PAPER', { exact: true }).isVisible()).toBe(true);
    const facts = await page.locator('dl.facts').textContent();
    expect(facts).toContain('Server version178');
    expect(facts).toContain(`Accounts${ACCOUNT}`);
    expect(facts).toMatch(/Pacing queue\d+ waiting/);
    expect(facts).toMatch(/Last heartbeat(none yet|[A-Z][a-z]{2} \d)/);
    expect(await page.getByText('None: the session is ready.').isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'connection-desktop');

    // Test connection: what `kairox check` shows, answered by the running session.
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByRole('heading', { name: 'Test passed: ready' }).waitFor();
    const report = await page.getByLabel('kairox check output').textContent();
    expect(report).toContain('Notice: Answered by the session Kairox runs for this connection');
    expect(report).toContain('Ready.');

    // Execution: off is prepare only; on for paper needs no confirmation; off again.
    expect(await page.getByText(/prepare only/).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Turn execution on' }).click();
    await page.getByRole('button', { name: 'Turn execution off' }).waitFor();
    expect((await as.get<{ trading: { execution: { enabled: boolean; mode: string } } }>(`/api/connections/${id}/trading`)).trading.execution).toMatchObject({ enabled: true, mode: 'paper' });
    await page.getByRole('button', { name: 'Turn execution off' }).click();
    await page.getByRole('button', { name: 'Turn execution on' }).waitFor();
    expect((await as.get<{ trading: { execution: { enabled: boolean } } }>(`/api/connections/${id}/trading`)).trading.execution.enabled).toBe(false);

    // Trading state: reduce-only, halted with its open orders cancelled, active again.
    await page.getByRole('radio', { name: /^Reduce-only/ }).check();
    await page.getByRole('button', { name: 'Set trading state' }).click();
    await expect.poll(() => inForce(page)).toMatch(/^In force: Reduce-only/);
    await page.getByRole('radio', { name: /^Halted/ }).check();
    await page.getByRole('checkbox', { name: 'Also cancel this connection’s open orders' }).check();
    await page.getByRole('button', { name: 'Set trading state' }).click();
    await expect.poll(() => inForce(page)).toMatch(/^In force: Halted/);
    // The sweep ran (its answer is listed): this connection had no open order.
    await page.getByText('There were no open orders to cancel.').waitFor();
    expect((await as.get<{ trading: { state: string } }>(`/api/connections/${id}/trading`)).trading.state).toBe('halted');
    await page.getByRole('radio', { name: /^Active/ }).check();
    await page.getByRole('button', { name: 'Set trading state' }).click();
    await expect.poll(() => inForce(page)).toMatch(/^In force: Active/);

    // An order working at IB: a limit buy of AAPL well under the market (execution on, AAPL approved).
    const orderId = await restingOrder(as, id);

    // The kill switch halts every connection, also cancelling open orders, until an owner releases it.
    expect(await page.getByRole('checkbox', { name: 'Also cancel open orders' }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Halt everything' }).click();
    await page.getByRole('button', { name: 'Release the kill switch' }).waitFor();
    await expect.poll(() => inForce(page)).toMatch(/^In force: Halted \(the workspace kill switch is on\)/);
    await page.getByRole('listitem').filter({ hasText: orderId }).filter({ hasText: 'requested' }).waitFor();
    expect((await as.get<{ killSwitch: unknown }>('/api/kill-switch')).killSwitch).not.toBeNull();
    await vi.waitFor(async () => {
      expect((await as.get<{ order: { state: string } }>(`/api/orders/${orderId}`)).order.state).toBe('cancelled');
    }, { timeout: 15_000, interval: 100 });
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'connection-kill-switch-desktop');
    await page.getByRole('button', { name: 'Release the kill switch' }).click();
    await page.getByRole('button', { name: 'Halt everything' }).waitFor();
    await expect.poll(() => inForce(page)).toMatch(/^In force: Active/);
    expect((await as.get<{ killSwitch: unknown }>('/api/kill-switch')).killSwitch).toBeNull();

    // The simulator drops every client: the page follows Reconnecting, then Ready, without a reload.
    // Every text the state region shows from now on (a string: the page's code runs in the browser).
    await page.evaluate(`(() => {
      const seen = [];
      window.seenStates = seen;
      const target = document.querySelector('[aria-label="Connection state"]');
      if (!target) throw new Error('no state region');
      new MutationObserver(() => seen.push(target.textContent ?? '')).observe(target, { subtree: true, childList: true, characterData: true });
    })()`);
    expect(rig.gateway.dropAllConnections()).toBeGreaterThan(0);
    await expect.poll(() => page.evaluate("window.seenStates.some((s) => s.startsWith('Reconnecting'))"), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => stateText(page), { timeout: 20_000 }).toMatch(/^Ready since/);
    // Still the same document (the observer's record survived): nothing reloaded.
    expect(await page.evaluate('Array.isArray(window.seenStates)')).toBe(true);
    await expect.poll(() => page.getByRole('row', { name: /ready → disconnected/ }).count()).toBeGreaterThan(0);

    // The gateway goes away for a few seconds: the page says what is wrong and how to fix it, then recovers.
    const back = rig.gateway.restart(3);
    await expect.poll(() => page.locator('.problem').textContent(), { timeout: 15_000 }).toMatch(/^Nothing is listening at this address\. Is TWS or IB Gateway running/);
    expect(await stateText(page)).toMatch(/^Reconnecting/);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'connection-reconnecting-desktop');
    await back;
    await expect.poll(() => stateText(page), { timeout: 30_000 }).toMatch(/^Ready since/);

    // A halt made elsewhere shows up live too.
    await as.send('PUT', `/api/connections/${id}/trading-state`, { state: 'halted', reason: 'halted from the API' });
    await expect.poll(() => inForce(page)).toMatch(/^In force: Halted — halted from the API/);
    await as.send('PUT', `/api/connections/${id}/trading-state`, { state: 'active' });
    await expect.poll(() => inForce(page)).toMatch(/^In force: Active/);
    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);

  it('shows a viewer the state and no control they may not use (desktop)', async () => {
    const owner = await openPage(rig.browser, rig.url, DESKTOP);
    const as = await signIn(owner.context);
    await as.send('POST', '/api/members', { email: VIEWER.email, role: 'viewer', password: VIEWER.password });
    await owner.context.close();
    const { page, context, problems } = await openPage(rig.browser, rig.url, DESKTOP);
    await signIn(context, VIEWER.email, VIEWER.password);
    await page.goto('/connections');
    await page.getByRole('link', { name: new RegExp(`127\\.0\\.0\\.1:${rig.gateway.port}`) }).click();
    await expect.poll(() => stateText(page)).toMatch(/^Ready since/);
    expect(await page.getByRole('link', { name: 'Connect a broker' }).count()).toBe(0);
    for (const name of ['Test connection', 'Turn execution off', 'Set trading state', 'Halt everything']) {
      expect(await page.getByRole('button', { name }).isDisabled(), name).toBe(true);
    }
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('reads on a phone without overflowing (phone)', async () => {
    const { page, context, problems } = await openPage(rig.browser, rig.url, PHONE);
    await signIn(context);
    await page.goto(`/connections/${id}`);
    await expect.poll(() => stateText(page), { timeout: 15_000 }).toMatch(/^Ready since/);
    expect(await page.getByText('PAPER', { exact: true }).isVisible()).toBe(true);
    await page.getByRole('radio', { name: /^Reduce-only/ }).check();
    await page.getByRole('button', { name: 'Set trading state' }).click();
    await expect.poll(() => inForce(page)).toMatch(/^In force: Reduce-only/);
    expect(await seriousViolations(page)).toEqual([]);
    await noHorizontalOverflow(page);
    await screenshot(page, 'connection-phone');
    expect(problems).toEqual([]);
    await context.close();
  });
});
