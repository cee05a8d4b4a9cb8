// The answers of what IB holds (routes/positions.ts): every client's open orders at IB, positions
// and P&L per connection and account (orders/ib-book.ts), and the journal's executions
// (orders/fills-view.ts). IB's fields are null where IB left them unset.
import { z } from 'zod';

export const ibOrdersAnswer = z.object({
  connectionId: z.string(),
  orders: z.array(z.object({
    clientId: z.number().nullable().describe('The API client id that placed it (0 for orders entered in TWS).'),
    orderId: z.number(),
    permId: z.number().nullable(),
    orderRef: z.string().nullable(),
    account: z.string().nullable(),
    conId: z.number().nullable(),
    symbol: z.string().nullable(),
    secType: z.string().nullable(),
    action: z.string().nullable().describe('BUY or SELL.'),
    quantity: z.number().nullable(),
    orderType: z.string().nullable(),
    limitPrice: z.number().nullable(),
    auxPrice: z.number().nullable().describe('IB\'s auxPrice: a stop\'s trigger price, a trailing stop\'s amount.'),
    tif: z.string().nullable(),
    status: z.string().nullable().describe('IB\'s order status, verbatim.'),
    filled: z.number().nullable(),
    remaining: z.number().nullable(),
    kairox: z.boolean().describe('Whether it is a Kairox order of this workspace (by orderRef or permId); Kairox never touches the others.'),
    kairoxOrderId: z.string().nullable(),
  })),
});

const pnlAnswer = z.object({ daily: z.number().nullable(), unrealized: z.number().nullable(), realized: z.number().nullable() });

export const positionsAnswer = z.object({
  connections: z.array(z.object({
    connectionId: z.string(),
    available: z.boolean().describe('False when no ready IB session for the connection runs in this process: reason says why, accounts is empty.'),
    reason: z.string().optional(),
    accounts: z.array(z.object({
      account: z.string(),
      positions: z.array(z.object({
        conId: z.number().nullable(),
        symbol: z.string().nullable(),
        secType: z.string().nullable(),
        currency: z.string().nullable(),
        quantity: z.number().describe('0 for a position closed today.'),
        avgCost: z.number().nullable(),
        kairox: z.boolean().describe('Kairox orders of this connection filled this contract in this account (others may hold some of it too).'),
      })),
      pnl: pnlAnswer.nullable().describe('The account\'s P&L today, in its base currency; null when IB gave none in time (pnlUnavailable says why).'),
      pnlUnavailable: z.string().optional(),
    })),
  })),
});

export const executionsAnswer = z.object({
  executions: z.array(z.object({
    execId: z.string(),
    orderId: z.string().describe('The Kairox order (kxo_…) it filled.'),
    connectionId: z.string(),
    account: z.string().nullable(),
    conId: z.number(),
    symbol: z.string(),
    side: z.string().nullable().describe('IB\'s side of the execution: BOT or SLD.'),
    shares: z.number(),
    price: z.number(),
    commission: z.number().nullable().describe('null until IB reports the commission.'),
    commissionCurrency: z.string().nullable(),
    realizedPnl: z.number().nullable(),
    time: z.string().nullable().describe('IB\'s execution time, as IB wrote it.'),
    receivedAt: z.string().describe('When Kairox recorded it (ISO 8601).'),
  })),
});
