// Scenario: the connection's IB login offers two accounts and the connection names no IB Account
// ID. The ticket lists both under Account with nothing chosen; a preview or a send without a choice
// gets the server's denial naming the accounts, and nothing reaches IB. With the second account
// picked, the preview says the order is for it, and the order sent, IB's copy of it and its page
// all carry that account. Desktop.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from './support/api.ts';
import { seriousViolations } from './support/axe.ts';
import { DESKTOP, openPage, screenshot } from './support/browser.ts';
import { ACCOUNT, type Rig } from './support/rig.ts';
import { startTradingRig } from './support/trading.ts';

const SECOND_ACCOUNT = 'DU7654321';
const CLIENT_ID = 72;

describe('the order ticket on a login with several accounts', () => {
  let rig: Rig;
  let connectionId: string;
  beforeAll(async () => {
    ({ rig, connectionId } = await startTradingRig(CLIENT_ID, { accounts: [ACCOUNT, SECOND_ACCOUNT], accountId: null }));
  });
  afterAll(async () => rig?.close());

  it('makes the trader pick the account, and the order goes to the one picked', async () => {
    const { page, context, problems } = await openPage(rig.browser, rig.url, DESKTOP);
    const as = await signIn(context);
    await page.goto('/ticket');
    await page.getByRole('heading', { name: 'Order ticket' }).waitFor();
    const account = page.getByLabel('Account', { exact: true });
    await expect.poll(() => account.locator('option').allTextContents(), { timeout: 15_000 }).toEqual(['Choose an account', ACCOUNT, SECOND_ACCOUNT]);
    expect(await account.inputValue()).toBe('');
    await page.getByLabel('Instrument').waitFor();
    await page.getByLabel('Quantity').fill('3');

    // No account chosen: the server's denial says which accounts there are, and nothing is sent.
    const atSimulator = rig.gateway.orders().length;
    await page.getByRole('button', { name: 'Preview' }).click();
    const denial = page.getByRole('region', { name: 'Preview' }).locator('p', { hasText: /^Would be denied by account/ });
    await denial.waitFor();
    expect(await denial.textContent()).toMatch(new RegExp(`^Would be denied by account \\(account_required\\): The IB login of connection ${connectionId} has several accounts \\(${ACCOUNT}, ${SECOND_ACCOUNT}\\); say which one`));
    // The Account field is the one at fault, with the server's message under it.
    expect(await account.getAttribute('aria-invalid')).toBe('true');
    const accountError = page.locator(`#${(await account.getAttribute('aria-describedby'))!}`);
    expect(await accountError.textContent()).toMatch(new RegExp(`has several accounts \\(${ACCOUNT}, ${SECOND_ACCOUNT}\\)`));
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'ticket-accounts-not-chosen-desktop');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const sent = page.getByRole('region', { name: 'Signal sent' });
    await sent.getByText('denied', { exact: true }).waitFor();
    expect(await sent.getByText(/^account_required: .*has several accounts/).count()).toBe(1);
    expect(rig.gateway.orders()).toHaveLength(atSimulator);

    // The second account picked: the preview and everything after carry it.
    await account.selectOption(SECOND_ACCOUNT);
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByRole('region', { name: 'Preview' }).locator('p', { hasText: /^Would prepare/ }).getByText(new RegExp(`account ${SECOND_ACCOUNT}$`)).waitFor();
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await sent.getByText('filled', { exact: true }).waitFor({ timeout: 15_000 });
    const signalId = (await sent.getByRole('link', { name: /^sig_/ }).textContent())!;
    const { signal } = await as.get<{ signal: { intent: { account: string }; kairoxOrderId: string } }>(`/api/signals/${signalId}`);
    expect(signal.intent.account).toBe(SECOND_ACCOUNT);
    expect(rig.gateway.orders().filter((o) => o.orderRef === signal.kairoxOrderId).map((o) => o.account)).toEqual([SECOND_ACCOUNT]);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'ticket-account-chosen-desktop');

    await sent.getByRole('link', { name: signal.kairoxOrderId }).click();
    await page.getByRole('heading', { name: 'BUY 3 AAPL MKT' }).waitFor();
    expect(await page.locator('dt:text-is("Account") + dd').textContent()).toBe(SECOND_ACCOUNT);
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
