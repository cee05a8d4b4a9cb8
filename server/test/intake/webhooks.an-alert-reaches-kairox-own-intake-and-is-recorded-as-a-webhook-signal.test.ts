// Scenario, end to end with Kairox's own signal intake (no fake): a TradingView alert, its secret
// as passphrase, reaches a connection that is switched off. Intake records the signal as a webhook
// one — the body without its secret, the webhook's id — and denies it (connection_disabled); the
// alert sender gets the signal id and the denial at once. TradingView's re-send gets the same answer
// and the workspace still has one signal.
import { afterEach, expect, it } from 'vitest';
import type { Kairox } from '../../src/main.ts';
import { describeEachEngine } from '../support/engines.ts';
import { TRADINGVIEW_ALERT, webhookDesk } from '../support/webhooks.ts';

describeEachEngine('webhooks with the real intake', (engine) => {
  let kairox: Kairox | undefined;
  afterEach(async () => {
    await kairox?.close();
    kairox = undefined;
  });

  it('records the alert as a webhook signal without its secret, answers its decision, and keeps one signal when it is re-sent', async () => {
    const desk = await webhookDesk(engine, {}, { intake: 'real' });
    kairox = desk.kairox;
    const send = () => desk.kairox.app.inject({
      method: 'POST', url: `/hooks/${desk.webhook.id}`, headers: { 'content-type': 'text/plain' }, payload: JSON.stringify({ ...TRADINGVIEW_ALERT, passphrase: desk.webhook.secret }),
    });
    const first = await send();
    expect(first.statusCode, first.body).toBe(202);
    const answer = first.json() as { signalId: string; decision: { status: string; code: string } };
    expect(answer).toMatchObject({ signalId: expect.stringMatching(/^sig_/), repeated: false, decision: { status: 'denied', code: 'connection_disabled' } });

    const signal = await desk.owner.request({ url: `/api/signals/${answer.signalId}` });
    expect(signal.statusCode, signal.body).toBe(200);
    expect(signal.json()).toMatchObject({
      signal: { source: 'webhook', webhookId: desk.webhook.id, connectionId: desk.connectionId, status: 'denied', payload: TRADINGVIEW_ALERT, signal: { instrument: { symbol: 'AAPL' }, action: 'buy' } },
    });
    expect(signal.body).not.toContain(desk.webhook.secret);

    desk.clock.advance(5_000);
    const resent = await send();
    expect(resent.statusCode).toBe(202);
    expect(resent.json()).toEqual(first.json());
    const { signals } = (await desk.owner.request({ url: '/api/signals' })).json() as { signals: Array<{ id: string }> };
    expect(signals.map((s) => s.id)).toEqual([answer.signalId]);

    // The audit trail holds intake's steps under the webhook's name, and never the secret.
    const audit = JSON.stringify((await desk.owner.request({ url: '/api/audit?limit=200' })).json());
    expect(audit).toContain('signal.received');
    expect(audit).toContain('webhook.delivery_repeated');
    expect(audit).not.toContain(desk.webhook.secret);
    expect((await desk.owner.request({ url: '/api/audit/verify' })).json()).toMatchObject({ ok: true });
  });
});
