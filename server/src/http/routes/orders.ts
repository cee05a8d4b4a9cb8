// Orders over the API: the execution journal, read by any member; a trader cancels. Every order
// is a Kairox order (its id is the orderRef IB keeps); its steps say what happened and why.
import { z } from 'zod';
import { Conflict, KairoxError, NotFound } from '../../common/index.ts';
import { ORDER_STATES } from '../../domain/index.ts';
import { authOf } from '../auth.ts';
import type { Api, RouteContext } from '../context.ts';

const listQuery = z.object({
  connectionId: z.string().optional().describe('Only this connection’s orders.'),
  state: z.enum(ORDER_STATES, { error: `state must be one of ${ORDER_STATES.join(', ')}` }).optional().describe('Only orders in this state.'),
  signalId: z.string().optional().describe('Only the order of this signal.'),
  limit: z.coerce.number({ error: 'limit must be a number' }).int('limit must be a whole number').min(1, 'limit must be 1 to 200').max(200, 'limit must be 1 to 200').default(50)
    .describe('How many orders, newest first.'),
});

const byId = z.object({ id: z.string().describe('A Kairox order id (kxo_…), also the order’s orderRef at IB.') });

const tags = ['Orders'];

export function orderRoutes(app: Api, ctx: RouteContext): void {
  app.get('/api/orders', {
    config: { access: 'viewer' },
    schema: { summary: 'The workspace’s orders, newest first', tags, querystring: listQuery },
  }, async (request) => {
    const q = request.query;
    const orders = await ctx.orders.list(authOf(request).scope.workspaceId, {
      limit: q.limit, ...(q.connectionId !== undefined && { connectionId: q.connectionId }), ...(q.state !== undefined && { state: q.state }), ...(q.signalId !== undefined && { signalId: q.signalId }),
    });
    return { orders };
  });

  app.get('/api/orders/:id', {
    config: { access: 'viewer' },
    schema: { summary: 'One order: its state, IB’s ids and status, fills with commissions, and every step', tags, params: byId },
  }, async (request) => ({ order: await ctx.orders.get(authOf(request).scope.workspaceId, request.params.id) }));

  app.post('/api/orders/:id/cancel', {
    config: { access: 'trader' },
    schema: {
      summary: 'Cancels the order: asks IB (its confirmation follows as a state change), or withholds it if it was never sent',
      description: 'Answers 202 with the order once the cancel was handed to IB (state cancelling) or the order was withheld; 409 when it is already final; 503 when its connection is not ready to carry the cancel.',
      tags, params: byId,
    },
  }, async (request, reply) => {
    const workspaceId = authOf(request).scope.workspaceId;
    await ctx.orders.row(workspaceId, request.params.id);
    const answer = ctx.execution ? await ctx.execution.cancel(workspaceId, request.params.id) : { outcome: 'not_ready' as const };
    switch (answer.outcome) {
      case 'not_found':
        throw new NotFound('Order');
      case 'not_cancellable':
        throw new Conflict(`Order ${request.params.id} is ${answer.state.replaceAll('_', ' ')}: there is nothing to cancel.`);
      case 'not_ready':
        throw new KairoxError('CONNECTION_NOT_READY', 503, 'The order’s connection has no ready IB session in this Kairox process; the cancel was not sent. Try again once the connection is ready (its timeline says why it is not).');
      default:
        return reply.status(202).send({ order: await ctx.orders.get(workspaceId, request.params.id) });
    }
  });
}
