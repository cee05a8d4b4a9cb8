// Scenario: the very first visit to a new Kairox. / leads to the owner's set-up; a short password
// is refused with the server's message next to the field; the owner is created and signed in,
// signs out, is sent to sign-in for any screen, and signs in again. Desktop and phone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './support/axe.ts';
import { DESKTOP, openPage, PHONE, screenshot } from './support/browser.ts';
import { OWNER, startRig, type Rig } from './support/rig.ts';

describe('first visit and sign-in', () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig();
  });
  afterAll(async () => rig?.close());

  for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    it(`sets up the owner on the first visit, then signs out and in (${name})`, async () => {
      const { page, context, problems } = await openPage(rig.browser, rig.url, viewport);
      await page.goto('/');
      if (name === 'desktop') {
        await page.getByRole('heading', { name: 'Set up Kairox' }).waitFor();
        expect(await seriousViolations(page)).toEqual([]);
        await screenshot(page, `setup-${name}`);
        await page.getByLabel('E-mail').fill(OWNER.email);
        await page.getByLabel('Password').fill('short');
        await page.getByRole('button', { name: 'Create the owner' }).click();
        // The server's own wording, next to the password field.
        await expect.poll(() => page.getByRole('alert').allTextContents()).toEqual([expect.stringMatching(/12 characters/)]);
        await page.getByLabel('Password').fill(OWNER.password);
        await page.getByRole('button', { name: 'Create the owner' }).click();
        await page.getByRole('button', { name: 'Sign out' }).waitFor();
        await page.getByRole('button', { name: 'Sign out' }).click();
      }
      await page.goto('/connections');
      await page.getByRole('heading', { name: 'Sign in to Kairox' }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `login-${name}`);
      await page.getByLabel('E-mail').fill(OWNER.email);
      await page.getByLabel('Password').fill('not the password at all');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').waitFor();
      await page.getByLabel('Password').fill(OWNER.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/connections');
      expect(problems).toEqual([]);
      await context.close();
    });
  }
});
