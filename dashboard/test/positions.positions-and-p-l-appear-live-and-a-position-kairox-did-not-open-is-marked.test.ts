// Scenario (dashboard issue, item 8): with the positions page open, an order Kairox sends fills and
// its position appears without a reload, marked Kairox's; a price move changes the account's
// unrealized P&L live and the day's P&L chart gains samples (collected since the page opened, as
// its caption says); a buy another client id made at IB shows as a position not opened by Kairox.
// Desktop and phone, axe on each state shown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AAPL, signIn } from './support/api.ts';
import { seriousViolations } from './support/axe.ts';
import { DESKTOP, openPage, overflowingElements, PHONE, screenshot } from './support/browser.ts';
import { ACCOUNT, type Rig } from './support/rig.ts';
import { buy, foreignOrder, startTradingRig } from './support/trading.ts';

const CLIENT_ID = 61;

describe('positions and P&L', () => {
  let rig: Rig;
  let connectionId: string;
  beforeAll(async () => {
    ({ rig, connectionId } = await startTradingRig(CLIENT_ID));
  });
  afterAll(async () => rig?.close());

  let price = 230;
  let foreignId = 20;
  for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    it(`shows a fill's position, the P&L and a foreign position live (${name})`, async () => {
      const { page, context, problems } = await openPage(rig.browser, rig.url, viewport);
      const as = await signIn(context);
      const held = async (conId: number) => {
        const { connections } = await as.get<{ connections: Array<{ accounts: Array<{ positions: Array<{ conId: number; quantity: number }> }> }> }>('/api/positions');
        return connections[0]?.accounts[0]?.positions.find((p) => p.conId === conId)?.quantity ?? 0;
      };
      const before = await held(AAPL);
      await page.goto('/positions');
      await page.getByRole('heading', { name: 'Positions and P&L', level: 1 }).waitFor();
      await page.getByRole('heading', { name: `Account ${ACCOUNT}` }).waitFor();
      const caption = page.locator('figcaption');
      await caption.waitFor();
      expect(await caption.textContent()).toMatch(/from the live samples received since this page opened/);
      const table = page.getByRole('table', { name: new RegExp(`^Positions of ${ACCOUNT} on`) });

      await buy(as, connectionId, 5, `positions ${name}`);
      const aapl = table.getByRole('row', { name: /AAPL/ });
      await expect.poll(async () => (await aapl.count()) === 0 ? '' : aapl.locator('td').first().textContent(), { timeout: 15_000 }).toBe(String(before + 5));
      expect(await aapl.textContent()).toMatch(/Kairox$/);

      // The price moves: unrealized P&L follows, and the chart gets samples, all without a reload.
      const unrealized = page.locator('dl.pnl dd').nth(1);
      const seen = await unrealized.textContent();
      const samples = async () => Number(/(\d+) samples?\./.exec((await caption.textContent()) ?? '')?.[1] ?? 0);
      const samplesBefore = await samples();
      price += 10;
      rig.gateway.setPrice(AAPL, price);
      rig.gateway.advanceClock(1_500);
      await expect.poll(() => unrealized.textContent(), { timeout: 15_000 }).not.toBe(seen);
      await expect.poll(samples, { timeout: 15_000 }).toBeGreaterThan(samplesBefore);

      // Another client buys MSFT at IB: the position is marked as not opened by Kairox.
      foreignOrder(rig, 98, ++foreignId, { action: 'BUY', totalQuantity: 3, orderType: 'MKT' });
      const msft = table.getByRole('row', { name: /MSFT/ });
      await msft.waitFor({ timeout: 15_000 });
      expect(await msft.textContent()).toContain('Not opened by Kairox');
      expect(await seriousViolations(page)).toEqual([]);
      expect(await overflowingElements(page)).toEqual([]);
      await screenshot(page, `positions-${name}`);
      expect(problems).toEqual([]);
      await context.close();
    });
  }
});
