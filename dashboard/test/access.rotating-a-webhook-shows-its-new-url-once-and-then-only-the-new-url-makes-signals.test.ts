// Scenario: a webhook in use (its URL makes a signal) is rotated from the tokens and webhooks
// screen. The new URL is shown once, for the same webhook, with its alert message; from then on
// the old URL gets the one 401 and makes nothing, the new URL makes a signal. After a reload the
// URL is gone from the screen, the webhook says when it was rotated, and its deliveries list the
// refused post and the new signal. Desktop.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { APIRequestContext } from 'playwright-core';
import { approveInstrument, readyConnection, setUpOwner, signIn } from './support/api.ts';
import { seriousViolations } from './support/axe.ts';
import { DESKTOP, openPage, screenshot } from './support/browser.ts';
import { startRig, type Rig } from './support/rig.ts';

const HOOK_NAME = 'TradingView AAPL rotation';

describe('rotating a webhook', () => {
  let rig: Rig;
  let connectionId: string;
  let webhookId: string;
  let firstUrl: string;
  beforeAll(async () => {
    rig = await startRig();
    const { context } = await openPage(rig.browser, rig.url);
    const owner = await setUpOwner(context);
    connectionId = await readyConnection(owner, rig, 46);
    await approveInstrument(owner, connectionId);
    const created = await owner.send<{ url: string; webhook: { id: string } }>('POST', '/api/webhooks', { connectionId, name: HOOK_NAME });
    ({ url: firstUrl, webhook: { id: webhookId } } = created);
    await context.close();
  });
  afterAll(async () => rig?.close());

  /** Posts a TradingView alert to a webhook URL, as TradingView does (the rig answers at its own address, not KAIROX_PUBLIC_URL's). */
  const deliver = (request: APIRequestContext, url: string, quantity: number) => request.post(rig.url + new URL(url).pathname, {
    headers: { 'content-type': 'text/plain' },
    // Each alert its own quantity: an identical body re-sent would get the first delivery's answer.
    data: JSON.stringify({ ticker: 'NASDAQ:AAPL', action: 'buy', sentiment: 'bullish', quantity: String(quantity), time: new Date(rig.gateway.clock.now()).toISOString() }),
  });

  it('shows the new URL once; the old URL then gets 401 and the new one makes a signal', async () => {
    const { page, context, problems } = await openPage(rig.browser, rig.url, DESKTOP);
    const as = await signIn(context);
    const before = await deliver(context.request, firstUrl, 1);
    expect(before.status(), await before.text()).toBe(202);

    await page.goto('/access');
    await page.getByRole('heading', { name: 'API tokens and webhooks' }).waitFor();
    const item = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: HOOK_NAME }) });
    await item.getByRole('button', { name: `Rotate secret of ${HOOK_NAME}` }).click();
    const shown = page.getByRole('region', { name: 'New webhook URL' });
    await shown.getByRole('heading', { name: `Webhook “${HOOK_NAME}”: its URL, shown once` }).waitFor();
    const newUrl = (await shown.getByLabel('Webhook URL', { exact: true }).textContent())!;
    expect(newUrl).toMatch(new RegExp(`/hooks/${webhookId}/.+`));
    expect(newUrl).not.toBe(firstUrl);
    expect(await shown.getByLabel('TradingView alert message').textContent()).toContain('{{strategy.order.action}}');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'access-webhook-rotated-desktop');

    const refused = await deliver(context.request, firstUrl, 2);
    expect(refused.status(), await refused.text()).toBe(401);
    expect(await refused.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    const accepted = await deliver(context.request, newUrl, 3);
    expect(accepted.status(), await accepted.text()).toBe(202);
    const { signalId } = (await accepted.json()) as { signalId: string };
    const { signal } = await as.get<{ signal: { source: string; webhookId: string; signal: { size: { qty: number } } } }>(`/api/signals/${signalId}`);
    expect(signal).toMatchObject({ source: 'webhook', webhookId, signal: { size: { qty: 3 } } });

    // The refusal is recorded just after it was answered.
    await vi.waitFor(async () => {
      const { deliveries } = await as.get<{ deliveries: Array<{ outcome: string }> }>(`/api/webhooks/${webhookId}/deliveries`);
      expect(deliveries.map((d) => d.outcome)).toContain('unauthorized');
    }, { timeout: 10_000, interval: 50 });

    // Shown once: a reload leaves the webhook without its URL, rotated, with both posts in its deliveries.
    await page.reload();
    await item.waitFor();
    expect(await page.getByText(newUrl).count()).toBe(0);
    expect(await page.getByRole('region', { name: 'New webhook URL' }).count()).toBe(0);
    expect(await item.locator('dt:text-is("Created") + dd').textContent()).toMatch(/, rotated /);
    await item.getByRole('button', { name: `Show deliveries of ${HOOK_NAME}` }).click();
    const deliveries = item.getByRole('table', { name: 'Recent deliveries' });
    await deliveries.getByRole('link', { name: signalId }).waitFor();
    expect(await deliveries.locator('tbody tr').filter({ hasText: 'unauthorized' }).locator('td').allTextContents()).toEqual([expect.any(String), 'unauthorized', '401', 'invalid_secret']);
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
