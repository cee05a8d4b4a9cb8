// Scenario: the owner opens a ready paper connection's risk policy. Each limit shows its unit and,
// where Kairox can measure it, the current usage (open positions read from IB; order counts say
// why they are not known). A negative order quantity is refused with the server's message (field
// and unit) under that limit; a market override for futures and a symbol override for TSLA are
// added, one refused value in an override gets its message under that override, and the policy is
// saved as revision 1, which the API then serves. Desktop and phone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readyConnection, setUpOwner, signIn } from './support/api.ts';
import { seriousViolations } from './support/axe.ts';
import { DESKTOP, openPage, PHONE, screenshot } from './support/browser.ts';
import { startRig, type Rig } from './support/rig.ts';

async function messageUnder(page: Page, label: string): Promise<string> {
  const ids = (await page.getByLabel(label, { exact: true }).getAttribute('aria-describedby')) ?? '';
  const errorId = ids.split(' ').find((id) => id.endsWith('-error'));
  return errorId ? (await page.locator(`[id="${errorId}"]`).textContent()) ?? '' : '';
}

async function noHorizontalOverflow(page: Page): Promise<void> {
  expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
}

interface Policy { maxOrderQuantity: number; markets?: Record<string, Record<string, number>>; symbols?: Record<string, Record<string, number>> }

describe('the risk policy screen', () => {
  let rig: Rig;
  let id: string;
  beforeAll(async () => {
    rig = await startRig();
  });
  afterAll(async () => rig?.close());

  it('edits limits and overrides with the server’s messages per field, units and usage beside each (desktop)', async () => {
    const { page, context, problems } = await openPage(rig.browser, rig.url, DESKTOP);
    const as = await setUpOwner(context);
    id = await readyConnection(as, rig, 31);
    await page.goto(`/connections/${id}`);
    await page.getByRole('link', { name: 'Risk policy of this connection' }).click();
    await page.getByRole('heading', { name: /^Risk policy of 127\.0\.0\.1:/ }).waitFor();

    // Units and usage beside the limits.
    const row = (name: RegExp) => page.getByRole('row', { name });
    await row(/^Largest order quantity/).waitFor();
    expect(await row(/^Largest order quantity/).textContent()).toContain('shares, contracts or currency units');
    expect(await row(/^Largest daily loss/).textContent()).toContain("account's base currency");
    await expect.poll(() => row(/^Most open positions/).textContent()).toMatch(/0 positions of 10/);
    expect(await row(/^Most orders per day/).textContent()).toMatch(/Not known: /);
    expect(await page.getByLabel('Largest order quantity', { exact: true }).inputValue()).toBe('100');
    expect(await seriousViolations(page)).toEqual([]);

    // A refused limit: the server's message, naming the field and its unit, under it.
    await page.getByLabel('Largest order quantity', { exact: true }).fill('-5');
    await page.getByRole('button', { name: 'Save risk policy' }).click();
    await expect.poll(() => messageUnder(page, 'Largest order quantity')).toMatch(/^maxOrderQuantity must be a number, 0 or more, in shares, contracts or currency units/);
    await page.getByLabel('Largest order quantity', { exact: true }).fill('50');

    // A market override and a symbol override.
    await page.getByLabel('For', { exact: true }).selectOption('FUT');
    await page.getByLabel('Limit to override', { exact: true }).selectOption({ label: 'Largest order quantity' });
    await page.getByRole('button', { name: 'Add override' }).click();
    await page.getByLabel('Market FUT: Largest order quantity', { exact: true }).fill('two');
    await page.getByLabel('For', { exact: true }).selectOption('symbol');
    await page.getByLabel('Symbol', { exact: true }).fill('tsla');
    await page.getByLabel('Limit to override', { exact: true }).selectOption({ label: 'Price collar' });
    await page.getByRole('button', { name: 'Add override' }).click();
    await page.getByLabel('Symbol TSLA: Price collar', { exact: true }).fill('2');
    await page.getByRole('button', { name: 'Save risk policy' }).click();
    await expect.poll(() => messageUnder(page, 'Market FUT: Largest order quantity')).toMatch(/^markets\.FUT\.maxOrderQuantity must be a number/);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'risk-refused-desktop');

    await page.getByLabel('Market FUT: Largest order quantity', { exact: true }).fill('2');
    await page.getByRole('button', { name: 'Save risk policy' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved: revision 1.' }).waitFor();
    const { risk } = await as.get<{ risk: { revision: number; policy: Policy } }>(`/api/connections/${id}/risk`);
    expect(risk.revision).toBe(1);
    expect(risk.policy).toMatchObject({ maxOrderQuantity: 50, markets: { FUT: { maxOrderQuantity: 2 } }, symbols: { TSLA: { priceCollarPercent: 2 } } });
    // The screen shows the saved policy.
    expect(await page.getByLabel('Largest order quantity', { exact: true }).inputValue()).toBe('50');
    expect(await page.getByLabel('Symbol TSLA: Price collar', { exact: true }).inputValue()).toBe('2');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'risk-desktop');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows the saved policy on a phone without overflowing, and removes an override (phone)', async () => {
    const { page, context, problems } = await openPage(rig.browser, rig.url, PHONE);
    const as = await signIn(context);
    await page.goto(`/connections/${id}/risk`);
    await page.getByLabel('Market FUT: Largest order quantity', { exact: true }).waitFor();
    expect(await page.getByLabel('Largest order quantity', { exact: true }).inputValue()).toBe('50');
    expect(await seriousViolations(page)).toEqual([]);
    await noHorizontalOverflow(page);
    await screenshot(page, 'risk-phone');
    await page.getByRole('button', { name: 'Remove Market FUT: Largest order quantity' }).click();
    await page.getByRole('button', { name: 'Save risk policy' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved: revision 2.' }).waitFor();
    const { risk } = await as.get<{ risk: { policy: Policy } }>(`/api/connections/${id}/risk`);
    expect(risk.policy.markets?.FUT).toBeUndefined();
    expect(risk.policy.symbols).toEqual({ TSLA: { priceCollarPercent: 2 } });
    expect(problems).toEqual([]);
    await context.close();
  });
});
