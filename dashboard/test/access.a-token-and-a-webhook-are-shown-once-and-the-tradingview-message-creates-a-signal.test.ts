// Scenario: a token is created, its secret shown once with a copy button ("Copied"); after a
// reload only its name and prefix remain; it is revoked. A webhook is created: its URL and the
// TradingView alert message are shown once, each with a copy button; the message, its
// placeholders filled as TradingView fills them, posted to that URL becomes a signal. Desktop
// and phone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './support/axe.ts';
import { DESKTOP, openPage, PHONE, screenshot } from './support/browser.ts';
import { approveInstrument, readyConnection, setUpOwner, signIn } from './support/api.ts';
import { startRig, type Rig } from './support/rig.ts';
import { contentWidth } from './support/trading.ts';

describe('tokens and webhooks', () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig();
    const { context } = await openPage(rig.browser, rig.url);
    const owner = await setUpOwner(context);
    await approveInstrument(owner, await readyConnection(owner, rig, 44));
    await context.close();
  });
  afterAll(async () => rig?.close());

  for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    it(`shows a token and a webhook once, revokes, and the TradingView message makes a signal (${name})`, async () => {
      const { page, context, problems } = await openPage(rig.browser, rig.url, viewport);
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: rig.url });
      const as = await signIn(context);
      await page.goto('/access');
      await page.getByRole('heading', { name: 'API tokens and webhooks' }).waitFor();

      const tokenName = `bot ${name}`;
      await page.getByLabel('Token name').fill(tokenName);
      await page.getByRole('button', { name: 'Create token' }).click();
      const secret = await page.getByLabel('Token secret').textContent();
      expect(secret).toMatch(/^kx_/);
      await page.getByRole('button', { name: 'Copy token' }).click();
      await page.getByRole('status').filter({ hasText: 'Copied' }).waitFor();
      expect(await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText())).toBe(secret);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `access-token-${name}`);

      await page.reload();
      const tokenRow = page.getByRole('row', { name: new RegExp(tokenName) });
      await tokenRow.waitFor();
      expect(await page.getByText(secret!).count()).toBe(0);
      expect(await page.getByLabel('Token secret').count()).toBe(0);
      await tokenRow.getByRole('button', { name: `Revoke token ${tokenName}` }).click();
      await expect.poll(() => tokenRow.textContent()).toMatch(/revoked/);

      const hookName = `TradingView AAPL ${name}`;
      await page.getByLabel('Webhook name').fill(hookName);
      await page.getByRole('button', { name: 'Create webhook' }).click();
      const url = (await page.getByLabel('Webhook URL', { exact: true }).textContent())!;
      expect(url).toMatch(/\/hooks\/whk_[0-9a-z]+\/.+/);
      const message = (await page.getByLabel('TradingView alert message').textContent())!;
      for (const placeholder of ['{{ticker}}', '{{strategy.order.action}}', '{{strategy.order.contracts}}', '{{strategy.order.price}}', '{{strategy.market_position}}']) expect(message).toContain(placeholder);
      await page.getByRole('button', { name: 'Copy URL' }).click();
      await expect.poll(() => page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText())).toBe(url);
      await page.getByRole('button', { name: 'Copy message' }).click();
      await expect.poll(() => page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText())).toBe(message);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `access-${name}`);
      if (name === 'phone') expect(await contentWidth(page)).toBeLessThanOrEqual(PHONE.width);

      // TradingView fills the placeholders and posts the message as text/plain to the URL (the
      // rig's server answers at its own address; the URL's public origin is KAIROX_PUBLIC_URL).
      const filled = message
        .replace('{{ticker}}', 'NASDAQ:AAPL').replace('{{strategy.order.action}}', 'buy').replace('{{strategy.market_position}}', 'long')
        .replace('{{strategy.order.contracts}}', '3').replace('{{strategy.order.price}}', '227.21').replace('{{timenow}}', new Date(rig.gateway.clock.now()).toISOString());
      const posted = await context.request.post(rig.url + new URL(url).pathname, { headers: { 'content-type': 'text/plain' }, data: filled });
      expect(posted.status(), await posted.text()).toBe(202);
      const { signalId } = (await posted.json()) as { signalId: string };
      const { signal } = await as.get<{ signal: { source: string; signal: { action: string; size: { qty: number } } } }>(`/api/signals/${signalId}`);
      expect(signal.source).toBe('webhook');
      expect(signal.signal).toMatchObject({ action: 'buy', size: { qty: 3 } });

      // After a reload the webhook is listed without its secret; its delivery links to the signal.
      await page.reload();
      const item = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: hookName }) });
      await item.waitFor();
      expect(await page.getByText(url).count()).toBe(0);
      await item.getByRole('button', { name: `Show deliveries of ${hookName}` }).click();
      await item.getByRole('link', { name: signalId }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      expect(problems).toEqual([]);
      await context.close();
    });
  }
});
