// Scenario: the owner adds a member as viewer, changes the role to trader, and is refused removing
// themself, the last owner, with the server's own message. A viewer signed in sees the members and
// the role explanations but no button that writes, on the team screen and on tokens & webhooks'
// webhook part, and a member added meanwhile appears on its open list live. Desktop and phone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './support/axe.ts';
import { DESKTOP, openPage, PHONE, screenshot } from './support/browser.ts';
import { readyConnection, setUpOwner, signIn } from './support/api.ts';
import { OWNER, startRig, type Rig } from './support/rig.ts';
import { contentWidth } from './support/trading.ts';

const PASSWORD = 'a long enough first password';

describe('the team', () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig();
    const { context } = await openPage(rig.browser, rig.url);
    const owner = await setUpOwner(context);
    await readyConnection(owner, rig, 43);
    await owner.send('POST', '/api/webhooks', { connectionId: (await owner.get<{ connections: Array<{ id: string }> }>('/api/connections')).connections[0]!.id, name: 'Existing hook' });
    await context.close();
  });
  afterAll(async () => rig?.close());

  for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    it(`adds a viewer, changes its role, refuses removing the last owner; a viewer sees no writes (${name})`, async () => {
      const { page, context, problems } = await openPage(rig.browser, rig.url, viewport);
      const owner = await signIn(context, OWNER.email, OWNER.password);
      const email = `member-${name}@example.test`;
      await page.goto('/team');
      await page.getByRole('heading', { name: 'Team', exact: true }).waitFor();
      await page.getByRole('heading', { name: 'Add a member' }).waitFor();
      await page.getByLabel('E-mail').fill(email);
      await page.getByLabel('Role', { exact: true }).selectOption('viewer');
      await page.getByLabel('First password (new accounts)').fill(PASSWORD);
      await page.getByRole('button', { name: 'Add member' }).click();
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'added as' }).textContent()).toContain(`${email} added as viewer`);
      const row = page.getByRole('row', { name: new RegExp(email) });
      await expect.poll(() => row.getByRole('cell').nth(2).textContent()).toBe('viewer');

      await row.getByLabel(`Role of ${email}`).selectOption('trader');
      await row.getByRole('button', { name: `Change role of ${email}` }).click();
      await expect.poll(() => row.getByRole('cell').nth(2).textContent()).toBe('trader');

      const me = page.getByRole('row', { name: new RegExp(OWNER.email) });
      await me.getByRole('button', { name: `Remove ${OWNER.email}` }).click();
      await me.getByRole('button', { name: `Confirm removing ${OWNER.email}` }).click();
      await expect.poll(() => page.getByRole('alert').allTextContents()).toEqual([`${OWNER.email} is the last owner of workspace "ada's workspace" and cannot be removed; make another member an owner first.`]);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `team-${name}`);
      if (name === 'phone') expect(await contentWidth(page)).toBeLessThanOrEqual(PHONE.width);

      // Back to viewer, then signed in as that member: nothing to write.
      await row.getByLabel(`Role of ${email}`).selectOption('viewer');
      await row.getByRole('button', { name: `Change role of ${email}` }).click();
      await expect.poll(() => row.getByRole('cell').nth(2).textContent()).toBe('viewer');
      const viewer = await openPage(rig.browser, rig.url, viewport);
      await signIn(viewer.context, email, PASSWORD);
      await viewer.page.goto('/team');
      await viewer.page.getByRole('row', { name: new RegExp(OWNER.email) }).waitFor();
      await viewer.page.getByText('You are a viewer: only an owner manages members.').waitFor();
      // A member added elsewhere appears on the viewer's open list live (the events stream), without a reload.
      const later = `later-${name}@example.test`;
      await owner.send('POST', '/api/members', { email: later, role: 'viewer', password: PASSWORD });
      await viewer.page.getByRole('row', { name: new RegExp(later) }).waitFor({ timeout: 10_000 });
      expect(await viewer.page.getByRole('heading', { name: 'Add a member' }).count()).toBe(0);
      expect(await viewer.page.getByRole('button', { name: /Change role|Remove/ }).count()).toBe(0);
      expect(await viewer.page.getByRole('combobox').count()).toBe(0);
      expect(await seriousViolations(viewer.page)).toEqual([]);
      await screenshot(viewer.page, `team-viewer-${name}`);
      await viewer.page.goto('/access');
      await viewer.page.getByRole('heading', { name: 'Existing hook' }).waitFor();
      expect(await viewer.page.getByRole('button', { name: /Create webhook|Rotate|Revoke/ }).count()).toBe(0);
      expect(await seriousViolations(viewer.page)).toEqual([]);
      expect(viewer.problems).toEqual([]);
      await viewer.context.close();
      expect(problems).toEqual([]);
      await context.close();
    });
  }
});
