// Webhooks for alert senders (TradingView and the like). /api/webhooks manages them (the secret is
// shown once, on create and rotate; lists never show it). /hooks/... is the alert senders' door:
// public, because the secret in the URL path or the body is the credential; it reads the raw body
// as text whether it is sent as application/json or text/plain (TradingView sends text/plain when
// the message does not look like JSON), which the rest of the app refuses on purpose (app.ts).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PayloadTooLarge } from '../../common/index.ts';
import { SignalSchema } from '../../domain/index.ts';
import { TradingViewAlertSchema } from '../../intake/index.ts';
import { deliveriesAnswer, oneWebhookAnswer, webhookAnswer, webhookCredentialsAnswer } from '../answers/webhooks.ts';
import { authOf } from '../auth.ts';
import { actorOf, metaOf, type Api, type RouteContext } from '../context.ts';
import { submitTimingsOf } from '../server-timing.ts';

/** Alert messages are small; TradingView's own limit is a few kilobytes. */
export const WEBHOOK_BODY_LIMIT_BYTES = 16 * 1024;

const UTF8 = new TextDecoder('utf-8', { fatal: true });

const createBody = z.strictObject({
  connectionId: z.string({ error: 'connectionId is required: the connection (con_…) the alerts trade through' }).describe('The connection (con_…) whose signals the alerts become.'),
  name: z.string({ error: 'name is required: a label such as "TradingView AAPL breakout"' }).trim()
    .min(1, 'name must not be empty: a label such as "TradingView AAPL breakout"')
    .max(80, 'name must be at most 80 characters')
    .regex(/^[^\p{Cc}]*$/u, 'name must not hold control characters')
    .describe('A label to tell webhooks apart, e.g. "TradingView AAPL breakout".'),
});

const listQuery = z.object({
  includeRevoked: z.enum(['true', 'false'], { error: 'includeRevoked must be true or false' }).optional().describe('Also revoked webhooks (kept for history). Default false.'),
});

const webhookParams = z.object({ id: z.string().describe('A webhook id (whk_…).') });
const hookParams = z.object({ webhookId: z.string().describe('The webhook id (whk_…), from its URL.') });
const hookWithSecretParams = hookParams.extend({ secret: z.string().describe('The webhook secret, as in the URL Kairox showed once.') });

const TRADINGVIEW_EXAMPLE = '{"ticker": "{{ticker}}", "action": "{{strategy.order.action}}", "sentiment": "{{strategy.market_position}}", "quantity": "{{strategy.order.contracts}}", "price": "{{close}}", "time": "{{timenow}}"}';

const HOOK_DESCRIPTION = `The door for alert senders such as TradingView, which cannot sign in or set headers: the webhook secret is the credential. Paste the URL shown when the webhook was created (or rotated) into the alert's Webhook URL, and write the alert's message as JSON, for example:

${TRADINGVIEW_EXAMPLE}

The body is read as application/json or text/plain (TradingView sends text/plain when the message is not valid JSON), at most ${WEBHOOK_BODY_LIMIT_BYTES / 1024} KiB; it is a Kairox signal (instrument, action, size, …) or a TradingView / TradersPost-style alert (ticker, action, sentiment, quantity, …), on the webhook's own connection. Answers: 202 {deliveryId, signalId, repeated, decision} for a signal; 400 {error: {code: "VALIDATION_FAILED", reason, message, field}} for a body Kairox cannot use (reason is stable: placeholders_not_filled, not_json, invalid_signal, …), never a 5xx; 401 for an unknown, revoked or rotated webhook or a wrong secret (one answer for all); 429 with Retry-After past the per-webhook rate. An identical body re-sent within the re-delivery window (KAIROX_WEBHOOK_DEDUPE_SECONDS) gets the first delivery's answer and creates nothing new.`;

/** Documents what the alert senders may post (either schema); the route reads the raw text itself. */
// `example` (not `examples`): the generator keeps it on a union whose members transform.
const hookBody = z.union([SignalSchema, TradingViewAlertSchema]).meta({
  example: { ticker: 'NASDAQ:AAPL', action: 'buy', sentiment: 'bullish', quantity: '10', price: '190.12', time: '2026-12-01T15:00:00Z', passphrase: '(the webhook secret, when it is not in the URL)' },
});

const tags = ['Webhooks'];
const hookTags = ['Alert senders (webhook deliveries)'];

export function webhookRoutes(app: Api, ctx: RouteContext): void {
  const service = ctx.webhooks;

  app.post('/api/webhooks', {
    config: { access: 'trader' },
    schema: {
      summary: 'Creates a webhook for an alert sender; its URL (with the secret in the path) and the secret are shown this once',
      description: 'Only the secret’s sha256 is kept: copy the url now. A lost secret is replaced with POST /api/webhooks/{id}/rotate.',
      tags, body: createBody, response: { 201: webhookCredentialsAnswer },
    },
  }, async (request, reply) => {
    const a = authOf(request);
    return reply.status(201).send(await service.create(a.scope, request.body, { actor: actorOf(a), meta: metaOf(request) }));
  });

  app.get('/api/webhooks', {
    config: { access: 'viewer' },
    schema: { summary: 'The workspace’s webhooks, oldest first; never their secrets', tags, querystring: listQuery, response: { 200: z.object({ webhooks: z.array(webhookAnswer) }) } },
  }, async (request) => ({ webhooks: await service.list(authOf(request).scope, { includeRevoked: request.query.includeRevoked === 'true' }) }));

  app.get('/api/webhooks/:id', {
    config: { access: 'viewer' },
    schema: { summary: 'One webhook; never its secret', tags, params: webhookParams, response: { 200: oneWebhookAnswer } },
  }, async (request) => ({ webhook: await service.get(authOf(request).scope, request.params.id) }));

  app.post('/api/webhooks/:id/rotate', {
    config: { access: 'trader' },
    schema: { summary: 'Gives the webhook a new secret, shown this once; the old one stops working at once', tags, params: webhookParams, response: { 200: webhookCredentialsAnswer } },
  }, async (request) => {
    const a = authOf(request);
    return service.rotate(a.scope, request.params.id, { actor: actorOf(a), meta: metaOf(request) });
  });

  app.delete('/api/webhooks/:id', {
    config: { access: 'trader' },
    schema: { summary: 'Revokes a webhook: its deliveries are refused (401); it stays listed with includeRevoked', tags, params: webhookParams, response: { 200: oneWebhookAnswer } },
  }, async (request) => {
    const a = authOf(request);
    return { webhook: await service.revoke(a.scope, request.params.id, { actor: actorOf(a), meta: metaOf(request) }) };
  });

  app.get('/api/webhooks/:id/deliveries', {
    config: { access: 'viewer' },
    schema: {
      summary: 'The webhook’s recent deliveries, newest first: outcome, status, signal, the problem’s code and field, the body without its secrets',
      tags, params: webhookParams, response: { 200: deliveriesAnswer },
    },
  }, async (request) => ({ deliveries: await service.deliveries(authOf(request).scope, request.params.id) }));

  void app.register(async (scope) => {
    const hooks = scope.withTypeProvider<ZodTypeProvider>();
    // Scoped to this plugin: every body here is raw bytes, read by the webhook service.
    hooks.removeAllContentTypeParsers();
    hooks.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

    const deliver = async (request: FastifyRequest, reply: FastifyReply, webhookId: string, secret: string | undefined) => {
      const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      // Checked here rather than by Fastify's bodyLimit, so the answer names this limit, not the app's.
      if (bytes.length > WEBHOOK_BODY_LIMIT_BYTES) throw new PayloadTooLarge(WEBHOOK_BODY_LIMIT_BYTES);
      let text: string;
      try {
        text = UTF8.decode(bytes);
      } catch {
        // Bytes that are not UTF-8 cannot be JSON: the decoder answers not_json, and nothing of them is kept.
        text = '\u0000';
      }
      const answer = await service.deliver({ webhookId, ...(secret !== undefined && { pathSecret: secret }), text, contentType: request.headers['content-type'], meta: metaOf(request), timings: submitTimingsOf(request) });
      const after = answer.afterAnswer;
      // 'close' comes after the answer is written, or when the sender hung up first.
      if (after) reply.raw.once('close', () => void after().catch((error: unknown) => ctx.logger.error({ err: error, webhookId }, 'could not record a refused webhook delivery')));
      return reply.status(answer.status).headers(answer.headers ?? {}).send(answer.body);
    };
    // The body schema documents the two formats; the service reads and judges the raw text itself.
    const readRaw = () => (data: unknown) => ({ value: data });

    hooks.post('/hooks/:webhookId/:secret', {
      config: { access: 'public' },
      validatorCompiler: readRaw,
      schema: {
        summary: 'Delivers an alert, the webhook secret in the URL path (TradingView’s Webhook URL)',
        description: HOOK_DESCRIPTION, tags: hookTags, params: hookWithSecretParams, body: hookBody, consumes: ['application/json', 'text/plain'],
      },
    }, async (request, reply) => deliver(request, reply, request.params.webhookId, request.params.secret));

    hooks.post('/hooks/:webhookId', {
      config: { access: 'public' },
      validatorCompiler: readRaw,
      schema: {
        summary: 'Delivers an alert, the webhook secret in the body (a "token" or "passphrase" field)',
        description: HOOK_DESCRIPTION, tags: hookTags, params: hookParams, body: hookBody, consumes: ['application/json', 'text/plain'],
      },
    }, async (request, reply) => deliver(request, reply, request.params.webhookId, undefined));
  });
}
