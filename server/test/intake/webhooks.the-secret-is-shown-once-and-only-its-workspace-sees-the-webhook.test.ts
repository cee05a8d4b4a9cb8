// Scenario: a trader creates a webhook for TradingView. The answer shows the URL to paste (the
// secret in its path, on KAIROX_PUBLIC_URL) and the secret, this once; lists, reads and the
// database never show it again (only its sha256 is kept). A viewer can read but not create; another
// workspace sees nothing of it (404, as for an id that never existed); an unknown connection is a 404.
import { afterEach, expect, it } from 'vitest';
import { sha256Hex } from '../../src/common/index.ts';
import { addUser, type Kairox } from '../../src/main.ts';
import { describeEachEngine } from '../support/engines.ts';
import { logIn } from '../support/kairox.ts';
import { PUBLIC_URL, webhookDesk } from '../support/webhooks.ts';

describeEachEngine('webhooks: created, listed, isolated', (engine) => {
  let kairox: Kairox | undefined;
  afterEach(async () => {
    await kairox?.close();
    kairox = undefined;
  });

  it('shows the URL and the secret once; lists and reads never show the secret', async () => {
    const desk = await webhookDesk(engine);
    kairox = desk.kairox;
    const { webhook, connectionId } = desk;
    expect(webhook.id).toMatch(/^whk_[0-9a-z]{26}$/);
    expect(webhook.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(webhook.url).toBe(`${PUBLIC_URL}/hooks/${webhook.id}/${webhook.secret}`);

    const list = await desk.owner.request({ url: '/api/webhooks' });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual({
      webhooks: [{
        id: webhook.id, connectionId, name: 'TradingView AAPL', deliveryUrl: `${PUBLIC_URL}/hooks/${webhook.id}`,
        createdAt: desk.clock.now(), createdBy: { type: 'user', id: expect.stringMatching(/^usr_/) }, rotatedAt: null, revokedAt: null, lastDeliveryAt: null,
      }],
    });
    const one = await desk.owner.request({ url: `/api/webhooks/${webhook.id}` });
    for (const body of [list.body, one.body]) expect(body).not.toContain(webhook.secret);

    // Stored as its digest only.
    const row = await desk.kairox.db.kysely.selectFrom('webhooks' as never).selectAll().executeTakeFirstOrThrow() as Record<string, unknown>;
    expect(row.secret_hash).toBe(sha256Hex(webhook.secret));
    expect(JSON.stringify(row)).not.toContain(webhook.secret);

    const audit = (await desk.owner.request({ url: '/api/audit' })).json() as { events: Array<{ action: string; data: unknown }> };
    expect(audit.events.map((e) => e.action)).toContain('webhook.created');
    expect(JSON.stringify(audit)).not.toContain(webhook.secret);
  });

  it('refuses an unknown connection with 404 and a missing name with 400 naming it', async () => {
    const desk = await webhookDesk(engine);
    kairox = desk.kairox;
    const unknown = await desk.owner.request({ method: 'POST', url: '/api/webhooks', payload: { connectionId: `con_${'0'.repeat(26)}`, name: 'x' } });
    expect(unknown.statusCode).toBe(404);
    const unnamed = await desk.owner.request({ method: 'POST', url: '/api/webhooks', payload: { connectionId: desk.connectionId } });
    expect(unnamed.statusCode).toBe(400);
    expect(unnamed.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', field: 'name' } });
  });

  it('lets a viewer list webhooks but not create, rotate or revoke one', async () => {
    const desk = await webhookDesk(engine);
    kairox = desk.kairox;
    const added = await desk.owner.request({ method: 'POST', url: '/api/members', payload: { email: 'vic@example.test', password: 'vic has a long password', role: 'viewer' } });
    expect(added.statusCode, added.body).toBe(201);
    const viewer = await logIn(desk.kairox, 'vic@example.test', 'vic has a long password');

    expect(((await viewer.request({ url: '/api/webhooks' })).json() as { webhooks: unknown[] }).webhooks).toHaveLength(1);
    for (const [method, url] of [['POST', '/api/webhooks'], ['POST', `/api/webhooks/${desk.webhook.id}/rotate`], ['DELETE', `/api/webhooks/${desk.webhook.id}`]] as const) {
      const r = await viewer.request({ method, url, payload: { connectionId: desk.connectionId, name: 'viewer hook' } });
      expect(r.statusCode, `${method} ${url}`).toBe(403);
      expect(r.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    }
    expect(((await desk.owner.request({ url: '/api/webhooks' })).json() as { webhooks: Array<{ revokedAt: null }> }).webhooks).toEqual([expect.objectContaining({ revokedAt: null })]);
  });

  it('answers another workspace 404 for the webhook, its deliveries, rotation and revocation', async () => {
    const desk = await webhookDesk(engine);
    kairox = desk.kairox;
    await addUser(desk.kairox.config, { email: 'bob@example.test', password: 'bob has a long password', newWorkspace: true });
    const bob = await logIn(desk.kairox, 'bob@example.test', 'bob has a long password');
    const id = desk.webhook.id;
    const neverExisted = `whk_${'0'.repeat(26)}`;
    for (const [method, url] of [
      ['GET', `/api/webhooks/${id}`], ['GET', `/api/webhooks/${id}/deliveries`], ['POST', `/api/webhooks/${id}/rotate`], ['DELETE', `/api/webhooks/${id}`],
      ['GET', `/api/webhooks/${neverExisted}`],
    ] as const) {
      const r = await bob.request({ method, url });
      expect(r.statusCode, `${method} ${url}`).toBe(404);
      expect(r.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'Webhook was not found.' } });
    }
    expect((await bob.request({ url: '/api/webhooks' })).json()).toEqual({ webhooks: [] });
    // Bob cannot bind a webhook to Ada's connection either.
    expect((await bob.request({ method: 'POST', url: '/api/webhooks', payload: { connectionId: desk.connectionId, name: 'x' } })).statusCode).toBe(404);
    // Ada's webhook still works.
    expect((await desk.owner.request({ url: `/api/webhooks/${id}` })).json()).toMatchObject({ webhook: { id, revokedAt: null } });
  });
});
