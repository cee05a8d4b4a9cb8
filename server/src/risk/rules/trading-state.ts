// HALTED (the connection's state or the workspace kill switch): nothing new passes; cancels are not
// the gate's business. REDUCE_ONLY, and any order marked reduce-only (a `close` signal): only an
// order that lowers the absolute position, counting the working orders, passes.
import { reducesPosition, positionRange } from '../exposure.ts';
import { deny, pass, type RiskRule } from '../outcome.ts';

const RULE = 'trading_state';

export const tradingState: RiskRule = (ctx) => {
  const state = ctx.workspaceHalted ? 'halted' : ctx.tradingState;
  const values = { state, connectionState: ctx.tradingState, workspaceHalted: ctx.workspaceHalted, orderReduceOnly: ctx.order.reduceOnly };
  if (ctx.workspaceHalted) {
    return deny(RULE, 'trading_halted', 'The workspace kill switch is on: no new orders on any connection. Turn it off to trade again.', values);
  }
  if (ctx.tradingState === 'halted') {
    return deny(RULE, 'trading_halted', 'Trading on this connection is halted: no new orders. Set its trading state to active to trade again.', values);
  }
  if (ctx.tradingState !== 'reduce_only' && !ctx.order.reduceOnly) return pass(RULE, values);
  const { current, low, high } = positionRange(ctx, false);
  const reduceValues = { ...values, position: current, positionIfWorkingSellsFill: low, positionIfWorkingBuysFill: high, quantity: ctx.order.quantity, side: ctx.order.side };
  if (reducesPosition(ctx)) return pass(RULE, reduceValues);
  const why = ctx.tradingState === 'reduce_only' ? 'This connection is reduce-only' : 'The order is reduce-only';
  return deny(RULE, 'reduce_only',
    `${why}: a ${ctx.order.side} of ${ctx.order.quantity} ${ctx.order.instrument.symbol} would not lower the position (${current} now, ${low} to ${high} with working orders). ` +
    'Send a smaller order against the position, or cancel working orders first.',
    reduceValues);
};
