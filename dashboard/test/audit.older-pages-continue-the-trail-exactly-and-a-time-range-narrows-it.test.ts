// Scenario: a trail of three bursts of events, ten minutes apart on the rig's clock, more than a
// page (50) in all and in the middle burst alone. "Older events" continues the list page after
// page down to the first event, nothing shown twice and nothing left out, though a signal arrived
// live while the first page was shown; Since and Until, typed
// in the browser's own time zone (one away from UTC, so a local time taken for UTC would show),
// narrow it to the middle burst, paged the same way. Desktop.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { signIn, type ApiAs } from './support/api.ts';
import { seriousViolations } from './support/axe.ts';
import { DESKTOP, openPage, screenshot } from './support/browser.ts';
import type { Rig } from './support/rig.ts';
import { startTradingRig } from './support/trading.ts';

const BURST_GAP_MS = 10 * 60_000;
/** A zone with no daylight saving time, 5 h 30 min from UTC. */
const TIME_ZONE = 'Asia/Kolkata';

interface TrailEvent { seq: number; occurredAt: string; target: { type: string; id: string | null } | null }

describe('paging and time filters of the audit trail', () => {
  let rig: Rig;
  let connectionId: string;
  /** When each burst happened, and the signals it made. */
  const bursts: Array<{ at: number; signalIds: string[] }> = [];

  /** A signal for an instrument not approved on the connection: denied at once, a few events. */
  const deniedSignal = async (as: ApiAs, note: string) =>
    (await as.send<{ signal: { id: string } }>('POST', '/api/signals', { connectionId, instrument: { symbol: 'MSFT' }, action: 'buy', size: { qty: 1 }, note })).signal.id;

  const burst = async (as: ApiAs, signals: number) => {
    const at = rig.gateway.clock.now();
    const signalIds: string[] = [];
    for (let i = 0; i < signals; i += 10) {
      signalIds.push(...await Promise.all(Array.from({ length: Math.min(10, signals - i) }, (_, j) => deniedSignal(as, `burst ${bursts.length} #${i + j}`))));
    }
    bursts.push({ at, signalIds });
  };

  const wholeTrail = async (as: ApiAs): Promise<TrailEvent[]> => {
    const all: TrailEvent[] = [];
    for (let before: number | null | undefined; before !== null;) {
      const page = await as.get<{ events: TrailEvent[]; nextBefore: number | null }>(`/api/audit?limit=200${before ? `&before=${before}` : ''}`);
      all.push(...page.events);
      before = page.nextBefore;
    }
    return all;
  };

  beforeAll(async () => {
    ({ rig, connectionId } = await startTradingRig(43));
    const { context } = await openPage(rig.browser, rig.url);
    const as = await signIn(context);
    await burst(as, 5);
    rig.gateway.advanceClock(BURST_GAP_MS);
    await burst(as, 30);
    rig.gateway.advanceClock(BURST_GAP_MS);
    await burst(as, 15);
    await context.close();
  });
  afterAll(async () => rig?.close());

  /** Clicks "Older events" until there is none; returns the # column, top to bottom. */
  const showAllPages = async (page: Page, table: Locator): Promise<number[]> => {
    const older = page.getByRole('button', { name: 'Older events' });
    // While a page loads the same button reads "Loading…": that is neither more rows nor the end.
    const loading = page.getByRole('button', { name: 'Loading…' });
    const rows = table.locator('tbody tr');
    await older.waitFor();
    let pages = 1;
    while ((await older.count()) > 0) {
      const shown = await rows.count();
      await older.click();
      // A page adds rows; a last page found empty (the trail a multiple of 50) only takes the button away.
      await expect.poll(async () => (await loading.count()) === 0 && ((await rows.count()) > shown || (await older.count()) === 0)).toBe(true);
      pages++;
    }
    expect(pages).toBeGreaterThan(1);
    return (await table.locator('tbody tr td:first-child').allTextContents()).map(Number);
  };

  it('shows the older events page after page, each once, down to the first', async () => {
    const { page, context, problems } = await openPage(rig.browser, rig.url, DESKTOP);
    const as = await signIn(context);
    const headAtStart = (await as.get<{ events: TrailEvent[] }>('/api/audit?limit=1')).events[0]!.seq;
    // More than two pages of 50, so a page in the middle is followed by another.
    expect(headAtStart).toBeGreaterThan(100);
    await page.goto('/audit');
    const table = page.getByRole('table', { name: 'Audit events, newest first' });
    await expect.poll(() => table.locator('tbody tr').count()).toBe(50);
    // A signal arrives while the first page is shown: it tops the list live, and the pages after still fit.
    const late = await deniedSignal(as, 'while paging');
    await table.getByRole('row').filter({ has: page.getByRole('link', { name: late }) }).first().waitFor();

    const seqs = await showAllPages(page, table);
    // Newest first, every sequence number from the head down to 1 exactly once.
    expect(seqs[0]).toBeGreaterThan(headAtStart);
    expect(seqs).toEqual(Array.from({ length: seqs[0]! }, (_, i) => seqs[0]! - i));
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'audit-all-pages-desktop');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('narrows the trail to the events between Since and Until, typed in the browser\'s zone', async () => {
    const { page, context, problems } = await openPage(rig.browser, rig.url, DESKTOP, { timezoneId: TIME_ZONE });
    const as = await signIn(context);
    // Halfway between the bursts, to the minute (datetime-local shows no seconds at :00).
    const minuteOf = (ms: number) => Math.floor(ms / 60_000) * 60_000;
    const since = minuteOf(bursts[1]!.at - BURST_GAP_MS / 2);
    const until = minuteOf(bursts[1]!.at + BURST_GAP_MS / 2);
    const trail = await wholeTrail(as);
    const inRange = trail.filter((e) => Date.parse(e.occurredAt) >= since && Date.parse(e.occurredAt) < until);
    // The range holds the middle burst, more than a page of it, and nothing of the others.
    const signalsIn = new Set(inRange.filter((e) => e.target?.type === 'signal').map((e) => e.target!.id));
    expect([...signalsIn].sort()).toEqual([...bursts[1]!.signalIds].sort());
    expect(inRange.length).toBeGreaterThan(50);

    await page.goto('/audit');
    const table = page.getByRole('table', { name: 'Audit events, newest first' });
    await expect.poll(() => table.locator('tbody tr').count()).toBe(50);
    await page.getByLabel('Since').fill(await localInput(page, since));
    await page.getByLabel('Until').fill(await localInput(page, until));
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const firstInRange = String(inRange[0]!.seq);
    await expect.poll(() => table.locator('tbody tr td:first-child').first().textContent()).toBe(firstInRange);

    expect(await showAllPages(page, table)).toEqual(inRange.map((e) => e.seq));
    expect(await page.getByRole('link', { name: 'Download JSONL' }).getAttribute('href'))
      .toBe(`/api/audit/export?format=jsonl&since=${encodeURIComponent(new Date(since).toISOString())}&until=${encodeURIComponent(new Date(until).toISOString())}`);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'audit-time-range-desktop');
    expect(problems).toEqual([]);
    await context.close();
  });
});

/** The value a datetime-local input shows for `ms` in the page's time zone (to the minute). */
function localInput(page: Page, ms: number): Promise<string> {
  return page.evaluate((at) => {
    const d = new Date(at);
    const two = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
  }, ms);
}
