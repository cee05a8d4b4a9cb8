// Scenario: a strategy's alerts say which position they leave (sentiment, the position after the
// signal). flat means exit fully, whatever the action; exit closes; add follows the sentiment's
// side; cancel cancels working orders. One alert template often serves entries and exits, so an
// exit that carries a quantity or a stop-loss still closes, and says which fields it did not use.
import { describe, expect, it } from 'vitest';
import { parseWebhookDelivery } from './alert-formats.ts';

const CONNECTION = 'con_0123456789abcdefghjkmnpqrs';
const deliver = (body: Record<string, unknown>) => parseWebhookDelivery(JSON.stringify({ ticker: 'AAPL', ...body }), 'application/json', CONNECTION);

describe('sentiment and exits', () => {
  it('turns a sell that leaves the position flat into a close, ignoring its quantity', () => {
    expect(deliver({ action: 'sell', sentiment: 'flat', quantity: '10', price: '191.2' })).toEqual({
      ok: true, format: 'tradingview', ignored: ['quantity'],
      payload: { ticker: 'AAPL', action: 'sell', sentiment: 'flat', quantity: '10', price: '191.2' },
      signal: { connectionId: CONNECTION, instrument: { symbol: 'AAPL' }, action: 'close', orderType: 'MKT', tif: 'DAY', outsideRth: false, referencePrice: 191.2 },
    });
    expect(deliver({ action: 'buy', sentiment: 'flat', quantity: 10 })).toMatchObject({ ok: true, signal: { action: 'close' } });
  });

  it('turns exit into a close, with or without sentiment flat, and drops its bracket', () => {
    expect(deliver({ action: 'exit' })).toMatchObject({ ok: true, signal: { action: 'close' }, ignored: [] });
    expect(deliver({ action: 'exit', sentiment: 'flat', quantity: 3, stopLoss: 185 })).toMatchObject({ ok: true, signal: { action: 'close' }, ignored: ['quantity', 'stopLoss'] });
    expect(deliver({ action: 'exit', orderType: 'limit', limitPrice: 191 })).toMatchObject({ ok: true, signal: { action: 'close', orderType: 'LMT', limitPrice: 191 } });
    expect(deliver({ action: 'exit', sentiment: 'bullish' })).toMatchObject({ ok: false, problem: { field: 'sentiment', message: expect.stringContaining('exit leaves the position flat') } });
  });

  it('reads TradingView\'s long / short / flat market position as sentiment', () => {
    expect(deliver({ action: 'sell', sentiment: 'short', quantity: 2 })).toMatchObject({ ok: true, signal: { action: 'sell', size: { qty: 2 } } });
    expect(deliver({ action: 'buy', sentiment: 'long', quantity: 2 })).toMatchObject({ ok: true, signal: { action: 'buy' } });
  });

  it('keeps a buy that only reduces a short a buy', () => {
    expect(deliver({ action: 'buy', sentiment: 'bearish', quantity: 2 })).toMatchObject({ ok: true, signal: { action: 'buy', size: { qty: 2 } } });
  });

  it('adds on the sentiment\'s side, and refuses add without one', () => {
    expect(deliver({ action: 'add', sentiment: 'bullish', quantity: 2 })).toMatchObject({ ok: true, signal: { action: 'buy' } });
    expect(deliver({ action: 'add', sentiment: 'bearish', quantity: 2 })).toMatchObject({ ok: true, signal: { action: 'sell' } });
    expect(deliver({ action: 'add', quantity: 2 })).toMatchObject({ ok: false, problem: { field: 'sentiment', message: expect.stringContaining('add needs sentiment bullish') } });
  });

  it('turns cancel into a cancel of working orders, whatever order fields the template carries', () => {
    expect(deliver({ action: 'cancel', quantity: 5, orderType: 'limit', limitPrice: 190, takeProfit: 200 })).toMatchObject({
      ok: true, signal: { action: 'cancel' }, ignored: ['quantity', 'orderType', 'limitPrice', 'takeProfit'],
    });
  });
});
