// Scenario: someone with access to the database edits one stored audit row behind Kairox's back
// (as server/test/cli/audit-verify.* does). The audit screen, verified before, now says the chain
// is broken at that event — its number, its id and that its content no longer matches its hash —
// and how many events before it still verify; it no longer says verified anywhere. Desktop.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disableAuditAppendOnly } from '../../server/test/support/tamper.ts';
import { signIn } from './support/api.ts';
import { seriousViolations } from './support/axe.ts';
import { DESKTOP, openPage, screenshot } from './support/browser.ts';
import type { Rig } from './support/rig.ts';
import { startTradingRig } from './support/trading.ts';

describe('a tampered audit trail', () => {
  let rig: Rig;
  beforeAll(async () => {
    ({ rig } = await startTradingRig(47));
  });
  afterAll(async () => rig?.close());

  it('shows the chain broken at the edited event, not verified', async () => {
    const { page, context, problems } = await openPage(rig.browser, rig.url, DESKTOP);
    const as = await signIn(context);
    await page.goto('/audit');
    await page.getByRole('heading', { name: 'Audit trail' }).waitFor();
    const verdict = page.getByRole('status').filter({ hasText: /Verified|Broken/ });
    await expect.poll(() => verdict.textContent()).toMatch(/^Verified: all \d+ events are linked by their hashes/);

    // The attacker rewrites the data of an event in the middle of the trail.
    const { events } = await as.get<{ events: Array<{ id: string; seq: number }> }>('/api/audit?limit=200');
    expect(events.length).toBeGreaterThan(4);
    const edited = events[Math.floor(events.length / 2)]!;
    await disableAuditAppendOnly(rig.kairox.db);
    const changed = await rig.kairox.db.kysely.updateTable('audit_events').set({ data: '{"name":"innocent"}' }).where('id', '=', edited.id).executeTakeFirst();
    expect(changed.numUpdatedRows).toBe(1n);

    await page.reload();
    await expect.poll(() => verdict.textContent()).toBe(
      `Broken at event #${edited.seq} (${edited.id}): its content does not match its hash (it was changed). ${edited.seq - 1} events before it verified.`);
    expect(await page.getByText(/Verified/).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'audit-chain-broken-desktop');
    expect(problems).toEqual([]);
    await context.close();
  });
});
