// Scenario: TradingView posts a strategy alert to the URL Kairox showed, as text/plain (it does so
// when it does not take the message for JSON). The alert becomes a signal on the webhook's
// connection, handed to signal intake, and the answer is a fast 202 with the signal id and the
// decision. TradingView re-sends when it gets no answer in 3 s: the same body again within the
// re-delivery window gets the first answer and no second signal; after the window it is a new
// signal. The secret may also travel in the body (passphrase), and it is never kept.
import { afterEach, expect, it } from 'vitest';
import type { Kairox } from '../../src/main.ts';
import { describeEachEngine } from '../support/engines.ts';
import { pathOf, TRADINGVIEW_ALERT, webhookDesk } from '../support/webhooks.ts';

describeEachEngine('webhooks: deliveries become signals once', (engine) => {
  let kairox: Kairox | undefined;
  afterEach(async () => {
    await kairox?.close();
    kairox = undefined;
  });

  it('turns a text/plain TradingView alert into a signal on the webhook’s connection and answers 202', async () => {
    const desk = await webhookDesk(engine);
    kairox = desk.kairox;
    const r = await desk.kairox.app.inject({ method: 'POST', url: pathOf(desk.webhook.url), headers: { 'content-type': 'text/plain; charset=utf-8' }, payload: JSON.stringify(TRADINGVIEW_ALERT) });
    expect(r.statusCode, r.body).toBe(202);
    expect(r.json()).toEqual({ deliveryId: expect.stringMatching(/^whd_/), signalId: 'sig_fake1', repeated: false, decision: { status: 'prepared', message: 'Prepared, not sent (execution is off for this connection).' } });

    expect(desk.intake.submitted).toHaveLength(1);
    const [{ signal, context }] = desk.intake.submitted as [typeof desk.intake.submitted[number]];
    expect(signal).toMatchObject({ connectionId: desk.connectionId, instrument: { symbol: 'AAPL', exchange: 'NASDAQ' }, action: 'buy' });
    expect(context).toMatchObject({ source: 'webhook', webhookId: desk.webhook.id, receivedAt: desk.clock.now(), actor: { type: 'webhook', id: desk.webhook.id }, payload: TRADINGVIEW_ALERT });

    const deliveries = (await desk.owner.request({ url: `/api/webhooks/${desk.webhook.id}/deliveries` })).json() as { deliveries: unknown[] };
    expect(deliveries.deliveries).toEqual([{ id: (r.json() as { deliveryId: string }).deliveryId, receivedAt: desk.clock.now(), outcome: 'accepted', httpStatus: 202, signalId: 'sig_fake1', code: null, field: null, payload: TRADINGVIEW_ALERT }]);
    expect((await desk.owner.request({ url: `/api/webhooks/${desk.webhook.id}` })).json()).toMatchObject({ webhook: { lastDeliveryAt: desk.clock.now() } });
  });

  it('answers a re-sent body within the window with the first answer and no second signal; after the window it is a new signal', async () => {
    const desk = await webhookDesk(engine, { KAIROX_WEBHOOK_DEDUPE_SECONDS: '60' });
    kairox = desk.kairox;
    const send = () => desk.kairox.app.inject({ method: 'POST', url: pathOf(desk.webhook.url), headers: { 'content-type': 'text/plain' }, payload: JSON.stringify(TRADINGVIEW_ALERT) });
    const first = await send();
    expect(first.statusCode).toBe(202);

    // TradingView's re-sends come 5 s apart; reordered keys are the same body.
    desk.clock.advance(5_000);
    const again = await desk.kairox.app.inject({ method: 'POST', url: pathOf(desk.webhook.url), headers: { 'content-type': 'application/json' }, payload: JSON.stringify(Object.fromEntries(Object.entries(TRADINGVIEW_ALERT).reverse())) });
    expect(again.statusCode).toBe(202);
    expect(again.json()).toEqual(first.json());
    expect(again.headers['kairox-repeated-delivery']).toBe((first.json() as { deliveryId: string }).deliveryId);
    desk.clock.advance(54_999);
    expect((await send()).json()).toEqual(first.json());
    expect(desk.intake.submitted).toHaveLength(1);

    desk.clock.advance(2);
    const later = await send();
    expect(later.statusCode).toBe(202);
    expect(later.json()).toMatchObject({ signalId: 'sig_fake2' });
    expect(desk.intake.submitted).toHaveLength(2);

    const { deliveries } = (await desk.owner.request({ url: `/api/webhooks/${desk.webhook.id}/deliveries` })).json() as { deliveries: Array<{ outcome: string; signalId: string }> };
    expect(deliveries.map((d) => [d.outcome, d.signalId])).toEqual([['accepted', 'sig_fake2'], ['repeated', 'sig_fake1'], ['repeated', 'sig_fake1'], ['accepted', 'sig_fake1']]);
  });

  it('takes a changed body inside the window as a new signal', async () => {
    const desk = await webhookDesk(engine);
    kairox = desk.kairox;
    const send = (body: object) => desk.kairox.app.inject({ method: 'POST', url: pathOf(desk.webhook.url), headers: { 'content-type': 'text/plain' }, payload: JSON.stringify(body) });
    expect((await send(TRADINGVIEW_ALERT)).statusCode).toBe(202);
    expect((await send({ ...TRADINGVIEW_ALERT, time: '2026-12-01T15:00:58Z' })).json()).toMatchObject({ signalId: 'sig_fake2' });
    expect(desk.intake.submitted).toHaveLength(2);
  });

  it('leaves a body with an idempotencyKey to intake, which tells its repeats apart', async () => {
    const desk = await webhookDesk(engine);
    kairox = desk.kairox;
    const keyed = { instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 10 }, idempotencyKey: 'tv-42' };
    const send = () => desk.kairox.app.inject({ method: 'POST', url: pathOf(desk.webhook.url), headers: { 'content-type': 'application/json' }, payload: keyed });
    expect((await send()).statusCode).toBe(202);
    expect((await send()).statusCode).toBe(202);
    expect(desk.intake.submitted.map((s) => s.context.idempotencyKey)).toEqual(['tv-42', 'tv-42']);
    expect(desk.intake.submitted[0]?.signal).toMatchObject({ connectionId: desk.connectionId, instrument: { symbol: 'AAPL' }, size: { qty: 10 } });
  });

  it('accepts the secret in the body as passphrase or token, and keeps it nowhere', async () => {
    const desk = await webhookDesk(engine);
    kairox = desk.kairox;
    const url = `/hooks/${desk.webhook.id}`;
    const withPassphrase = await desk.kairox.app.inject({ method: 'POST', url, headers: { 'content-type': 'text/plain' }, payload: JSON.stringify({ ...TRADINGVIEW_ALERT, passphrase: desk.webhook.secret }) });
    expect(withPassphrase.statusCode, withPassphrase.body).toBe(202);
    const withToken = await desk.kairox.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: { ...TRADINGVIEW_ALERT, quantity: '5', token: desk.webhook.secret } });
    expect(withToken.statusCode, withToken.body).toBe(202);
    expect(desk.intake.submitted.map((s) => s.context.payload)).toEqual([TRADINGVIEW_ALERT, { ...TRADINGVIEW_ALERT, quantity: '5' }]);

    const deliveries = await desk.owner.request({ url: `/api/webhooks/${desk.webhook.id}/deliveries` });
    expect((deliveries.json() as { deliveries: unknown[] }).deliveries).toHaveLength(2);
    const stored = JSON.stringify(await desk.kairox.db.kysely.selectFrom('webhook_deliveries' as never).selectAll().execute());
    const audit = JSON.stringify(await desk.kairox.db.kysely.selectFrom('audit_events' as never).selectAll().execute());
    for (const text of [deliveries.body, stored, audit]) {
      expect(text).not.toContain(desk.webhook.secret);
      expect(text).not.toContain('passphrase');
    }
    expect(audit).toContain('webhook.delivery_accepted');
  });
});
