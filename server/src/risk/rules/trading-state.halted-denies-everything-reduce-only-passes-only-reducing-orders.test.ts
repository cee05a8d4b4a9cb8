// Scenario: HALTED (the connection, or the workspace kill switch) lets nothing new through;
// REDUCE_ONLY, and an order marked reduce-only, pass only while the order lowers the absolute
// position, counting working orders (a sell of the whole long passes, one share more does not).
import { describe, expect, it } from 'vitest';
import { limitsWith, riskContext } from '../../../test/support/risk-context.ts';
import { tradingState } from './trading-state.ts';

const long100 = [{ conId: 265598, symbol: 'AAPL', secType: 'STK' as const, quantity: 100, marketValue: 10_000 }];

describe('trading state', () => {
  it('passes any order while the connection is active', () => {
    expect(tradingState(riskContext(), limitsWith())).toMatchObject({ rule: 'trading_state', outcome: 'pass', values: { state: 'active' } });
  });

  it('denies trading_halted on a halted connection and under the workspace kill switch', () => {
    const halted = tradingState(riskContext({ tradingState: 'halted' }), limitsWith());
    expect(halted).toMatchObject({ outcome: 'deny', code: 'trading_halted', values: { state: 'halted', workspaceHalted: false } });
    expect(halted.message).toContain('Set its trading state to active');
    const killed = tradingState(riskContext({ tradingState: 'active', workspaceHalted: true }), limitsWith());
    expect(killed).toMatchObject({ outcome: 'deny', code: 'trading_halted', values: { state: 'halted', connectionState: 'active', workspaceHalted: true } });
    expect(killed.message).toContain('kill switch');
  });

  it('passes a sell of the whole long when reduce-only, and denies one share more', () => {
    const at = riskContext({ tradingState: 'reduce_only', positions: long100, order: { side: 'SELL', quantity: 100 } });
    expect(tradingState(at, limitsWith())).toMatchObject({ outcome: 'pass', values: { position: 100 } });
    const over = riskContext({ tradingState: 'reduce_only', positions: long100, order: { side: 'SELL', quantity: 101 } });
    const outcome = tradingState(over, limitsWith());
    expect(outcome).toMatchObject({ outcome: 'deny', code: 'reduce_only', values: { position: 100, quantity: 101 } });
    expect(outcome.message).toContain('would not lower the position');
  });

  it('counts working sells against the long when reduce-only', () => {
    const openOrders = [{ conId: 265598, side: 'SELL' as const, remainingQuantity: 40 }];
    expect(tradingState(riskContext({ tradingState: 'reduce_only', positions: long100, openOrders, order: { side: 'SELL', quantity: 60 } }), limitsWith()).outcome).toBe('pass');
    expect(tradingState(riskContext({ tradingState: 'reduce_only', positions: long100, openOrders, order: { side: 'SELL', quantity: 61 } }), limitsWith()))
      .toMatchObject({ outcome: 'deny', code: 'reduce_only', values: { positionIfWorkingSellsFill: 60 } });
  });

  it('passes a buy that covers a short when reduce-only, and denies a buy with no position', () => {
    const short = [{ conId: 265598, symbol: 'AAPL', secType: 'STK' as const, quantity: -50, marketValue: -5_000 }];
    expect(tradingState(riskContext({ tradingState: 'reduce_only', positions: short, order: { side: 'BUY', quantity: 50 } }), limitsWith()).outcome).toBe('pass');
    expect(tradingState(riskContext({ tradingState: 'reduce_only', order: { side: 'BUY', quantity: 1 } }), limitsWith()).code).toBe('reduce_only');
  });

  it('holds an order marked reduce-only to the same test on an active connection', () => {
    const outcome = tradingState(riskContext({ positions: long100, order: { side: 'SELL', quantity: 101, reduceOnly: true } }), limitsWith());
    expect(outcome).toMatchObject({ outcome: 'deny', code: 'reduce_only' });
    expect(outcome.message).toContain('The order is reduce-only');
  });
});
