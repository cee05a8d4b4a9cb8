// The intent as the order that goes on the wire: domain/order-ticket.ts (intake's preview asks IB's
// what-if for the same ticket execution sends).
export { ticketOf, type TicketResult } from '../domain/index.ts';
