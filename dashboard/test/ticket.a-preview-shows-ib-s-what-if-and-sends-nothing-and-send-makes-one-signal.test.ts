// Scenario (dashboard issue, item 7): a trader prepares an order on the ticket. Preview shows the
// decision with each rule and IB's what-if margin and commission — the simulator's own numbers —
// and records and sends nothing; a denied preview names the rule that denies it; Send makes exactly
// one signal even when clicked twice at once (one idempotency key per ticket), shows its status and
// that execution is off (prepare only); a bad limit price gets the server's message beside the
// field. Desktop and phone, axe on each state shown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { BrowserContext } from 'playwright-core';
import { AAPL, apiAs, readyConnection, setUpOwner, signIn, approveInstrument, type ApiAs } from './support/api.ts';
import { seriousViolations } from './support/axe.ts';
import { DESKTOP, openPage, PHONE, screenshot } from './support/browser.ts';
import { ACCOUNT, startRig, type Rig } from './support/rig.ts';

const LIBERAL_POLICY = {
  maxOrderQuantity: 1000, maxOrderNotional: 1_000_000, maxPositionQuantity: 10_000, maxPositionNotional: 10_000_000,
  maxGrossExposure: 100_000_000, maxOrdersPerMinute: 1000, maxOrdersPerDay: 1000,
};
const VIEWER = { email: 'vic@example.test', password: 'vic has a long password' };
/** Another API client of the simulator, to ask its engine for the same what-if directly. */
const OTHER_CLIENT_ID = 97;

describe('the order ticket', () => {
  let rig: Rig;
  let connectionId: string;
  let otherOrderId = 1;
  /** The owner's session, handed to each test's context (signing in a dozen times would meet the login throttle). */
  let ownerCookies: Awaited<ReturnType<BrowserContext['cookies']>>;
  let ownerCsrf: string;
  const asOwner = async (context: BrowserContext): Promise<ApiAs> => {
    await context.addCookies(ownerCookies);
    return apiAs(context, ownerCsrf);
  };

  const signalCount = async (as: ApiAs) => (await as.get<{ signals: unknown[] }>(`/api/signals?connectionId=${connectionId}&limit=200`)).signals.length;
  const setPolicy = (as: ApiAs, policy: Record<string, unknown>) => as.send('PUT', `/api/connections/${connectionId}/risk`, policy);
  const simulatorWhatIf = (quantity: number, limitPrice: number) => {
    const outcome = rig.gateway.engine.placeOrder(OTHER_CLIENT_ID, otherOrderId++, { conId: AAPL, exchange: 'SMART' }, {
      action: 'BUY', totalQuantity: quantity, orderType: 'LMT', lmtPrice: limitPrice, account: ACCOUNT, whatIf: true,
    });
    if (outcome.kind !== 'whatIf') throw new Error(`the simulator answered ${JSON.stringify(outcome)}`);
    return outcome.result;
  };
  /** Nothing wider than the viewport: wide tables scroll inside their .table-wrap. */
  const fitsViewport = (page: Page) => page.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth');
  const money = (n: number) => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

  /** The ticket for AAPL (the one approved instrument): size and order type filled in. */
  const fill = async (page: Page, order: { qty: string; type?: string; limit?: string }) => {
    await page.goto('/ticket');
    await page.getByRole('heading', { name: 'Order ticket' }).waitFor();
    await page.getByLabel('Instrument').waitFor();
    await page.getByLabel('Quantity').fill(order.qty);
    if (order.type) await page.getByLabel('Order type').selectOption(order.type);
    if (order.limit !== undefined) await page.getByLabel('Limit price').fill(order.limit);
  };

  beforeAll(async () => {
    rig = await startRig();
    const { context } = await openPage(rig.browser, rig.url);
    const owner = await setUpOwner(context);
    connectionId = await readyConnection(owner, rig, 71);
    await approveInstrument(owner, connectionId);
    await setPolicy(owner, LIBERAL_POLICY);
    ownerCookies = await context.cookies();
    ownerCsrf = (await owner.get<{ csrfToken: string }>('/api/me')).csrfToken;
    await context.close();
  });
  afterAll(async () => rig?.close());

  it('lets a viewer look at the ticket but not preview or send', async () => {
    const { page, context, problems } = await openPage(rig.browser, rig.url, DESKTOP);
    const owner = await asOwner(context);
    await owner.send('POST', '/api/members', { ...VIEWER, role: 'viewer' });
    await context.clearCookies();
    await signIn(context, VIEWER.email, VIEWER.password);
    await page.goto('/ticket');
    await page.getByText(/Your role \(viewer\) may look but not prepare orders/).waitFor();
    expect(await page.getByRole('button', { name: 'Preview' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Send', exact: true }).isDisabled()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    it(`previews an order with IB's what-if margin and commission from the simulator, and sends nothing (${name})`, async () => {
      const { page, context, problems } = await openPage(rig.browser, rig.url, viewport);
      const as = await asOwner(context);
      const before = await signalCount(as);
      const atSimulator = rig.gateway.orders().length;
      const limit = Math.floor(rig.gateway.engine.quote(AAPL)?.bid ?? 100) - 1;
      await fill(page, { qty: '10', type: 'LMT', limit: String(limit) });
      await page.getByRole('button', { name: 'Preview' }).click();
      await page.getByRole('heading', { name: 'IB\'s what-if' }).waitFor();

      const expected = simulatorWhatIf(10, limit);
      const preview = page.getByRole('region', { name: 'Preview' });
      expect(await preview.locator('p', { hasText: /^Would prepare/ }).textContent()).toContain(`BUY 10 AAPL LMT @ ${limit}`);
      const initial = preview.getByRole('row', { name: /^Initial margin/ });
      expect(await initial.getByRole('cell').allTextContents()).toEqual([money(expected.initMarginBefore), money(expected.initMarginChange), money(expected.initMarginAfter)]);
      const equity = preview.getByRole('row', { name: /^Equity with loan/ });
      expect(await equity.getByRole('cell').allTextContents()).toEqual([money(expected.equityWithLoanBefore), money(expected.equityWithLoanChange), money(expected.equityWithLoanAfter)]);
      expect(await preview.getByText(`${money(expected.commission)} USD`).count()).toBe(1);
      expect(await preview.getByText(/Execution is off for this connection/).count()).toBe(1);
      expect(await preview.getByRole('row', { name: /^Risk: max order quantity/ }).textContent()).toMatch(/Pass.*limit1000/);

      expect(await signalCount(as)).toBe(before);
      expect(rig.gateway.orders()).toHaveLength(atSimulator);
      expect(await fitsViewport(page)).toBe(true);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `ticket-${name}`);
      expect(problems).toEqual([]);
      await context.close();
    });

    it(`names the rule that would deny the order (${name})`, async () => {
      const { page, context, problems } = await openPage(rig.browser, rig.url, viewport);
      const as = await asOwner(context);
      await setPolicy(as, { ...LIBERAL_POLICY, maxOrderQuantity: 5 });
      try {
        await fill(page, { qty: '50' });
        await page.getByRole('button', { name: 'Preview' }).click();
        const denial = page.locator('p', { hasText: /^Would be denied by Risk: max order quantity/ });
        await denial.waitFor();
        expect(await denial.textContent()).toContain('(max_order_quantity)');
        const row = page.getByRole('row', { name: /^Risk: max order quantity/ });
        expect(await row.textContent()).toMatch(/Deny max_order_quantity/);
        expect(await page.getByRole('heading', { name: 'IB\'s what-if' }).count()).toBe(0);
        expect(await fitsViewport(page)).toBe(true);
        expect(await seriousViolations(page)).toEqual([]);
        await screenshot(page, `ticket-denied-${name}`);
      } finally {
        await setPolicy(as, LIBERAL_POLICY);
      }
      expect(problems).toEqual([]);
      await context.close();
    });

    it(`sends exactly one signal when Send is clicked twice at once, and says execution is off (${name})`, async () => {
      const { page, context, problems } = await openPage(rig.browser, rig.url, viewport);
      const as = await asOwner(context);
      const before = await signalCount(as);
      const atSimulator = rig.gateway.orders().length;
      await fill(page, { qty: name === 'desktop' ? '3' : '4' });
      const keys: string[] = [];
      page.on('request', (request) => {
        if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/signals') keys.push((request.postDataJSON() as { idempotencyKey: string }).idempotencyKey);
      });
      // Two clicks in one task: both reach the handler before React re-renders the button disabled.
      await page.getByRole('button', { name: 'Send', exact: true }).evaluate((button) => {
        const b = button as unknown as { click(): void };
        b.click();
        b.click();
      });
      const sent = page.getByRole('region', { name: 'Signal sent' });
      await sent.waitFor();
      await sent.getByText('prepared', { exact: true }).waitFor();
      expect(await sent.getByText(/Execution is off for this connection: prepared only/).count()).toBe(1);
      await expect.poll(() => signalCount(as)).toBe(before + 1);
      // However many posts left, they carried the ticket's one key: the server made one signal of them.
      expect(keys.length).toBeGreaterThanOrEqual(1);
      expect(new Set(keys).size).toBe(1);
      // Sending the same ticket again answers the first signal: still one.
      await page.getByRole('button', { name: 'Send', exact: true }).click();
      await sent.getByText(/already sent/).waitFor();
      expect(await signalCount(as)).toBe(before + 1);
      expect(rig.gateway.orders()).toHaveLength(atSimulator);
      expect(await fitsViewport(page)).toBe(true);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `ticket-sent-${name}`);
      expect(problems).toEqual([]);
      await context.close();
    });

    it(`with execution on, follows the sent signal and its order live to the fill and links to the order (${name})`, async () => {
      const { page, context, problems } = await openPage(rig.browser, rig.url, viewport);
      const as = await asOwner(context);
      await as.send('PUT', `/api/connections/${connectionId}/execution`, { enabled: true });
      try {
        const atSimulator = rig.gateway.orders().length;
        await fill(page, { qty: name === 'desktop' ? '2' : '5' });
        await page.getByRole('button', { name: 'Send', exact: true }).click();
        const sent = page.getByRole('region', { name: 'Signal sent' });
        // No reload: the events stream moves the status on as execution sends the order and it fills.
        await sent.getByText('routed', { exact: true }).waitFor({ timeout: 15_000 });
        await sent.getByText('filled', { exact: true }).waitFor({ timeout: 15_000 });
        expect(await sent.getByText(/Execution is off/).count()).toBe(0);
        expect(rig.gateway.orders()).toHaveLength(atSimulator + 1);
        await sent.getByRole('link', { name: /^kxo_/ }).click();
        await page.waitForURL(/\/orders\/kxo_/);
      } finally {
        await as.send('PUT', `/api/connections/${connectionId}/execution`, { enabled: false });
      }
      expect(problems).toEqual([]);
      await context.close();
    });

    it(`shows the server's message beside a bad limit price (${name})`, async () => {
      const { page, context, problems } = await openPage(rig.browser, rig.url, viewport);
      await asOwner(context);
      await fill(page, { qty: '1', type: 'LMT', limit: '-3' });
      await page.getByRole('button', { name: 'Preview' }).click();
      const field = page.getByLabel('Limit price');
      await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
      const describedBy = (await field.getAttribute('aria-describedby')) ?? '';
      const message = await page.locator(`[id="${describedBy.split(' ').at(-1)}"]`).textContent();
      expect(message).toMatch(/greater than 0/);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `ticket-bad-limit-${name}`);
      expect(problems).toEqual([]);
      await context.close();
    });
  }
});
