// Scenario: after set-up the owner connects Interactive Brokers through Connect Brokers &
// Exchanges. Only Financial can be chosen (Crypto and others are shown as not yet available); the
// fields are found by their labels; a bad host:port, a client id that is no whole number and a
// pasted secret get the server's message under their field as the user leaves it, and the secret
// is gone from the input; saving one refuses it the same way. Test connection shows what
// `kairox check` prints; saving leads to the connection page, ready and PAPER, and the list shows
// it. Desktop and phone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { setUpOwner, signIn } from './support/api.ts';
import { seriousViolations } from './support/axe.ts';
import { DESKTOP, openPage, PHONE, screenshot } from './support/browser.ts';
import { ACCOUNT, startRig, type Rig } from './support/rig.ts';

const SECRET = 'sk_live_51HxYzAbCdEfGhIjKlMnOpQr';
const HOST_PORT = 'IB Gateway Host:Port';
const CLIENT_ID = 'IB Client ID';
const ACCOUNT_ID = 'IB Account ID (optional)';

/** The message tied to a field (aria-describedby), i.e. what sits under it. */
async function messageUnder(page: Page, label: string): Promise<string> {
  const ids = (await page.getByLabel(label, { exact: true }).getAttribute('aria-describedby')) ?? '';
  const errorId = ids.split(' ').find((id) => id.endsWith('-error'));
  return errorId ? (await page.locator(`[id="${errorId}"]`).textContent()) ?? '' : '';
}

async function noHorizontalOverflow(page: Page): Promise<void> {
  expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
}

describe('connecting Interactive Brokers through the form', () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig();
  });
  afterAll(async () => rig?.close());

  for (const [name, viewport, clientId] of [['desktop', DESKTOP, 11], ['phone', PHONE, 12]] as const) {
    it(`refuses bad values and a secret with the server's words, tests, saves, and shows it ready on paper (${name})`, async () => {
      const { page, context, problems } = await openPage(rig.browser, rig.url, viewport);
      if (name === 'desktop') await setUpOwner(context);
      else await signIn(context);

      await page.goto('/connections');
      await page.getByRole('heading', { name: 'Connections', level: 1 }).waitFor();
      await page.getByRole('link', { name: 'Connect a broker' }).click();
      await page.getByRole('heading', { name: 'Connect Brokers & Exchanges' }).waitFor();

      // Step 1: only Financial can be chosen; the others are visible as not yet available.
      expect(await page.getByRole('radio', { name: /Crypto/ }).isDisabled()).toBe(true);
      expect(await page.getByText('(not yet available)').count()).toBeGreaterThanOrEqual(1);
      await page.getByRole('radio', { name: /Financial/ }).check();
      // Step 2: the platform; step 3: the form.
      await page.getByRole('radio', { name: /Interactive Brokers/ }).check();
      await page.getByLabel(HOST_PORT, { exact: true }).waitFor();
      expect(await page.getByText('ActiveX and Socket Clients').count()).toBe(1);
      expect(await page.getByText('7497 paper').count()).toBe(1);
      expect(await page.getByText('4002 paper').count()).toBe(1);

      // Left with a bad value, each field gets the server's message under it.
      await page.getByLabel(HOST_PORT, { exact: true }).fill('localhost');
      await page.getByLabel(CLIENT_ID, { exact: true }).focus();
      await expect.poll(() => messageUnder(page, HOST_PORT)).toMatch(/^IB Gateway Host:Port /);
      await page.getByLabel(CLIENT_ID, { exact: true }).fill('7.5');
      await page.getByLabel(ACCOUNT_ID, { exact: true }).focus();
      await expect.poll(() => messageUnder(page, CLIENT_ID)).toMatch(/^IB Client ID must be a whole number/);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `connect-${name}`);

      // A pasted secret: refused with the server's words, and gone from the input.
      await page.getByLabel(ACCOUNT_ID, { exact: true }).fill(SECRET);
      await page.getByLabel(HOST_PORT, { exact: true }).focus();
      await expect.poll(() => messageUnder(page, ACCOUNT_ID)).toMatch(/needs no secret/);
      expect(await page.getByLabel(ACCOUNT_ID, { exact: true }).inputValue()).toBe('');
      expect(await page.content()).not.toContain(SECRET);

      // Saving with a secret in a field (Enter, before leaving it) refuses it the same way, and empties that field.
      await page.getByLabel(CLIENT_ID, { exact: true }).fill(String(clientId));
      await page.getByLabel(HOST_PORT, { exact: true }).fill(SECRET);
      await page.getByLabel(HOST_PORT, { exact: true }).press('Enter');
      await expect.poll(() => messageUnder(page, HOST_PORT)).toMatch(/needs no secret/);
      expect(await page.getByLabel(HOST_PORT, { exact: true }).inputValue()).toBe('');
      expect(await page.content()).not.toContain(SECRET);
      expect(new URL(page.url()).pathname).toBe('/connections/new');

      // Test connection with the right settings: what `kairox check` prints.
      await page.getByLabel(HOST_PORT, { exact: true }).fill(`127.0.0.1:${rig.gateway.port}`);
      await page.getByLabel(ACCOUNT_ID, { exact: true }).fill(ACCOUNT);
      await page.getByRole('button', { name: 'Test connection' }).click();
      await page.getByRole('heading', { name: 'Test passed: ready' }).waitFor();
      const report = await page.getByLabel('kairox check output').textContent();
      expect(report).toContain(`Connected to 127.0.0.1:${rig.gateway.port} as client ${clientId}`);
      expect(report).toContain(`Accounts: ${ACCOUNT}`);
      expect(report).toContain('Mode: paper');
      expect(await messageUnder(page, HOST_PORT)).toBe('');
      expect(await seriousViolations(page)).toEqual([]);
      await noHorizontalOverflow(page);
      await screenshot(page, `connect-tested-${name}`);

      // Saved: the connection page, ready, PAPER.
      await page.getByRole('button', { name: 'Save connection' }).click();
      await page.getByRole('heading', { name: `Connection 127.0.0.1:${rig.gateway.port}` }).waitFor();
      expect(new URL(page.url()).pathname).toMatch(/^\/connections\/con_[0-9a-z]{26}$/);
      await expect.poll(() => page.getByRole('status', { name: 'Connection state' }).textContent(), { timeout: 15_000 }).toMatch(/^Ready since/);
      expect(await page.getByText('PAPER', { exact: true }).isVisible()).toBe(true);

      // The list shows it with its state, mode, client id and account.
      await page.getByRole('link', { name: 'Connections', exact: true }).click();
      const row = page.getByRole('row', { name: new RegExp(`127\\.0\\.0\\.1:${rig.gateway.port}.*Ready.*PAPER.*${clientId}.*${ACCOUNT}`) });
      await row.waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await noHorizontalOverflow(page);
      await screenshot(page, `connections-${name}`);
      expect(problems).toEqual([]);
      await context.close();
    });
  }
});
