// Scenario: an alert sender posts bodies Kairox cannot use: TradingView placeholders it did not fill
// (a typo, or a strategy placeholder in an indicator alert), an unknown field, text that is not JSON,
// bytes that are not UTF-8, a body too large, a content type that is not read. Each gets a 400 (413
// for the size) that names the field and the reason, never a 5xx (TradingView re-sends a 5xx three
// times), and no signal. A sender stuck in a loop gets 429 with Retry-After past the per-webhook rate.
import { afterEach, expect, it } from 'vitest';
import type { Kairox } from '../../src/main.ts';
import { describeEachEngine } from '../support/engines.ts';
import { pathOf, TRADINGVIEW_ALERT, webhookDesk } from '../support/webhooks.ts';

describeEachEngine('webhooks: bad bodies and floods', (engine) => {
  let kairox: Kairox | undefined;
  afterEach(async () => {
    await kairox?.close();
    kairox = undefined;
  });

  it('answers each bad body with a 400 naming the field and the reason, records it and creates no signal', async () => {
    const desk = await webhookDesk(engine);
    kairox = desk.kairox;
    const send = (payload: string | Buffer, contentType = 'text/plain') => {
      desk.clock.advance(1_000);
      return desk.kairox.app.inject({ method: 'POST', url: pathOf(desk.webhook.url), headers: { 'content-type': contentType }, payload });
    };

    const unfilled = await send(JSON.stringify({ ...TRADINGVIEW_ALERT, quantity: '{{strategy.order.contracts}}' }));
    expect(unfilled.statusCode).toBe(400);
    expect(unfilled.json()).toEqual({ error: { code: 'VALIDATION_FAILED', reason: 'placeholders_not_filled', field: 'quantity', message: expect.stringContaining('were not filled in: quantity still holds {{strategy.order.contracts}}') } });
    // Unquoted, the placeholder makes the message not JSON: still named.
    const unquoted = await send('{"ticker": "AAPL", "action": "buy", "quantity": {{strategy.order.contracts}}}');
    expect(unquoted.json()).toMatchObject({ error: { reason: 'placeholders_not_filled', message: expect.stringContaining('{{strategy.order.contracts}}') } });

    const cases: Array<[string, Awaited<ReturnType<typeof send>>, Record<string, unknown>]> = [
      ['unknown field', await send(JSON.stringify({ ...TRADINGVIEW_ALERT, qty: 10 })), { reason: 'invalid_signal', message: expect.stringContaining('"qty"') }],
      ['bad action', await send(JSON.stringify({ ...TRADINGVIEW_ALERT, action: 'purchase' })), { reason: 'invalid_signal', field: 'action' }],
      ['not JSON', await send('buy AAPL 10'), { reason: 'not_json' }],
      ['empty', await send(''), { reason: 'empty_body' }],
      ['an array', await send('[1, 2]', 'application/json'), { reason: 'not_an_object' }],
      ['not UTF-8', await send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), { reason: 'not_json' }],
      ['lone surrogate', await send('{"ticker": "AAPL", "action": "buy", "quantity": 1, "note": "\\ud800"}'), { reason: 'invalid_text' }],
      ['form content', await send('ticker=AAPL', 'application/x-www-form-urlencoded'), { reason: 'unsupported_content_type' }],
    ];
    for (const [what, r, error] of cases) {
      expect(r.statusCode, `${what}: ${r.body}`).toBe(400);
      expect(r.json(), what).toMatchObject({ error: { code: 'VALIDATION_FAILED', message: expect.any(String), ...error } });
    }

    const tooLarge = await send(JSON.stringify({ ...TRADINGVIEW_ALERT, note: 'x'.repeat(20_000) }));
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json()).toEqual({ error: { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is larger than the 16 KiB limit.' } });
    expect(desk.intake.submitted).toHaveLength(0);

    const { deliveries } = (await desk.owner.request({ url: `/api/webhooks/${desk.webhook.id}/deliveries` })).json() as { deliveries: Array<{ outcome: string; httpStatus: number; code: string; field: string | null; payload: unknown }> };
    expect(deliveries).toHaveLength(2 + cases.length);
    expect(deliveries.every((d) => d.outcome === 'rejected' && d.httpStatus === 400)).toBe(true);
    expect(deliveries.at(-1)).toMatchObject({ code: 'placeholders_not_filled', field: 'quantity', payload: { ...TRADINGVIEW_ALERT, quantity: '{{strategy.order.contracts}}' } });
  });

  it('answers 429 with Retry-After past the per-webhook rate, and takes deliveries again a minute later', async () => {
    const desk = await webhookDesk(engine, { KAIROX_WEBHOOK_RATE_PER_MINUTE: '3', KAIROX_WEBHOOK_DEDUPE_SECONDS: '0' });
    kairox = desk.kairox;
    const send = () => desk.kairox.app.inject({ method: 'POST', url: pathOf(desk.webhook.url), headers: { 'content-type': 'text/plain' }, payload: JSON.stringify(TRADINGVIEW_ALERT) });
    for (let i = 0; i < 3; i++) {
      expect((await send()).statusCode).toBe(202);
      desk.clock.advance(10_000);
    }
    const limited = await send();
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('30');
    expect(limited.json()).toEqual({ error: { code: 'RATE_LIMITED', message: expect.stringContaining('more than 3 deliveries in a minute; retry in 30 s') } });
    expect(desk.intake.submitted).toHaveLength(3);
    // Another webhook has its own allowance.
    const other = (await desk.owner.request({ method: 'POST', url: '/api/webhooks', payload: { connectionId: desk.connectionId, name: 'second' } })).json() as { url: string };
    expect((await desk.kairox.app.inject({ method: 'POST', url: pathOf(other.url), headers: { 'content-type': 'text/plain' }, payload: JSON.stringify(TRADINGVIEW_ALERT) })).statusCode).toBe(202);
    // An unknown webhook id is limited alike, so a 429 does not tell that a webhook exists.
    const unknown = () => desk.kairox.app.inject({ method: 'POST', url: `/hooks/whk_${'0'.repeat(26)}/nope`, payload: '{}' });
    expect([(await unknown()).statusCode, (await unknown()).statusCode, (await unknown()).statusCode, (await unknown()).statusCode]).toEqual([401, 401, 401, 429]);
    desk.clock.advance(30_000);
    expect((await send()).statusCode).toBe(202);
    expect(desk.intake.submitted).toHaveLength(5);
  });
});
