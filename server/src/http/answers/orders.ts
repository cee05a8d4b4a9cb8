// The answers of the order routes (routes/orders.ts): Kairox orders as the execution journal holds
// them (orders/views.ts OrderView, OrderDetail) and the order intent intake decided on
// (domain/trading.ts OrderIntent), which signals show too (answers/signals.ts).
import { z } from 'zod';
import { ORDER_SIDES, ORDER_STATES, ORDER_TYPES, SEC_TYPES, TIMES_IN_FORCE } from '../../domain/index.ts';
import { epochMs } from './common.ts';

const isoTime = () => z.string().describe('ISO 8601 time (UTC).');

/** The fields of an order intent; a signal's preview shows them without the ids. */
export const orderIntentFields = {
  kairoxOrderId: z.string().describe('kxo_…: the Kairox order id, also its orderRef at IB.'),
  signalId: z.string(),
  workspaceId: z.string(),
  connectionId: z.string(),
  account: z.string().describe('The IB account it is for.'),
  instrument: z.object({
    conId: z.number(),
    symbol: z.string(),
    secType: z.enum(SEC_TYPES),
    exchange: z.string(),
    primaryExchange: z.string().optional(),
    currency: z.string(),
    multiplier: z.number(),
    minTick: z.number(),
    localSymbol: z.string().optional(),
    lastTradeDate: z.string().optional(),
    strike: z.number().optional(),
    right: z.enum(['C', 'P']).optional(),
  }).describe('The approved instrument, as it was when the signal was decided.'),
  side: z.enum(ORDER_SIDES),
  quantity: z.number().describe('Sized and rounded down to the size increment.'),
  orderType: z.enum(ORDER_TYPES),
  limitPrice: z.number().optional().describe('Rounded to the instrument\'s price grid.'),
  stopPrice: z.number().optional(),
  trailingAmount: z.number().optional(),
  trailingPercent: z.number().optional(),
  tif: z.enum(TIMES_IN_FORCE),
  outsideRth: z.boolean(),
  bracket: z.object({
    takeProfit: z.object({ limitPrice: z.number() }).optional(),
    stopLoss: z.object({ stopPrice: z.number() }).optional(),
  }).optional().describe('The take-profit and stop-loss children sent with the entry.'),
  reduceOnly: z.boolean().describe('Only lowers the position (a close signal).'),
  expiresAt: epochMs().describe('Signal time + time-to-live (epoch ms): not sent by then, the order ends expired_unsent.'),
  strategy: z.string().optional(),
};

export const orderIntentAnswer = z.object(orderIntentFields);

const ibIdsAnswer = z.object({
  clientId: z.number().nullable().describe('The API client id of the session that placed it.'),
  orderId: z.number().nullable().describe('IB\'s order id, once one was reserved.'),
  permId: z.number().nullable().describe('IB\'s permanent id, once IB assigned one.'),
  status: z.string().nullable().describe('IB\'s last order status, verbatim (PreSubmitted, Submitted, Filled, …).'),
  sentOnAttempt: z.number().nullable().describe('The session\'s connection attempt it was sent on.'),
});

const bracketRole = z.enum(['parent', 'take_profit', 'stop_loss']);

const orderFields = {
  id: z.string().describe('kxo_…, also the order\'s orderRef at IB.'),
  connectionId: z.string(),
  signalId: z.string(),
  account: z.string(),
  conId: z.number(),
  symbol: z.string(),
  side: z.enum(ORDER_SIDES),
  quantity: z.number(),
  orderType: z.enum(ORDER_TYPES),
  state: z.enum(ORDER_STATES),
  ib: ibIdsAnswer,
  filledQuantity: z.number(),
  avgFillPrice: z.number().nullable(),
  commission: z.number().nullable().describe('The commissions IB reported for its fills so far; null before any.'),
  lastError: z.object({ code: z.number(), message: z.string() }).nullable().describe('IB\'s last error on the order, verbatim, with its code.'),
  expiresAt: isoTime().describe('Not sent by then, it ends expired_unsent.'),
  createdAt: isoTime(),
  updatedAt: isoTime(),
  intent: orderIntentAnswer.describe('What intake decided, with the terms of the latest modification.'),
  parentOrderId: z.string().nullable().describe('A bracket child: its parent\'s Kairox order id.'),
  bracketRole: bracketRole.nullable().describe('null outside a bracket.'),
};

export const orderAnswer = z.object(orderFields);

const fillAnswer = z.object({
  execId: z.string().describe('IB\'s execution id: each fill is recorded once.'),
  shares: z.number(),
  price: z.number(),
  side: z.string().nullable().describe('IB\'s side of the execution: BOT or SLD.'),
  time: z.string().nullable().describe('IB\'s execution time, as IB wrote it.'),
  commission: z.number().nullable().describe('null until IB reports the commission.'),
  commissionCurrency: z.string().nullable(),
  realizedPnl: z.number().nullable(),
});

const { id, bracketRole: role, state, side, quantity, orderType, filledQuantity, avgFillPrice, commission, lastError, ib } = orderFields;

export const orderDetailAnswer = orderAnswer.extend({
  fills: z.array(fillAnswer),
  steps: z.array(z.object({
    at: isoTime(),
    kind: z.string().describe('transition (a state change), execution, commission, ib_error, note, …'),
    event: z.string().nullable().describe('A transition\'s event (accept, send, fill, cancel_requested, …).'),
    from: z.string().nullable(),
    to: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()).describe('What explains the step: IB\'s code and text, the fill, the old and new terms, …'),
  })).describe('Every step, oldest first.'),
  children: z.array(z.object({
    id, bracketRole: role, state, side, quantity, orderType, filledQuantity, avgFillPrice, commission, lastError, ib, fills: z.array(fillAnswer),
  })).describe('A bracket parent\'s take-profit and stop-loss orders; empty for any other order.'),
});

export const oneOrderAnswer = z.object({ order: orderDetailAnswer });
