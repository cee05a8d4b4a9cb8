// Scenario: an alert carries an idempotencyKey, so intake (not the re-delivery window) tells its
// repeats apart. The repeat writes nothing in intake, so nothing runs in a signal's transaction:
// its delivery must still be kept, naming the first signal, and the webhook's last delivery time moved.
import { afterEach, expect, it } from 'vitest';
import type { Kairox } from '../../src/main.ts';
import { describeEachEngine } from '../support/engines.ts';
import { TRADINGVIEW_ALERT, webhookDesk } from '../support/webhooks.ts';

describeEachEngine('webhooks: a repeat answered by intake', (engine) => {
  let kairox: Kairox | undefined;
  afterEach(async () => {
    await kairox?.close();
    kairox = undefined;
  });

  it('records the repeat of an idempotency key as an accepted delivery of the first signal', async () => {
    const desk = await webhookDesk(engine, {}, { intake: 'real' });
    kairox = desk.kairox;
    const send = () => desk.kairox.app.inject({
      method: 'POST', url: `/hooks/${desk.webhook.id}/${desk.webhook.secret}`, headers: { 'content-type': 'application/json' }, payload: { ...TRADINGVIEW_ALERT, idempotencyKey: 'tv-7' },
    });
    const first = await send();
    expect(first.statusCode, first.body).toBe(202);
    const { signalId } = first.json() as { signalId: string };

    desk.clock.advance(5_000);
    const repeat = await send();
    expect(repeat.statusCode, repeat.body).toBe(202);
    expect(repeat.json()).toMatchObject({ signalId, repeated: true });

    const { deliveries } = (await desk.owner.request({ url: `/api/webhooks/${desk.webhook.id}/deliveries` })).json() as { deliveries: Array<{ id: string; outcome: string; signalId: string; receivedAt: number }> };
    expect(deliveries.map((d) => [d.id, d.outcome, d.signalId, d.receivedAt])).toEqual([
      [(repeat.json() as { deliveryId: string }).deliveryId, 'accepted', signalId, desk.clock.now()],
      [(first.json() as { deliveryId: string }).deliveryId, 'accepted', signalId, desk.clock.now() - 5_000],
    ]);
    const { webhook } = (await desk.owner.request({ url: `/api/webhooks/${desk.webhook.id}` })).json() as { webhook: { lastDeliveryAt: number } };
    expect(webhook.lastDeliveryAt).toBe(desk.clock.now());
    expect((await desk.owner.request({ url: '/api/audit/verify' })).json()).toMatchObject({ ok: true });
  });
});
