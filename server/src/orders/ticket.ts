// The intent intake prepared, as the order that goes on the wire. Pure. What the session cannot
// send faithfully yet is refused with why (the order is then withheld, never sent half-right).
import type { OrderIntent } from '../domain/index.ts';
import type { OrderTicket } from './ports.ts';

export type TicketResult = { ok: true; ticket: OrderTicket } | { ok: false; reason: string };

export function ticketOf(intent: OrderIntent): TicketResult {
  if (intent.bracket !== undefined) {
    return { ok: false, reason: 'bracket orders (take-profit / stop-loss children) are not sent yet: Kairox will not send the parent without its children' };
  }
  if (intent.orderType === 'TRAIL' && intent.trailingAmount === undefined) {
    return { ok: false, reason: 'trailing-percent orders are not sent yet; send the trail as trailingAmount' };
  }
  const i = intent.instrument;
  const auxPrice = intent.orderType === 'TRAIL' ? intent.trailingAmount : intent.stopPrice;
  return {
    ok: true,
    ticket: {
      orderRef: intent.kairoxOrderId, account: intent.account,
      contract: { conId: i.conId, symbol: i.symbol, secType: i.secType, exchange: i.exchange, currency: i.currency, ...(i.primaryExchange !== undefined && { primaryExchange: i.primaryExchange }) },
      side: intent.side, quantity: intent.quantity, orderType: intent.orderType,
      ...(intent.limitPrice !== undefined && { limitPrice: intent.limitPrice }),
      ...(auxPrice !== undefined && { auxPrice }),
      tif: intent.tif, outsideRth: intent.outsideRth,
    },
  };
}
