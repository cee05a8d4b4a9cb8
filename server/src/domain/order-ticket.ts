// The intent intake prepared, as the order that goes on the wire. Pure. A bracket's parent and each
// of its children are tickets of their own (each child has its own intent, orders/bracket.ts); the
// session adds parentId and transmit when it sends the group. A TRAIL goes as IB's trailingPercent
// when the signal gave a percentage (auxPrice unset), else as its amount in auxPrice. Execution
// sends it; intake's preview asks IB's what-if for the same ticket.
import type { OrderTicket } from './order-route.ts';
import type { OrderIntent } from './trading.ts';

export type TicketResult = { ok: true; ticket: OrderTicket } | { ok: false; reason: string };

export function ticketOf(intent: OrderIntent): TicketResult {
  if (intent.orderType === 'TRAIL' && (intent.trailingAmount === undefined) === (intent.trailingPercent === undefined)) {
    return { ok: false, reason: 'a TRAIL order needs exactly one of trailingAmount and trailingPercent' };
  }
  const i = intent.instrument;
  const auxPrice = intent.orderType === 'TRAIL' ? intent.trailingAmount : intent.stopPrice;
  const trailingPercent = intent.orderType === 'TRAIL' ? intent.trailingPercent : undefined;
  return {
    ok: true,
    ticket: {
      orderRef: intent.kairoxOrderId, account: intent.account,
      contract: { conId: i.conId, symbol: i.symbol, secType: i.secType, exchange: i.exchange, currency: i.currency, ...(i.primaryExchange !== undefined && { primaryExchange: i.primaryExchange }) },
      side: intent.side, quantity: intent.quantity, orderType: intent.orderType,
      ...(intent.limitPrice !== undefined && { limitPrice: intent.limitPrice }),
      ...(auxPrice !== undefined && { auxPrice }),
      ...(trailingPercent !== undefined && { trailingPercent }),
      tif: intent.tif, outsideRth: intent.outsideRth,
    },
  };
}
