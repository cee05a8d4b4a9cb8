// Scenario (dashboard issue, items 7–8; found as a CI failure): the events stream starts at the
// head when it connects, so whatever is written between a screen's first reads and that moment
// never arrives as an event. On a loaded machine the ticket's sent order filled in that gap and the
// page showed "routed" forever. Here the stream is held back on purpose while an order is sent and
// fills; once the stream opens, the blotter must show the filled order without a reload.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from './support/api.ts';
import { openPage } from './support/browser.ts';
import type { Rig } from './support/rig.ts';
import { buy, startTradingRig } from './support/trading.ts';

const CLIENT_ID = 57;

describe('the live events stream', () => {
  let rig: Rig;
  let connectionId: string;
  beforeAll(async () => {
    ({ rig, connectionId } = await startTradingRig(CLIENT_ID));
  });
  afterAll(async () => rig?.close());

  it('refreshes what the screen read before the stream opened, so a change in between is not lost', async () => {
    const { page, context, problems } = await openPage(rig.browser, rig.url);
    const as = await signIn(context);
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    await page.route('**/api/events*', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto('/orders');
    await page.getByText(/^(No orders match\.|\d+ orders?\.)$/).waitFor();
    const live = page.getByRole('status').filter({ hasText: /^(Live|Connecting…|Offline)$/ });
    expect(await live.textContent()).toBe('Connecting…');

    // Sent and filled while the page has no stream: no event of it will ever reach this page.
    const id = await buy(as, connectionId, 3, 'in the gap');
    await expect.poll(async () => (await as.get<{ order: { state: string } }>(`/api/orders/${id}`)).order.state, { timeout: 15_000 }).toBe('filled');
    const row = page.getByRole('table', { name: 'Kairox orders' }).locator('tbody tr').filter({ has: page.locator(`a[href="/orders/${id}"]`) });
    expect(await row.count()).toBe(0);

    release();
    await live.getByText('Live', { exact: true }).waitFor({ timeout: 15_000 });
    await expect.poll(() => row.locator('.order-state').textContent(), { timeout: 15_000 }).toBe('filled');
    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);
});
