// Scenario: someone posts to a webhook with the wrong secret, to a webhook that does not exist,
// to a revoked one, and with the secret a rotation replaced. Each gets the same 401 (nothing says
// whether the webhook exists) and no signal; refusals on a real webhook are recorded for its owner
// to see. After a rotation the new URL works at once.
import { afterEach, expect, it } from 'vitest';
import type { Kairox } from '../../src/main.ts';
import { describeEachEngine } from '../support/engines.ts';
import { pathOf, TRADINGVIEW_ALERT, webhookDesk, type WebhookDesk } from '../support/webhooks.ts';

describeEachEngine('webhooks: refused secrets', (engine) => {
  let kairox: Kairox | undefined;
  afterEach(async () => {
    await kairox?.close();
    kairox = undefined;
  });

  const post = (desk: WebhookDesk, url: string, body: object = TRADINGVIEW_ALERT) =>
    desk.kairox.app.inject({ method: 'POST', url, headers: { 'content-type': 'text/plain' }, payload: JSON.stringify(body) });

  async function deliveriesOf(desk: WebhookDesk): Promise<Array<{ outcome: string; httpStatus: number; code: string | null }>> {
    return ((await desk.owner.request({ url: `/api/webhooks/${desk.webhook.id}/deliveries` })).json() as { deliveries: Array<{ outcome: string; httpStatus: number; code: string | null }> }).deliveries;
  }

  it('answers a wrong secret and an unknown webhook with the same 401, and records the wrong secret', async () => {
    const desk = await webhookDesk(engine);
    kairox = desk.kairox;
    const { id, secret } = desk.webhook;
    const wrongPath = await post(desk, `/hooks/${id}/${secret.slice(0, -1)}x`);
    const wrongBody = await post(desk, `/hooks/${id}`, { ...TRADINGVIEW_ALERT, token: 'not-the-secret' });
    const noSecret = await post(desk, `/hooks/${id}`);
    const unknown = await post(desk, `/hooks/whk_${'0'.repeat(26)}/${secret}`);
    const misshapen = await post(desk, `/hooks/anything/${secret}`);
    // A right secret in the path with a different one in the body is refused too.
    const disagreeing = await post(desk, `/hooks/${id}/${secret}`, { ...TRADINGVIEW_ALERT, passphrase: 'something else' });
    for (const r of [wrongPath, wrongBody, noSecret, unknown, misshapen, disagreeing]) {
      expect(r.statusCode, r.body).toBe(401);
      expect(r.body).toBe(wrongPath.body);
    }
    expect(wrongPath.json()).toEqual({ error: { code: 'UNAUTHORIZED', message: expect.stringMatching(/^This webhook URL or its secret is not valid/) } });
    expect(desk.intake.submitted).toHaveLength(0);

    // Recorded after answering (so the answer takes as long with or without a webhook).
    // Waited on for up to 10 s: the reads answer on the event loop while the writes commit in SQLite's worker thread.
    let refused = await deliveriesOf(desk);
    const deadline = Date.now() + 10_000;
    while (refused.length < 4 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
      refused = await deliveriesOf(desk);
    }
    expect(refused.map((d) => [d.outcome, d.httpStatus, d.code])).toEqual(Array(4).fill(['unauthorized', 401, 'invalid_secret']));
  });

  it('refuses a revoked webhook with the same 401', async () => {
    const desk = await webhookDesk(engine);
    kairox = desk.kairox;
    const revoked = await desk.owner.request({ method: 'DELETE', url: `/api/webhooks/${desk.webhook.id}` });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({ webhook: { revokedAt: desk.clock.now() } });
    const r = await post(desk, pathOf(desk.webhook.url));
    expect(r.statusCode).toBe(401);
    expect(r.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    expect(desk.intake.submitted).toHaveLength(0);
    // Revoked webhooks leave the list, stay in its history, and cannot be rotated back to life.
    expect((await desk.owner.request({ url: '/api/webhooks' })).json()).toEqual({ webhooks: [] });
    expect(((await desk.owner.request({ url: '/api/webhooks?includeRevoked=true' })).json() as { webhooks: unknown[] }).webhooks).toHaveLength(1);
    expect((await desk.owner.request({ method: 'POST', url: `/api/webhooks/${desk.webhook.id}/rotate` })).statusCode).toBe(409);
  });

  it('stops the old secret at once after a rotation, and takes the new one', async () => {
    const desk = await webhookDesk(engine);
    kairox = desk.kairox;
    desk.clock.advance(1_000);
    const rotated = await desk.owner.request({ method: 'POST', url: `/api/webhooks/${desk.webhook.id}/rotate` });
    expect(rotated.statusCode, rotated.body).toBe(200);
    const { url, secret, webhook } = rotated.json() as { url: string; secret: string; webhook: { id: string; rotatedAt: number } };
    expect(secret).not.toBe(desk.webhook.secret);
    expect(webhook.id).toBe(desk.webhook.id);
    expect(url).toBe(desk.webhook.url.replace(desk.webhook.secret, secret));
    expect(webhook.rotatedAt).toBe(desk.clock.now());

    expect((await post(desk, pathOf(desk.webhook.url))).statusCode).toBe(401);
    expect((await post(desk, `/hooks/${desk.webhook.id}`, { ...TRADINGVIEW_ALERT, token: desk.webhook.secret })).statusCode).toBe(401);
    expect(desk.intake.submitted).toHaveLength(0);
    const fresh = await post(desk, pathOf(url));
    expect(fresh.statusCode, fresh.body).toBe(202);
    expect(desk.intake.submitted).toHaveLength(1);
  });
});
