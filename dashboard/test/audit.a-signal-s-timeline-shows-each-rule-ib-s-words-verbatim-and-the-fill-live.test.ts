// Scenario: a signal becomes an order that stays working at the simulated IB (its fill delayed).
// Its timeline shows the receipt, every risk rule with its value and limit, and the order working;
// then, without a reload, IB's warning on that order appears verbatim (code and text exactly as
// sent, line breaks included), and the fill arrives. Desktop and phone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './support/axe.ts';
import { DESKTOP, openPage, PHONE, screenshot } from './support/browser.ts';
import { setUpOwner, signIn, type ApiAs } from './support/api.ts';
import { startRig, type Rig } from './support/rig.ts';
import { contentWidth, orderOf, postBuy, tradingConnection } from './support/trading.ts';

const CLIENT_ID = 41;
const IB_WARNING = 'Order Message:\nBUY 5 AAPL NASDAQ.NMS\nWarning: your order size is  "unusual" — check it <b>twice</b>.';

describe('a signal timeline', () => {
  let rig: Rig;
  let connectionId: string;
  let owner: ApiAs;
  beforeAll(async () => {
    rig = await startRig();
    const { context } = await openPage(rig.browser, rig.url);
    owner = await setUpOwner(context);
    connectionId = await tradingConnection(owner, rig, CLIENT_ID);
    await context.close();
  });
  afterAll(async () => rig?.close());

  for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    it(`follows a signal from receipt through each rule and IB's words to the fill, live (${name})`, async () => {
      const { page, context, problems } = await openPage(rig.browser, rig.url, viewport);
      const as = await signIn(context);
      rig.gateway.delayFills(5_000);
      const sent = await postBuy(as, connectionId, 5, `timeline ${name}`);
      expect(sent.signal.status).toBe('prepared');
      const order = await orderOf(as, sent.signal.id);

      await page.goto(`/audit/signals/${sent.signal.id}`);
      await page.getByRole('heading', { name: 'Signal timeline' }).waitFor();
      await page.getByRole('heading', { name: /Received from api/ }).waitFor();
      await page.getByRole('heading', { name: 'Decided: prepared' }).waitFor();
      // Each risk rule with its outcome and its value against its limit.
      const rule = page.getByRole('row', { name: /max_order_quantity/ });
      await expect.poll(() => rule.textContent()).toMatch(/pass.*value 5 units · limit 1000 units/);
      await expect.poll(() => page.getByRole('row', { name: /max_order_notional/ }).textContent()).toMatch(/pass.*limit 1000000 USD/);
      await expect.poll(() => page.getByRole('row', { name: /trading_hours/ }).textContent()).toMatch(/pass/);
      const status = page.getByRole('status').filter({ hasText: 'The order is' });
      await expect.poll(() => status.textContent()).toMatch(/The order is working: 0 of 5 filled/);

      // IB speaks about the order: its words appear without a reload, exactly as sent.
      expect(rig.gateway.sendError(CLIENT_ID, order.ibOrderId, 399, IB_WARNING)).toBeGreaterThan(0);
      const ibText = page.locator('.ib-message pre.ib-text');
      await ibText.first().waitFor();
      expect(await ibText.first().textContent()).toBe(IB_WARNING);
      expect(await page.locator('.ib-message').first().textContent()).toContain('code 399');
      expect(await seriousViolations(page)).toEqual([]);

      // The fill comes in: the status, the timeline and the fills table follow, still no reload.
      rig.gateway.advanceClock(5_000);
      await expect.poll(() => status.textContent(), { timeout: 15_000 }).toMatch(/The order is filled: 5 of 5 filled/);
      await page.getByRole('heading', { name: /filled: working → filled/ }).waitFor();
      const fillRow = page.getByRole('table', { name: 'Fills of the order' }).getByRole('row').nth(1);
      await expect.poll(() => fillRow.textContent()).toMatch(/BOT5/);
      rig.gateway.delayFills(0);

      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `signal-timeline-${name}`);
      if (name === 'phone') expect(await contentWidth(page)).toBeLessThanOrEqual(PHONE.width);
      expect(problems).toEqual([]);
      await context.close();
    });
  }
});
