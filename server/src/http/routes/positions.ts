// What IB holds, over the API: the connection's open orders at IB (every client's, each marked
// Kairox's or not), positions per connection and account with the account's P&L, and the journal's
// executions. Any member reads them; nothing here changes anything at IB.
import { z } from 'zod';
import { executionsAnswer, ibOrdersAnswer, positionsAnswer } from '../answers/positions.ts';
import { authOf } from '../auth.ts';
import type { Api, RouteContext } from '../context.ts';

const byId = z.object({ id: z.string().describe('A connection id (con_…).') });

const positionsQuery = z.object({
  connectionId: z.string().optional().describe('Only this connection (default: every connection of the workspace).'),
});

const executionsQuery = z.object({
  connectionId: z.string().optional().describe('Only this connection’s executions.'),
  orderId: z.string().optional().describe('Only the executions of this Kairox order (kxo_…).'),
  since: z.iso.datetime({ offset: true, error: 'since must be an ISO 8601 time with its zone, e.g. 2026-12-01T15:00:00Z' }).optional()
    .describe('Only executions Kairox recorded at or after this time.'),
  limit: z.coerce.number({ error: 'limit must be a number' }).int('limit must be a whole number').min(1, 'limit must be 1 to 500').max(500, 'limit must be 1 to 500').default(100)
    .describe('How many, newest first.'),
});

export function positionRoutes(app: Api, ctx: RouteContext): void {
  app.get('/api/connections/:id/ib-orders', {
    config: { access: 'viewer' },
    schema: {
      summary: 'The connection’s open orders at IB, every client’s, each marked Kairox’s or not',
      description: 'Read from IB when asked (reqAllOpenOrders): orders of every API client id and those entered in TWS, for the login’s accounts. `kairox: true` (with `kairoxOrderId`) when the orderRef is a Kairox order id of this workspace (or its permId is one of its orders’); `kairox: false` for everything else — Kairox never cancels or changes those. IB keeps following other clients’ orders only for client id 0 (or the master client id): this list is IB’s answer at the moment of the call. 503 CONNECTION_NOT_READY when no ready IB session for the connection runs in this process.',
      tags: ['Orders'], params: byId, response: { 200: ibOrdersAnswer },
    },
  }, async (request) => {
    const scope = authOf(request).scope;
    const connection = await ctx.connections.get(scope, request.params.id);
    return { connectionId: connection.id, orders: await ctx.ibBook.openOrders(scope.workspaceId, connection.id) };
  });

  app.get('/api/positions', {
    config: { access: 'viewer' },
    schema: {
      summary: 'Positions per connection and account, as IB reports them, with the account’s P&L today',
      description: 'From the positions each connection’s session holds per account (reqPositionsMulti, kept current by IB’s pushes; a position closed today is listed with 0) and the account P&L it holds (reqPnL: daily, unrealized, realized). `kairox: true` marks a position in a contract Kairox orders of that connection filled in that account — it may also hold shares others bought; `kairox: false` means Kairox never traded it there. A connection without a ready session in this process is listed with `available: false` and the reason.',
      tags: ['Orders'], querystring: positionsQuery, response: { 200: positionsAnswer },
    },
  }, async (request) => {
    const scope = authOf(request).scope;
    const { connectionId } = request.query;
    const ids = connectionId !== undefined ? [(await ctx.connections.get(scope, connectionId)).id] : (await ctx.connections.list(scope)).map((c) => c.id);
    return { connections: await ctx.ibBook.positions(scope.workspaceId, ids) };
  });

  app.get('/api/executions', {
    config: { access: 'viewer' },
    schema: {
      summary: 'Executions of Kairox orders (one per IB execId), newest first, with commissions',
      description: 'From the execution journal: replays after a reconnect never appear twice. A commission IB has not reported yet is null.',
      tags: ['Orders'], querystring: executionsQuery, response: { 200: executionsAnswer },
    },
  }, async (request) => {
    const q = request.query;
    const executions = await ctx.fills.list(authOf(request).scope.workspaceId, {
      limit: q.limit, ...(q.connectionId !== undefined && { connectionId: q.connectionId }), ...(q.orderId !== undefined && { orderId: q.orderId }),
      ...(q.since !== undefined && { since: Date.parse(q.since) }),
    });
    return { executions };
  });
}
