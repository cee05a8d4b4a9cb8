// Scenario (dashboard issue, item 8): an order sent through the API (a signal, execution on)
// appears in the blotter and reaches filled WITHOUT a reload; its page shows the fill with its
// execId and commission. A working limit order is modified (the server's message for a bad
// quantity under its field, then a new quantity IB acknowledges) and cancelled from its page, the
// state following live. A hundred orders do not break the blotter, its filters narrow it, and an
// order another client id placed at IB is listed as foreign. Desktop and phone, axe on each state.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { signIn, type ApiAs } from './support/api.ts';
import { seriousViolations } from './support/axe.ts';
import { DESKTOP, openPage, overflowingElements, PHONE, screenshot } from './support/browser.ts';
import type { Rig } from './support/rig.ts';
import { buy, foreignOrder, startTradingRig } from './support/trading.ts';

const CLIENT_ID = 51;
const FOREIGN_CLIENT_ID = 99;
const VIEWPORTS = [['desktop', DESKTOP], ['phone', PHONE]] as const;

describe('the blotter and an order page', () => {
  let rig: Rig;
  let connectionId: string;
  beforeAll(async () => {
    ({ rig, connectionId } = await startTradingRig(CLIENT_ID));
  });
  afterAll(async () => rig?.close());

  const rowOf = (page: Page, id: string) => page.getByRole('table', { name: 'Kairox orders' }).locator('tbody tr').filter({ has: page.locator(`a[href="/orders/${id}"]`) });

  for (const [name, viewport] of VIEWPORTS) {
    it(`shows an order reaching filled live, then its fill and commission (${name})`, async () => {
      const { page, context, problems } = await openPage(rig.browser, rig.url, viewport);
      const as = await signIn(context);
      await page.goto('/orders');
      await page.getByRole('heading', { name: 'Orders', level: 1 }).waitFor();
      await page.getByText(/^(No orders match\.|\d+ orders?\.)$/).waitFor();

      rig.gateway.delayFills(5_000);
      const id = await buy(as, connectionId, 5, `blotter ${name}`);
      const row = rowOf(page, id);
      await expect.poll(() => row.locator('.order-state').textContent()).toBe('working');
      expect(await row.textContent()).toMatch(/AAPL.*BUY MKT/);
      rig.gateway.advanceClock(5_000);
      rig.gateway.delayFills(0);
      await expect.poll(() => row.locator('.order-state').textContent(), { timeout: 15_000 }).toBe('filled');
      const cells = row.locator('td.num');
      await expect.poll(async () => (await cells.allTextContents()).slice(0, 2)).toEqual(['5', '5']);
      await expect.poll(() => cells.nth(3).textContent()).toMatch(/^\d+\.\d{2}/);
      expect(await seriousViolations(page)).toEqual([]);
      expect(await overflowingElements(page)).toEqual([]);
      await screenshot(page, `orders-${name}`);

      await row.getByRole('link', { name: 'AAPL' }).click();
      await page.getByRole('heading', { name: 'BUY 5 AAPL MKT' }).waitFor();
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'The order is' }).textContent()).toMatch(/The order is filled: 5 of 5 filled at [\d.]+, commission [\d.]+\./);
      const { order } = await as.get<{ order: { fills: Array<{ execId: string; commission: number }> } }>(`/api/orders/${id}`);
      expect(order.fills).toHaveLength(1);
      const fill = page.getByRole('table', { name: 'Fills of the order' }).getByRole('row', { name: new RegExp(order.fills[0]!.execId.replaceAll('.', '\\.')) });
      expect(await fill.textContent()).toContain(order.fills[0]!.commission.toFixed(2));
      await page.getByRole('list', { name: 'Steps of the order' }).getByText(/^filled$/).first().waitFor();
      expect(await page.getByRole('button', { name: 'Cancel order' }).count()).toBe(0);
      expect(await seriousViolations(page)).toEqual([]);
      expect(await overflowingElements(page)).toEqual([]);
      await screenshot(page, `order-${name}`);
      expect(problems).toEqual([]);
      await context.close();
    });

    it(`modifies and cancels a working limit order from its page (${name})`, async () => {
      const { page, context, problems } = await openPage(rig.browser, rig.url, viewport);
      const as = await signIn(context);
      const id = await buy(as, connectionId, 4, `limit ${name}`, 150);
      await page.goto(`/orders/${id}`);
      await page.getByRole('heading', { name: 'BUY 4 AAPL LMT' }).waitFor();
      const status = page.getByRole('status').filter({ hasText: 'The order is' });
      await expect.poll(() => status.textContent()).toMatch(/The order is working: 0 of 4 filled/);

      await page.getByLabel('Quantity').fill('0');
      await page.getByRole('button', { name: 'Modify' }).click();
      await expect.poll(() => page.getByRole('alert').allTextContents()).toEqual(['quantity must be above 0, e.g. 10.']);
      await page.getByLabel('Quantity').fill('6');
      await page.getByRole('button', { name: 'Modify' }).click();
      await page.getByRole('list', { name: 'Steps of the order' }).getByText('modify acknowledged').waitFor({ timeout: 15_000 });
      await page.getByRole('heading', { name: 'BUY 6 AAPL LMT' }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `order-working-${name}`);

      await page.getByRole('button', { name: 'Cancel order' }).click();
      await expect.poll(() => status.textContent(), { timeout: 15_000 }).toMatch(/The order is cancelled: 0 of 6 filled/);
      expect(await page.getByRole('button', { name: 'Cancel order' }).count()).toBe(0);
      expect(rig.gateway.orders().find((o) => o.orderRef === id)?.status).toBe('Cancelled');
      expect(problems).toEqual([]);
      await context.close();
    });
  }

  let crowded = false;
  for (const [name, viewport] of VIEWPORTS) {
    it(`keeps a hundred orders readable, filters them, and marks another client's order foreign (${name})`, async () => {
      const { page, context, problems } = await openPage(rig.browser, rig.url, viewport);
      const as: ApiAs = await signIn(context);
      if (!crowded) {
        crowded = true;
        for (let i = 0; i < 100; i += 10) {
          await Promise.all(Array.from({ length: 10 }, (_, j) => as.send('POST', '/api/signals', { connectionId, instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 1 }, note: `crowd ${i + j}` })));
        }
        foreignOrder(rig, FOREIGN_CLIENT_ID, 7, { action: 'BUY', totalQuantity: 3, orderType: 'LMT', lmtPrice: 300 });
        // The state this screen is tested in, reached through the API first: a hundred orders going
        // to IB and filling take a while on a loaded machine (the live blotter is the test above).
        await vi.waitFor(async () => {
          const { orders } = await as.get<{ orders: unknown[] }>(`/api/orders?connectionId=${connectionId}&state=filled&limit=200`);
          expect(orders.length).toBeGreaterThanOrEqual(101);
        }, { timeout: 90_000, interval: 250 });
      }
      await page.goto('/orders');
      const rows = page.getByRole('table', { name: 'Kairox orders' }).locator('tbody tr');
      await expect.poll(() => rows.count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(104);
      await expect.poll(() => page.locator('.order-state', { hasText: /^filled$/ }).count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(101);

      const foreign = page.getByRole('table', { name: /^Open at IB, not placed by Kairox/ });
      const foreignRow = foreign.getByRole('row', { name: /MSFT/ });
      await foreignRow.waitFor();
      expect(await foreignRow.textContent()).toMatch(new RegExp(`Foreign.*client ${FOREIGN_CLIENT_ID} · #7.*BUY.*3.*LMT 300`));
      expect(await seriousViolations(page)).toEqual([]);
      expect(await overflowingElements(page)).toEqual([]);
      await screenshot(page, `orders-hundred-${name}`);

      await page.getByLabel('State').selectOption('cancelled');
      await expect.poll(async () => (await page.locator('.order-state').allTextContents()).filter((s) => s !== 'cancelled')).toEqual([]);
      await expect.poll(() => page.locator('.order-state').count()).toBe(2);
      await page.getByLabel('Connection').selectOption(connectionId);
      await expect.poll(() => page.locator('.order-state').count()).toBe(2);
      expect(problems).toEqual([]);
      await context.close();
    }, 150_000);
  }
});
