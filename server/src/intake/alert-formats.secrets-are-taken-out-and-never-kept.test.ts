// Scenario: TradingView cannot send headers, so the webhook's secret travels in the body as token
// or passphrase. It is taken out before anything is kept, parsed or fingerprinted, returned apart
// for the webhook to check, and never repeated in a problem.
import { describe, expect, it } from 'vitest';
import { decodeWebhookBody, parseWebhookDelivery } from './alert-formats.ts';

const CONNECTION = 'con_0123456789abcdefghjkmnpqrs';
const SECRET = 'whsec_9f8e7d6c5b4a39281706f5e4d3c2b1a0';

describe('secrets in the body', () => {
  it('takes token out of what is kept and returns it apart', () => {
    const result = parseWebhookDelivery(JSON.stringify({ ticker: 'AAPL', action: 'buy', quantity: 1, token: SECRET }), 'text/plain', CONNECTION);
    expect(result).toMatchObject({ ok: true, secret: SECRET, payload: { ticker: 'AAPL', action: 'buy', quantity: 1 } });
    expect(JSON.stringify(result.payload)).not.toContain(SECRET);
    expect(JSON.stringify(result.ok && result.signal)).not.toContain(SECRET);
  });

  it('takes passphrase out of a Kairox signal too, and a numeric one as text', () => {
    const body = { instrument: { symbol: 'AAPL' }, action: 'close', passphrase: 123456 };
    expect(parseWebhookDelivery(JSON.stringify(body), 'application/json', CONNECTION)).toMatchObject({ ok: true, format: 'kairox', secret: '123456', payload: { instrument: { symbol: 'AAPL' }, action: 'close' } });
  });

  it('keeps the secret out of problems, even when the signal is refused', () => {
    const result = parseWebhookDelivery(JSON.stringify({ ticker: 'AAPL', action: 'buy', quantity: 'x', token: SECRET }), 'application/json', CONNECTION);
    expect(result).toMatchObject({ ok: false, secret: SECRET, problem: { field: 'quantity' } });
    expect(JSON.stringify(!result.ok && result.problem)).not.toContain(SECRET);
    expect(result.payload).not.toHaveProperty('token');
  });

  it('refuses a secret that is not text, and two different secrets, without echoing them', () => {
    const notText = decodeWebhookBody(JSON.stringify({ ticker: 'AAPL', token: { value: SECRET } }), 'application/json');
    expect(notText).toMatchObject({ ok: false, problem: { code: 'invalid_secret', field: 'token' } });
    expect(JSON.stringify(notText)).not.toContain(SECRET);
    const two = decodeWebhookBody(JSON.stringify({ ticker: 'AAPL', token: SECRET, passphrase: 'other' }), 'application/json');
    expect(two).toMatchObject({ ok: false, problem: { code: 'invalid_secret' } });
    expect(JSON.stringify(two)).not.toContain(SECRET);
  });

  it('does not report a placeholder inside the secret, which it never reads', () => {
    expect(decodeWebhookBody(JSON.stringify({ ticker: 'AAPL', token: '{{secret}}' }), 'application/json')).toMatchObject({ ok: true, secret: '{{secret}}' });
  });
});
