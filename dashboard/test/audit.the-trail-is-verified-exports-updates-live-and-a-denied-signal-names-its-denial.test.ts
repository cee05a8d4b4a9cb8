// Scenario: the audit screen of a workspace that has traded. The chain verification says
// verified; a signal sent meanwhile appears in the trail and in the signals without a reload;
// Download CSV saves the trail (header row, the events); filtering by a signal shows only its
// events; a denied signal's timeline, reached from the signals list, names the denial and why.
// Desktop and phone.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './support/axe.ts';
import { DESKTOP, openPage, PHONE, screenshot } from './support/browser.ts';
import { signIn } from './support/api.ts';
import type { Rig } from './support/rig.ts';
import { contentWidth, postBuy, startTradingRig } from './support/trading.ts';

describe('the audit trail', () => {
  let rig: Rig;
  let connectionId: string;
  beforeAll(async () => {
    ({ rig, connectionId } = await startTradingRig(42));
  });
  afterAll(async () => rig?.close());

  for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    it(`verifies, updates live, exports, filters and explains a denial (${name})`, async () => {
      const { page, context, problems } = await openPage(rig.browser, rig.url, viewport);
      const as = await signIn(context);
      await page.goto('/audit');
      await page.getByRole('heading', { name: 'Audit trail' }).waitFor();
      const verdict = page.getByRole('status').filter({ hasText: /Verified|Broken/ });
      await expect.poll(() => verdict.textContent()).toMatch(/^Verified: all \d+ events are linked by their hashes/);
      const events = page.getByRole('table', { name: 'Audit events, newest first' });
      await events.getByRole('cell', { name: 'connection.execution_enabled' }).first().waitFor();

      // A denied signal sent now shows up in the trail and in the signals, no reload.
      const denied = await postBuy(as, connectionId, 5000, `audit ${name}`);
      expect(denied.signal.status).toBe('denied');
      await events.getByRole('link', { name: denied.signal.id }).first().waitFor();
      await events.getByRole('cell', { name: 'signal.denied' }).first().waitFor();
      const signals = page.getByRole('table', { name: 'Recent signals, newest first' });
      const link = signals.getByRole('link', { name: new RegExp(denied.signal.id) });
      await link.waitFor();
      // Still verified, with the new events counted.
      await expect.poll(() => verdict.textContent()).toMatch(/^Verified/);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `audit-${name}`);
      if (name === 'phone') expect(await contentWidth(page)).toBeLessThanOrEqual(PHONE.width);

      // The export downloads the trail as CSV.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV' }).click()]);
      expect(download.suggestedFilename()).toMatch(/^kairox-audit-ws_[0-9a-z]+-\d{4}-\d{2}-\d{2}\.csv$/);
      const csv = fs.readFileSync(await download.path(), 'utf8');
      expect(csv.split('\r\n')[0]).toMatch(/^seq,/);
      expect(csv).toContain(denied.signal.id);
      expect(csv).toContain('signal.denied');

      // Filtering by the signal leaves only its events.
      await page.getByLabel('Signal id').fill(denied.signal.id);
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await expect.poll(async () => (await events.getByRole('cell', { name: /^connection\./ }).count())).toBe(0);
      await events.getByRole('cell', { name: 'signal.received' }).waitFor();
      expect(await page.getByRole('link', { name: 'Download JSONL' }).getAttribute('href')).toBe(`/api/audit/export?format=jsonl&signalId=${denied.signal.id}`);

      // The denied signal's timeline names the denial and why.
      await link.click();
      await page.getByRole('heading', { name: 'Signal timeline' }).waitFor();
      await page.getByRole('heading', { name: 'Denied: max_order_quantity' }).waitFor();
      expect(await page.locator('.denial').textContent()).toContain('The order is for 5000 AAPL, over maxOrderQuantity 1000');
      await expect.poll(() => page.getByRole('row', { name: /max_order_quantity/ }).textContent()).toMatch(/deny.*value 5000 units · limit 1000 units/);
      expect(await page.getByRole('heading', { name: /^Order / }).count()).toBe(0);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `signal-timeline-denied-${name}`);
      if (name === 'phone') expect(await contentWidth(page)).toBeLessThanOrEqual(PHONE.width);
      expect(problems).toEqual([]);
      await context.close();
    });
  }
});
