// Trading controls: a connection's trading state, the workspace kill switch and the paper-first
// execution switch (rules in domain/trading-controls.ts). Who may do what, on purpose:
// halting is easy and resuming deliberate — any trader halts (a connection or the whole
// workspace), only an owner lifts the kill switch; execution is turned off by any trader, on by a
// trader for a paper account and only by an owner, typing the account id, for a live one.
import { z } from 'zod';
import { TRADING_STATES } from '../../domain/index.ts';
import { hasRole } from '../../workspaces/index.ts';
import { authOf } from '../auth.ts';
import { actorOf, metaOf, type Api, type RouteContext } from '../context.ts';

const reason = z.string({ error: 'reason must be text' }).trim()
  .min(1, 'reason must not be empty; leave it out instead')
  .max(500, 'reason must be at most 500 characters')
  .regex(/^[^\p{Cc}]*$/u, 'reason must not contain control characters')
  .describe('Why, for the timeline and the audit trail (optional).');

const stateBody = z.strictObject({
  state: z.enum(TRADING_STATES, { error: `state must be one of ${TRADING_STATES.join(', ')}` })
    .describe('active (trade), reduce_only (only orders that lower a position), halted (nothing new; cancels still pass).'),
  reason: reason.optional(),
});

const killSwitchBody = z.strictObject({ reason: reason.optional() });

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
      tags, params: byId,
    },
  }, async (request) => ({ trading: await service.view(authOf(request).scope, request.params.id) }));

  app.put('/api/connections/:id/trading-state', {
    config: { access: 'trader' },
    schema: {
      summary: 'Sets the connection’s trading state: active, reduce_only or halted',
      description: 'While the workspace kill switch is on, the effective state stays halted whatever is set here. Resuming (active, reduce_only) is refused with 409 EXECUTION_MODE_MISMATCH while the login’s account type differs from the one execution was enabled for.',
      tags, params: byId, body: stateBody,
    },
  }, async (request) => {
    const a = authOf(request);
    return { trading: await service.setState(a.scope, request.params.id, request.body, { actor: actorOf(a), meta: metaOf(request) }) };
  });

  app.post('/api/kill-switch', {
    config: { access: 'trader' },
    schema: {
      summary: 'Halts every connection of the workspace (the kill switch); only an owner lifts it',
      description: 'The body is optional: a bare POST (no body, or an empty one) halts too, so the switch works from any HTTP client in a hurry.',
      tags, body: killSwitchBody,
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
    return await service.engageKillSwitch(a.scope, request.body ?? {}, { actor: actorOf(a), meta: metaOf(request) });
  });

  app.get('/api/kill-switch', {
    config: { access: 'viewer' },
    schema: { summary: 'Whether the workspace kill switch is on, and the paper-first evidence', tags },
  }, async (request) => service.workspace(authOf(request).scope));

  app.delete('/api/kill-switch', {
    config: { access: 'owner' },
    schema: { summary: 'Lifts the kill switch: every connection is back to its own trading state', tags },
  }, async (request) => {
    const a = authOf(request);
    return await service.liftKillSwitch(a.scope, { actor: actorOf(a), meta: metaOf(request) });
  });

  app.put('/api/connections/:id/execution', {
    config: { access: 'trader' },
    schema: {
      summary: 'Turns execution on or off for the connection (off by default: signals are prepared, not sent)',
      description: 'Paper: any trader, no confirmation. Live: refused until a paper account of the workspace reported a fill (409 PAPER_FILL_REQUIRED), then only by an owner (403 OWNER_REQUIRED) typing the account id the connection reports (422 CONFIRM_ACCOUNT_REQUIRED / CONFIRM_ACCOUNT_MISMATCH). A login with paper and live accounts is refused (409 MIXED_MODE_LOGIN). Off: any trader.',
      tags, params: byId, body: executionBody,
    },
  }, async (request) => {
    const a = authOf(request);
    const { enabled, confirmAccount } = request.body;
    const by = { actor: actorOf(a), meta: metaOf(request), owner: hasRole(a.role, 'owner') };
    return { trading: await service.setExecution(a.scope, request.params.id, { enabled, ...(confirmAccount !== undefined && { confirmAccount }) }, by) };
  });
}
