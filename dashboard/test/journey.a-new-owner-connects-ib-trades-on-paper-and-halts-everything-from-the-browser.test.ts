// The dashboard issue's acceptance journey, in the browser only (no API shortcut), on a fresh
// Kairox each time, at a laptop's size and at a phone's: the first visit sets up the owner; the
// Connect Brokers & Exchanges form (found by its labels) shows the server's message beside a bad
// host:port, a client ID that is no whole number and a pasted secret; the saved connection
// becomes ready and PAPER; AAPL is approved; execution is turned on; an order is sent from the
// ticket and fills in the blotter without a reload; the position shows; the signal's audit
// timeline opens; the kill switch halts trading. Axe on every screen, screenshots, and no console
// error, CSP violation or 5xx anywhere on the way.
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { AAPL } from './support/api.ts';
import { seriousViolations } from './support/axe.ts';
import { DESKTOP, openPage, PHONE, screenshot } from './support/browser.ts';
import { ACCOUNT, OWNER, startRig, type Rig } from './support/rig.ts';

const HOST_PORT = 'IB Gateway Host:Port';
const CLIENT_ID = 'IB Client ID';
const ACCOUNT_ID = 'IB Account ID (optional)';
const SECRET = 'ghp_R4nd0mL00k1ngT0k3nV4lu3F0rT3st1ng00';

/** The message tied to a field (aria-describedby): what a user reads beside it. */
async function messageBeside(page: Page, label: string): Promise<string> {
  const ids = (await page.getByLabel(label, { exact: true }).getAttribute('aria-describedby')) ?? '';
  const errorId = ids.split(' ').find((id) => id.endsWith('-error'));
  return errorId ? (await page.locator(`[id="${errorId}"]`).textContent()) ?? '' : '';
}

async function checkScreen(page: Page, name: string): Promise<void> {
  expect(await seriousViolations(page), name).toEqual([]);
  expect(await page.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth'), `${name} fits the viewport`).toBe(true);
  await screenshot(page, name);
}

describe('the whole journey in the browser', () => {
  let rig: Rig | undefined;
  afterEach(async () => {
    await rig?.close();
    rig = undefined;
  });

  for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    it(`sets up, connects IB, trades one paper order to its fill and halts everything (${name})`, async () => {
      rig = await startRig();
      const { page, context, problems } = await openPage(rig.browser, rig.url, viewport);

      // First visit: the owner's set-up.
      await page.goto('/');
      await page.getByRole('heading', { name: 'Set up Kairox' }).waitFor();
      await checkScreen(page, `journey-setup-${name}`);
      await page.getByLabel('E-mail').fill(OWNER.email);
      await page.getByLabel('Password').fill(OWNER.password);
      await page.getByRole('button', { name: 'Create the owner' }).click();

      // Connect Brokers & Exchanges: category, platform, then the form by its labels.
      await page.getByRole('heading', { name: 'Connect Brokers & Exchanges' }).waitFor();
      await page.getByRole('radio', { name: /Financial/ }).check();
      await page.getByRole('radio', { name: /Interactive Brokers/ }).check();
      await page.getByLabel(HOST_PORT, { exact: true }).fill('127.0.0.1');
      await page.getByLabel(CLIENT_ID, { exact: true }).focus();
      await expect.poll(() => messageBeside(page, HOST_PORT)).toMatch(/^IB Gateway Host:Port needs a port/);
      await page.getByLabel(CLIENT_ID, { exact: true }).fill('one');
      await page.getByLabel(ACCOUNT_ID, { exact: true }).focus();
      await expect.poll(() => messageBeside(page, CLIENT_ID)).toMatch(/^IB Client ID must be a whole number/);
      await page.getByLabel(ACCOUNT_ID, { exact: true }).fill(SECRET);
      await page.getByLabel(HOST_PORT, { exact: true }).focus();
      await expect.poll(() => messageBeside(page, ACCOUNT_ID)).toMatch(/needs no secret/);
      expect(await page.getByLabel(ACCOUNT_ID, { exact: true }).inputValue()).toBe('');
      await checkScreen(page, `journey-connect-errors-${name}`);

      await page.getByLabel(HOST_PORT, { exact: true }).fill(`127.0.0.1:${rig.gateway.port}`);
      await page.getByLabel(CLIENT_ID, { exact: true }).fill('1');
      await page.getByLabel(ACCOUNT_ID, { exact: true }).fill(ACCOUNT);
      await page.getByRole('button', { name: 'Save connection' }).click();
      await page.getByRole('heading', { name: `Connection 127.0.0.1:${rig.gateway.port}` }).waitFor();
      await expect.poll(() => page.getByRole('status', { name: 'Connection state' }).textContent(), { timeout: 15_000 }).toMatch(/^Ready since/);
      expect(await page.getByText('PAPER', { exact: true }).isVisible()).toBe(true);
      const connectionPath = new URL(page.url()).pathname;
      await checkScreen(page, `journey-connection-${name}`);

      // Approve AAPL.
      await page.goto('/instruments');
      await page.getByLabel('Symbol').fill('AAPL');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.getByRole('button', { name: `Approve AAPL USD on NASDAQ (conId ${AAPL})` }).click();
      await page.getByRole('table', { name: 'Approved instruments' }).getByRole('row', { name: new RegExp(`AAPL.*${AAPL}`) }).waitFor();
      await checkScreen(page, `journey-instruments-${name}`);

      // Execution on (paper).
      await page.goto(connectionPath);
      await page.getByRole('button', { name: 'Turn execution on' }).click();
      await page.getByRole('button', { name: 'Turn execution off' }).waitFor();

      // An order from the ticket.
      await page.goto('/ticket');
      await page.getByRole('heading', { name: 'Order ticket' }).waitFor();
      await page.getByLabel('Instrument').waitFor();
      await page.getByLabel('Quantity').fill('10');
      await page.getByRole('button', { name: 'Send', exact: true }).click();
      const sent = page.getByRole('region', { name: 'Signal sent' });
      await sent.getByRole('link', { name: /^kxo_/ }).waitFor({ timeout: 15_000 });
      const orderId = (await sent.getByRole('link', { name: /^kxo_/ }).textContent()) ?? '';
      const signalId = (await sent.getByRole('link', { name: /^sig_/ }).textContent()) ?? '';
      await checkScreen(page, `journey-ticket-${name}`);

      // The blotter follows it to its fill, without a reload.
      await page.getByRole('link', { name: 'Orders', exact: true }).click();
      await page.getByRole('heading', { name: 'Orders', level: 1 }).waitFor();
      const row = page.getByRole('row').filter({ has: page.locator(`a[href="/orders/${orderId}"]`) });
      await row.waitFor();
      await row.getByText(/^filled$/i).waitFor({ timeout: 15_000 });
      await checkScreen(page, `journey-orders-${name}`);

      // The position.
      await page.getByRole('link', { name: 'Positions', exact: true }).click();
      await page.getByRole('heading', { name: 'Positions and P&L', level: 1 }).waitFor();
      const position = page.getByRole('row').filter({ hasText: 'AAPL' }).filter({ has: page.getByRole('cell', { name: '10', exact: true }) }).first();
      await position.waitFor({ timeout: 15_000 });
      expect(await position.textContent()).toContain('Kairox');
      await checkScreen(page, `journey-positions-${name}`);

      // The signal's audit timeline: receipt to fill.
      await page.goto(`/audit/signals/${signalId}`);
      await page.getByText(orderId).first().waitFor();
      await page.getByText(/fill/i).first().waitFor();
      await checkScreen(page, `journey-audit-${name}`);

      // The kill switch halts everything.
      await page.goto(connectionPath);
      await page.getByRole('button', { name: 'Halt everything' }).click();
      await page.getByRole('button', { name: 'Release the kill switch' }).waitFor();
      await checkScreen(page, `journey-halted-${name}`);
      expect(problems).toEqual([]);
      await context.close();
    }, 180_000);
  }
});
