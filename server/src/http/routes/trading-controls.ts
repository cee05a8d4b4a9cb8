// Trading controls: a connection's trading state, the workspace kill switch and the paper-first
// execution switch (rules in domain/trading-controls.ts). Who may do what, on purpose:
// halting is easy and resuming deliberate — any trader halts (a connection or the whole
// workspace), only an owner lifts the kill switch; execution is turned off by any trader, on by a
// trader for a paper account and only by an owner, typing the account id, for a live one.
import { z } from 'zod';
import { ValidationError } from '../../common/index.ts';
import { TRADING_STATES } from '../../domain/index.ts';
import { cancelOpenOrders } from '../../orders/index.ts';
import { hasRole } from '../../workspaces/index.ts';
import { killSwitchEngagedAnswer, tradingAnswer, tradingStateAnswer, workspaceControlsAnswer } from '../answers/connections.ts';
import { authOf } from '../auth.ts';
import { actorOf, metaOf, type Api, type RouteContext } from '../context.ts';

const reason = z.string({ error: 'reason must be text' }).trim()
  .min(1, 'reason must not be empty; leave it out instead')
  .max(500, 'reason must be at most 500 characters')
  .regex(/^[^\p{Cc}]*$/u, 'reason must not contain control characters')
  .describe('Why, for the timeline and the audit trail (optional).');

const cancelOpenOrdersField = z.boolean({ error: 'cancelOpenOrders must be true or false' })
  .describe('true: after halting, also cancel the open Kairox orders at IB, one by one (orders not sent yet are withheld); the answer lists each order with what happened. Orders Kairox did not place are never touched.');

const stateBody = z.strictObject({
  state: z.enum(TRADING_STATES, { error: `state must be one of ${TRADING_STATES.join(', ')}` })
    .describe('active (trade), reduce_only (only orders that lower a position), halted (nothing new; cancels still pass).'),
  reason: reason.optional(),
  cancelOpenOrders: cancelOpenOrdersField.optional(),
});

const killSwitchBody = z.strictObject({ reason: reason.optional(), cancelOpenOrders: cancelOpenOrdersField.optional() });

// Each answer names the order and one of requested / withheld / not_ready / not_cancellable, so
// nothing is left unsaid; the cancels themselves are journaled and audited as transitions.
const SWEEP_DESCRIPTION = 'With `cancelOpenOrders: true`, `cancels` lists every Kairox order that was open: requested (the cancel went to IB; its confirmation follows as a state change), withheld (never sent, now never will be), not_ready (its connection has no ready IB session in this process: cancel it again later), not_cancellable (it ended meanwhile). Cancels are per order, never IB’s global cancel, which would also cancel the user’s manual orders.';

const executionBody = z.strictObject({
  enabled: z.boolean({ error: 'enabled must be true or false' }).describe('true turns execution on (paper first; live needs an owner and confirmAccount), false turns it off.'),
  confirmAccount: z.string({ error: 'confirmAccount must be text: the live account id, e.g. U1234567' }).trim().max(32, 'confirmAccount must be an IB account id, e.g. U1234567')
    .optional().describe('Live accounts: the account id the connection reports, typed to confirm (e.g. U1234567). Paper needs none.'),
});

const byId = z.object({ id: z.string().describe('A connection id (con_…).') });

const tags = ['Trading controls'];

export function tradingControlRoutes(app: Api, ctx: RouteContext): void {
  const service = ctx.tradingControls;

  app.get('/api/connections/:id/trading', {
    config: { access: 'viewer' },
    schema: {
      summary: 'The connection’s trading state, its effective state with the kill switch, and the execution switch with what enabling it needs',
      description: '`execution.needs` lists, each with a stable code, what is missing before execution can be enabled (e.g. PAPER_FILL_REQUIRED: a filled paper order first; CONFIRM_ACCOUNT_REQUIRED: an owner types the live account id).',
      tags, params: byId, response: { 200: z.object({ trading: tradingAnswer }) },
    },
  }, async (request) => ({ trading: await service.view(authOf(request).scope, request.params.id) }));

  app.put('/api/connections/:id/trading-state', {
    config: { access: 'trader' },
    schema: {
      summary: 'Sets the connection’s trading state: active, reduce_only or halted',
      description: `While the workspace kill switch is on, the effective state stays halted whatever is set here. Resuming (active, reduce_only) is refused with 409 EXECUTION_MODE_MISMATCH while the login’s account type differs from the one execution was enabled for. cancelOpenOrders goes only with halted. ${SWEEP_DESCRIPTION}`,
      tags, params: byId, body: stateBody, response: { 200: tradingStateAnswer },
    },
  }, async (request) => {
    const a = authOf(request);
    const { cancelOpenOrders: sweep, ...input } = request.body;
    if (sweep === true && input.state !== 'halted') throw new ValidationError('cancelOpenOrders goes with state halted: halt the connection to cancel its open orders, or leave cancelOpenOrders out.', 'cancelOpenOrders');
    const trading = await service.setState(a.scope, request.params.id, input, { actor: actorOf(a), meta: metaOf(request) });
    if (sweep !== true) return { trading };
    return { trading, cancels: await cancelOpenOrders(ctx.db, ctx.execution, a.scope.workspaceId, request.params.id) };
  });

  app.post('/api/kill-switch', {
    config: { access: 'trader' },
    schema: {
      summary: 'Halts every connection of the workspace (the kill switch); only an owner lifts it',
      description: `The body is optional: a bare POST (no body, or an empty one) halts too, so the switch works from any HTTP client in a hurry. ${SWEEP_DESCRIPTION}`,
      tags, body: killSwitchBody, response: { 200: killSwitchEngagedAnswer },
    },
    // In an emergency nobody should be refused for leaving the body out: an empty body is no body,
    // and no body is {} (the reason is optional).
    onRequest: async (request) => {
      if (request.headers['content-length'] === '0') delete request.headers['content-type'];
    },
    preValidation: async (request) => {
      request.body ??= {};
    },
  }, async (request) => {
    const a = authOf(request);
    const { cancelOpenOrders: sweep, ...input } = request.body ?? {};
    // Halted first, so nothing new is sent while the open orders are being cancelled.
    const controls = await service.engageKillSwitch(a.scope, input, { actor: actorOf(a), meta: metaOf(request) });
    if (sweep !== true) return controls;
    return { ...controls, cancels: await cancelOpenOrders(ctx.db, ctx.execution, a.scope.workspaceId) };
  });

  app.get('/api/kill-switch', {
    config: { access: 'viewer' },
    schema: { summary: 'Whether the workspace kill switch is on, and the paper-first evidence', tags, response: { 200: workspaceControlsAnswer } },
  }, async (request) => service.workspace(authOf(request).scope));

  app.delete('/api/kill-switch', {
    config: { access: 'owner' },
    schema: { summary: 'Lifts the kill switch: every connection is back to its own trading state', tags, response: { 200: workspaceControlsAnswer } },
  }, async (request) => {
    const a = authOf(request);
    return await service.liftKillSwitch(a.scope, { actor: actorOf(a), meta: metaOf(request) });
  });

  app.put('/api/connections/:id/execution', {
    config: { access: 'trader' },
    schema: {
      summary: 'Turns execution on or off for the connection (off by default: signals are prepared, not sent)',
      description: 'Paper: any trader, no confirmation. Live: refused until a paper account of the workspace reported a fill (409 PAPER_FILL_REQUIRED), then only by an owner (403 OWNER_REQUIRED) typing the account id the connection reports (422 CONFIRM_ACCOUNT_REQUIRED / CONFIRM_ACCOUNT_MISMATCH). A login with paper and live accounts is refused (409 MIXED_MODE_LOGIN). Off: any trader.',
      tags, params: byId, body: executionBody, response: { 200: z.object({ trading: tradingAnswer }) },
    },
  }, async (request) => {
    const a = authOf(request);
    const { enabled, confirmAccount } = request.body;
    const by = { actor: actorOf(a), meta: metaOf(request), owner: hasRole(a.role, 'owner') };
    return { trading: await service.setExecution(a.scope, request.params.id, { enabled, ...(confirmAccount !== undefined && { confirmAccount }) }, by) };
  });
}
