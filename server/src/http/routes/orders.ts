// Orders over the API: the execution journal, read by any member; a trader cancels. Every order
// is a Kairox order (its id is the orderRef IB keeps); its steps say what happened and why.
import { z } from 'zod';
import { Conflict, KairoxError, NotFound, ValidationError } from '../../common/index.ts';
import { ORDER_STATES } from '../../domain/index.ts';
import { oneOrderAnswer, orderAnswer } from '../answers/orders.ts';
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

const positive = (field: string, example: number) => z.number({ error: `${field} must be a number, e.g. ${example}.` }).positive({ error: `${field} must be above 0, e.g. ${example}.` });
const MODIFY_FIELDS = ['quantity', 'limitPrice', 'stopPrice'];

const modifyBody = z.strictObject({
  quantity: positive('quantity', 10).optional().describe('The order\'s new total quantity (what is filled counts in it); must stay above what is filled.'),
  limitPrice: positive('limitPrice', 190.5).optional().describe('LMT and STP LMT: the new limit price, rounded to the instrument\'s price grid like a signal\'s.'),
  stopPrice: positive('stopPrice', 185).optional().describe('STP and STP LMT: the new trigger price, rounded to the grid.'),
}, { error: (issue) => (issue.code === 'unrecognized_keys' ? `${issue.keys.join(', ')} cannot be modified; send any of ${MODIFY_FIELDS.join(', ')}.` : undefined) })
  .refine((b) => MODIFY_FIELDS.some((f) => f in b), { error: `Send at least one of ${MODIFY_FIELDS.join(', ')}.` });

const tags = ['Orders'];

export function orderRoutes(app: Api, ctx: RouteContext): void {
  app.get('/api/orders', {
    config: { access: 'viewer' },
    schema: { summary: 'The workspace’s orders, newest first; a bracket’s take-profit and stop-loss are orders of their own, with parentOrderId and bracketRole', tags, querystring: listQuery, response: { 200: z.object({ orders: z.array(orderAnswer) }) } },
  }, async (request) => {
    const q = request.query;
    const orders = await ctx.orders.list(authOf(request).scope.workspaceId, {
      limit: q.limit, ...(q.connectionId !== undefined && { connectionId: q.connectionId }), ...(q.state !== undefined && { state: q.state }), ...(q.signalId !== undefined && { signalId: q.signalId }),
    });
    return { orders };
  });

  app.get('/api/orders/:id', {
    config: { access: 'viewer' },
    schema: { summary: 'One order: its state, IB’s ids and status, fills with commissions, every step, and a bracket parent’s children (role, state, fills)', tags, params: byId, response: { 200: oneOrderAnswer } },
  }, async (request) => ({ order: await ctx.orders.get(authOf(request).scope.workspaceId, request.params.id) }));

  app.post('/api/orders/:id/cancel', {
    config: { access: 'trader' },
    schema: {
      summary: 'Cancels the order: asks IB (its confirmation follows as a state change), or withholds it if it was never sent; a bracket parent takes its children with it',
      description: 'Answers 202 with the order once the cancel was handed to IB (state cancelling) or the order was withheld; 409 when it is already final; 503 when its connection is not ready to carry the cancel.',
      tags, params: byId, response: { 202: oneOrderAnswer },
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

  app.patch('/api/orders/:id', {
    config: { access: 'trader' },
    schema: {
      summary: 'Modifies a working order (quantity, limit or stop price): re-checked by the risk gate, journaled, then sent to IB on the same order id',
      description: 'Answers 202 with the order once the modification was handed to IB (its steps show modify_requested, then modify_sent; IB\'s answer follows as modify_acknowledged, or modify_rejected with IB\'s text and the old values back). 400 names a field that is wrong for this order; 409 when the order is not working or partially filled; 422 RISK_DENIED with the rule\'s code and every rule\'s outcome when the modified order fails the risk gate (nothing is sent); 503 when its connection is not ready (nothing is sent).',
      tags, params: byId, body: modifyBody, response: { 202: oneOrderAnswer },
    },
  }, async (request, reply) => {
    const workspaceId = authOf(request).scope.workspaceId;
    await ctx.orders.row(workspaceId, request.params.id);
    const answer = ctx.modifications
      ? await ctx.modifications.modify(workspaceId, request.params.id, request.body)
      : { outcome: 'not_ready' as const, why: 'this Kairox process runs no broker worker' };
    switch (answer.outcome) {
      case 'not_found':
        throw new NotFound('Order');
      case 'not_modifiable':
        throw new Conflict(`Order ${request.params.id} is ${answer.state.replaceAll('_', ' ')}: only a working or partially filled order can be modified.`);
      case 'invalid':
        throw new ValidationError(answer.message, answer.field);
      case 'denied':
        throw new KairoxError('RISK_DENIED', 422, `The modified order was denied by the risk gate (${answer.code}): ${answer.message} Nothing was sent; the order keeps its terms.`, { denial: answer.code, steps: answer.steps });
      case 'not_ready':
        throw new KairoxError('CONNECTION_NOT_READY', 503, `The order’s connection is not ready (${answer.why}); the modification was not sent and the order keeps its terms. Try again once the connection is ready.`);
      default:
        return reply.status(202).send({ order: await ctx.orders.get(workspaceId, request.params.id) });
    }
  });
}
