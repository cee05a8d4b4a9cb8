// Scenario: an alert arrives that cannot become a signal: TradingView left a placeholder unfilled
// (a typo, or a strategy placeholder in a plain alert), the message is not JSON, or it is sent as
// a form. Each is refused with a stable code and words that say what to fix, never a 5xx.
import { describe, expect, it } from 'vitest';
import { decodeWebhookBody, parseWebhookDelivery } from './alert-formats.ts';

const CONNECTION = 'con_0123456789abcdefghjkmnpqrs';

describe('bodies that cannot become a signal', () => {
  it('refuses a quoted placeholder left unfilled, naming the field and the placeholder', () => {
    const text = '{"ticker": "{{ticker}}", "action": "buy", "quantity": 1}';
    expect(parseWebhookDelivery(text, 'text/plain', CONNECTION)).toMatchObject({
      ok: false,
      problem: { code: 'placeholders_not_filled', field: 'ticker', message: expect.stringMatching(/^The alert's placeholders were not filled in: ticker still holds \{\{ticker\}\}\. /) },
      payload: { ticker: '{{ticker}}' },
    });
    expect(decodeWebhookBody('{"ticker": "AAPL", "takeProfit": {"limitPrice": "{{plot_0}}"}}', 'application/json')).toMatchObject({ ok: false, problem: { code: 'placeholders_not_filled', field: 'takeProfit.limitPrice' } });
  });

  it('refuses an unquoted placeholder, which leaves the message not JSON, as unfilled', () => {
    const text = '{"ticker": "AAPL", "action": "buy", "quantity": {{strategy.order.contracts}}}';
    expect(parseWebhookDelivery(text, 'text/plain', CONNECTION)).toEqual({ ok: false, problem: {
      code: 'placeholders_not_filled',
      message: expect.stringContaining('the message still holds {{strategy.order.contracts}}'),
    } });
  });

  it('refuses text that is not JSON, with an example of an alert message', () => {
    expect(parseWebhookDelivery('buy AAPL 10', 'text/plain', CONNECTION)).toMatchObject({ ok: false, problem: { code: 'not_json', message: expect.stringContaining('{"ticker": "{{ticker}}"') } });
    expect(parseWebhookDelivery('[1, 2]', 'application/json', CONNECTION)).toMatchObject({ ok: false, problem: { code: 'not_an_object' } });
    expect(parseWebhookDelivery('  ', 'text/plain', CONNECTION)).toMatchObject({ ok: false, problem: { code: 'empty_body' } });
  });

  it('refuses a content type it does not read, and reads a JSON body with a byte-order mark', () => {
    expect(parseWebhookDelivery('ticker=AAPL', 'application/x-www-form-urlencoded', CONNECTION)).toMatchObject({ ok: false, problem: { code: 'unsupported_content_type', message: expect.stringContaining('(application/x-www-form-urlencoded) is not read') } });
    expect(parseWebhookDelivery('\uFEFF{"ticker": "AAPL", "action": "exit"}', undefined, CONNECTION)).toMatchObject({ ok: true, signal: { action: 'close' } });
  });

  it('refuses a body in neither format, or in both', () => {
    expect(parseWebhookDelivery('{"symbol": "AAPL", "side": "buy"}', 'application/json', CONNECTION)).toMatchObject({ ok: false, problem: { code: 'unknown_format', message: expect.stringContaining('neither a Kairox signal') } });
    expect(parseWebhookDelivery('{"ticker": "AAPL", "instrument": {"symbol": "AAPL"}}', 'application/json', CONNECTION)).toMatchObject({ ok: false, problem: { code: 'unknown_format', message: expect.stringContaining('use one format') } });
  });
});
