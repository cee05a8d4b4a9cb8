// Scenario: a TradingView alert reaches a webhook. TradingView sends text/plain when it does not
// recognise the message as JSON, quotes placeholders so numbers arrive as text, and writes the
// ticker as NASDAQ:AAPL (NASDAQ_DL on delayed data). The alert becomes the same signal a program
// would have sent, on the webhook's own connection.
import { describe, expect, it } from 'vitest';
import { parseWebhookDelivery } from './alert-formats.ts';

const CONNECTION = 'con_0123456789abcdefghjkmnpqrs';
const deliver = (body: unknown, contentType = 'application/json') =>
  parseWebhookDelivery(typeof body === 'string' ? body : JSON.stringify(body), contentType, CONNECTION);

describe('a TradingView alert becomes a signal', () => {
  it('reads a JSON body sent as text/plain', () => {
    const text = '{"ticker": "AAPL", "action": "buy", "sentiment": "bullish", "quantity": 10, "time": "2026-12-01T15:00:00Z"}';
    expect(parseWebhookDelivery(text, 'text/plain; charset=utf-8', CONNECTION)).toMatchObject({
      ok: true, format: 'tradingview', ignored: [],
      signal: { connectionId: CONNECTION, instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 10 }, orderType: 'MKT', tif: 'DAY', outsideRth: false, signalTime: '2026-12-01T15:00:00Z' },
    });
  });

  it('splits NASDAQ:AAPL into exchange and symbol, and drops the _DL suffix of delayed data', () => {
    expect(deliver({ ticker: 'NASDAQ:AAPL', action: 'buy', quantity: 1 })).toMatchObject({ ok: true, signal: { instrument: { symbol: 'AAPL', exchange: 'NASDAQ' } } });
    expect(deliver({ ticker: 'NASDAQ_DL:AAPL', action: 'buy', quantity: 1 })).toMatchObject({ ok: true, signal: { instrument: { symbol: 'AAPL', exchange: 'NASDAQ' } } });
    expect(deliver({ ticker: 'AAPL', exchange: 'NASDAQ_DL', action: 'buy', quantity: 1 })).toMatchObject({ ok: true, signal: { instrument: { symbol: 'AAPL', exchange: 'NASDAQ' } } });
    expect(deliver({ ticker: 'NYSE:AAPL', exchange: 'NASDAQ', action: 'buy', quantity: 1 })).toMatchObject({ ok: false, problem: { code: 'invalid_signal', field: 'exchange' } });
    expect(deliver({ ticker: ':AAPL', action: 'buy', quantity: 1 })).toMatchObject({ ok: false, problem: { field: 'ticker', message: expect.stringContaining('no exchange before it') } });
  });

  it('accepts numbers and booleans sent as text', () => {
    const alert = { ticker: 'AAPL', action: 'buy', quantity: '10', orderType: 'limit', limitPrice: '190.50', price: ' 190.4 ', takeProfit: '200', stopLoss: { stopPrice: '185' }, extendedHours: 'true' };
    expect(deliver(alert)).toMatchObject({ ok: true, signal: {
      size: { qty: 10 }, orderType: 'LMT', limitPrice: 190.5, referencePrice: 190.4, outsideRth: true,
      bracket: { takeProfit: { limitPrice: 200 }, stopLoss: { stopPrice: 185 } },
    } });
    expect(deliver({ ticker: 'AAPL', action: 'buy', quantity: 'ten' })).toMatchObject({ ok: false, problem: { field: 'quantity', message: 'quantity: must be a number such as 10 (digits as text, "10", are accepted too).' } });
    expect(deliver({ ticker: 'AAPL', action: 'buy', quantity: '' })).toMatchObject({ ok: false, problem: { field: 'quantity' } });
  });

  it('maps every order type and time in force, with the prices each needs', () => {
    const buy = { ticker: 'AAPL', action: 'buy', quantity: 5 };
    expect(deliver({ ...buy, orderType: 'stop', stopPrice: 195 })).toMatchObject({ ok: true, signal: { orderType: 'STP', stopPrice: 195 } });
    expect(deliver({ ...buy, orderType: 'stop_limit', stopPrice: 195, limitPrice: 196, timeInForce: 'gtc' })).toMatchObject({ ok: true, signal: { orderType: 'STP LMT', tif: 'GTC' } });
    expect(deliver({ ...buy, orderType: 'trailing_stop', trailPercent: '1.5', timeInForce: 'IOC' })).toMatchObject({ ok: true, signal: { orderType: 'TRAIL', trailingPercent: 1.5, tif: 'IOC' } });
    expect(deliver({ ...buy, orderType: 'limit' })).toMatchObject({ ok: false, problem: { field: 'limitPrice', message: 'limitPrice: a limit order (LMT) needs limitPrice.' } });
    expect(deliver({ ...buy, orderType: 'trailing_stop' })).toMatchObject({ ok: false, problem: { field: 'trailAmount', message: expect.stringContaining('needs trailAmount (a price distance) or trailPercent') } });
    expect(deliver({ ...buy, orderType: 'limit', limitPrice: 190, takeProfit: 180 })).toMatchObject({ ok: false, problem: { field: 'takeProfit', message: 'takeProfit (180) must be above limitPrice (190) for a buy.' } });
  });

  it('names the alert\'s own fields in its problems', () => {
    expect(deliver({ ticker: 'AAPL', action: 'buy' })).toMatchObject({ ok: false, problem: { code: 'invalid_signal', field: 'quantity', message: expect.stringContaining('a buy alert needs quantity') } });
    expect(deliver({ ticker: 'AA\u0000PL', action: 'buy', quantity: 1 })).toMatchObject({ ok: false, problem: { field: 'ticker', message: expect.stringContaining('NUL character') } });
    expect(deliver({ ticker: 'AAPL', action: 'buy', quantity: 1, time: '2026-12-01 15:00' })).toMatchObject({ ok: false, problem: { field: 'time', message: expect.stringContaining('with its zone') } });
    expect(deliver({ ticker: 'AAPL', action: 'buy', quantity: 1, stoploss: 185 })).toMatchObject({ ok: false, problem: { field: 'stoploss', message: expect.stringContaining('Unknown field "stoploss" in the alert') } });
    expect(deliver({ ticker: 'AAPL', action: 'Buy', quantity: 1 })).toMatchObject({ ok: false, problem: { field: 'action', message: 'action: must be one of buy, sell, exit, cancel, add.' } });
  });

  it('accepts the Kairox signal schema on the webhook, on the webhook\'s connection only', () => {
    const signal = { instrument: { conId: 265598 }, action: 'sell', size: { notional: 5000 } };
    expect(deliver(signal, 'text/plain')).toMatchObject({ ok: true, format: 'kairox', signal: { connectionId: CONNECTION, instrument: { conId: 265598 }, size: { notional: 5000 } } });
    expect(deliver({ ...signal, connectionId: CONNECTION })).toMatchObject({ ok: true, format: 'kairox' });
    expect(deliver({ ...signal, connectionId: 'con_zzzzzzzzzzzzzzzzzzzzzzzzzz' })).toMatchObject({ ok: false, problem: { code: 'connection_mismatch', field: 'connectionId' } });
    expect(deliver({ ...signal, size: { qty: 1, notional: 2 } })).toMatchObject({ ok: false, format: 'kairox', problem: { code: 'invalid_signal', field: 'size.notional' } });
  });
});
