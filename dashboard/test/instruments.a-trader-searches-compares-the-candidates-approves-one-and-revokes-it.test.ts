// Scenario (dashboard issue, item 5): a trader searches SHOP through a connection; IB answers two
// listings (NYSE in USD, TSE in CAD), compared side by side (exchange, currency, multiplier, hours);
// the trader approves the USD one, which appears in the approved list and in the candidates as
// approved; an unknown symbol shows IB's words; a bad symbol the server's message under its field;
// revoking removes it from the list. Desktop and phone, axe on each state shown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readyConnection, setUpOwner, signIn, type ApiAs } from './support/api.ts';
import { seriousViolations } from './support/axe.ts';
import { DESKTOP, openPage, overflowingElements, PHONE, screenshot } from './support/browser.ts';
import { startRig, type Rig } from './support/rig.ts';

const SHOP_NYSE = 195014116;
const SHOP_TSE = 195014098;

describe('approving instruments', () => {
  let rig: Rig;
  let connectionId: string;
  beforeAll(async () => {
    rig = await startRig();
    const { context } = await openPage(rig.browser, rig.url);
    connectionId = await readyConnection(await setUpOwner(context), rig, 31);
    await context.close();
  });
  afterAll(async () => rig?.close());

  const approved = async (as: ApiAs) => (await as.get<{ instruments: Array<{ conId: number }> }>(`/api/instruments?connectionId=${connectionId}`)).instruments.map((i) => i.conId);
  const search = async (page: Page, symbol: string) => {
    await page.getByLabel('Symbol').fill(symbol);
    await page.getByRole('button', { name: 'Search' }).click();
  };

  for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    it(`lists every candidate of an ambiguous symbol, approves one and revokes it (${name})`, async () => {
      const { page, context, problems } = await openPage(rig.browser, rig.url, viewport);
      const as = await signIn(context);
      await page.goto('/instruments');
      await page.getByRole('heading', { name: 'Instruments', level: 1 }).waitFor();
      await page.getByText('Nothing approved yet').waitFor();

      // A symbol the schema refuses: the server's message under the field.
      await search(page, 'AA\u0001PL');
      await expect.poll(() => page.getByRole('alert').allTextContents()).toEqual([expect.stringMatching(/^symbol must be printable ASCII/)]);
      // Unknown: IB's own words.
      await search(page, 'NOSUCHCO');
      await page.getByRole('alert').filter({ hasText: /^No contract found\. IB says:/ }).waitFor();

      await search(page, 'SHOP');
      const candidates = page.getByRole('table', { name: 'Candidates from IB' });
      await candidates.waitFor();
      const rows = candidates.locator('tbody tr');
      expect(await rows.count()).toBe(2);
      const texts = await rows.allTextContents();
      expect(texts.find((t) => t.includes(String(SHOP_NYSE)))).toMatch(/NYSE.*USD/);
      expect(texts.find((t) => t.includes(String(SHOP_TSE)))).toMatch(/TSE.*CAD/);
      expect(await page.getByText('IB answered several contracts').count()).toBe(1);
      expect(await seriousViolations(page)).toEqual([]);
      expect(await overflowingElements(page)).toEqual([]);
      await screenshot(page, `instruments-candidates-${name}`);

      await page.getByRole('button', { name: `Approve SHOP USD on NYSE (conId ${SHOP_NYSE})` }).click();
      await page.getByRole('status').filter({ hasText: `Approved SHOP (conId ${SHOP_NYSE})` }).waitFor();
      const list = page.getByRole('table', { name: 'Approved instruments' });
      await list.getByRole('row', { name: new RegExp(`SHOP.*${SHOP_NYSE}`) }).waitFor();
      expect(await candidates.getByRole('row', { name: new RegExp(`${SHOP_NYSE}.*Approved`) }).count()).toBe(1);
      expect(await approved(as)).toEqual([SHOP_NYSE]);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `instruments-${name}`);

      await list.getByRole('button', { name: `Revoke SHOP (conId ${SHOP_NYSE})` }).click();
      await page.getByText('Nothing approved yet').waitFor();
      expect(await approved(as)).toEqual([]);
      expect(problems).toEqual([]);
      await context.close();
    });
  }
});
