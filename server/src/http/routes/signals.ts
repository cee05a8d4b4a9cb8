// Signals over the API: POST one (recorded and decided before the answer: 202 with its decision),
// list them, read one with every step and the order intent. The body is the one Kairox signal
// schema, so the OpenAPI document shows it with its example. Webhooks hand their signals to the
// same SignalIntake port.
import { z } from 'zod';
import { BadRequest } from '../../common/index.ts';
import { SignalSchema, MAX_IDEMPOTENCY_KEY_LENGTH } from '../../domain/index.ts';
import { SIGNAL_STATUSES, WHAT_IF_TIMEOUT_MS } from '../../intake/index.ts';
import { previewAnswer, signalAnswer, signalsAnswer, submittedAnswer } from '../answers/signals.ts';
import { authOf } from '../auth.ts';
import { jsonTextChecker, verifyingResponses } from '../response-schemas.ts';
import { actorOf, type Api, type RouteContext } from '../context.ts';
import { submitTimingsOf } from '../server-timing.ts';

const headers = z.object({
  'idempotency-key': z.string().min(1, `Idempotency-Key must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`).max(MAX_IDEMPOTENCY_KEY_LENGTH, `Idempotency-Key must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`)
    .regex(/^[A-Za-z0-9._:~@+=/#-]+$/, 'Idempotency-Key must be letters, digits and . _ : ~ @ + = / # -')
    .optional()
    .describe('A repeat with the same key answers the first result and creates nothing; with another body it is a 422. Must equal the body\'s idempotencyKey when both are sent.'),
});

const listQuery = z.object({
  connectionId: z.string().optional().describe('Only this connection’s signals.'),
  status: z.enum(SIGNAL_STATUSES, { error: `status must be one of ${SIGNAL_STATUSES.join(', ')}` }).optional().describe('Only signals in this status.'),
  since: z.iso.datetime({ offset: true, error: 'since must be an ISO 8601 time with its zone, e.g. 2026-12-01T15:00:00Z' }).optional().describe('Only signals received at or after this time.'),
  limit: z.coerce.number({ error: 'limit must be a number' }).int('limit must be a whole number').min(1, 'limit must be 1 to 200').max(200, 'limit must be 1 to 200').default(50)
    .describe('How many signals, newest first.'),
  before: z.string().optional().describe('Only signals older than this one: the nextBefore of the previous page.'),
});

const byId = z.object({ id: z.string().describe('A signal id (sig_…).') });

const tags = ['Signals'];

const PREVIEW_EXAMPLE = {
  preview: {
    recorded: false,
    decision: {
      status: 'prepared', message: 'Prepared, not sent (execution is off for this connection).',
      steps: [
        { step: 'connection', outcome: 'pass', values: { state: 'ready' } },
        { step: 'instrument', outcome: 'pass', values: { conId: 265598, symbol: 'AAPL', secType: 'STK', exchange: 'SMART', currency: 'USD' } },
        { step: 'sizing', outcome: 'pass', values: { spec: 'qty', quantity: 10 } },
        { step: 'risk:max_order_quantity', outcome: 'pass', values: { limit: 1000, quantity: 10 } },
      ],
    },
    order: { account: 'DU1234567', side: 'BUY', quantity: 10, orderType: 'LMT', limitPrice: 190.1, tif: 'DAY', outsideRth: false, reduceOnly: false },
    cancels: null, executionEnabled: false,
    whatIf: {
      initMarginBefore: 0, maintMarginBefore: 0, equityWithLoanBefore: 1_000_000, initMarginChange: 475.25, maintMarginChange: 475.25, equityWithLoanChange: -1,
      initMarginAfter: 475.25, maintMarginAfter: 475.25, equityWithLoanAfter: 999_999, commission: 1, minCommission: 1, maxCommission: 1, commissionCurrency: 'USD',
    },
    whatIfUnavailable: null, idempotencyKeyUsedBy: null,
  },
};
/** What Fastify sets for an object it serialises itself. */
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** The body as the sender sent it, before validation applied defaults. */
const sentBodies = new WeakMap<object, unknown>();

export function signalRoutes(app: Api, ctx: RouteContext): void {
  const checkedSubmitAnswer = jsonTextChecker(verifyingResponses(), submittedAnswer, 'POST', '/api/signals', 202);

  app.post('/api/signals', {
    config: { access: 'trader' },
    preValidation: (request, _reply, done) => {
      sentBodies.set(request, request.body);
      done();
    },
    schema: {
      summary: 'Submits a signal: recorded, decided (instrument, sizing, risk gate) and answered with the decision',
      description: 'Answers 202 with the signal id, its status (`prepared` or `denied`) and the decision: the denial code and every step\'s outcome. Execution is off by default: a prepared signal is "prepared, not sent". A repeat of an idempotency key (header or body) answers the first result with `repeated: true`; the same key with another body is 422 IDEMPOTENCY_KEY_REUSED.',
      tags, headers, body: SignalSchema, response: { 202: submittedAnswer },
    },
  }, async (request, reply) => {
    const auth = authOf(request);
    const header = request.headers['idempotency-key'];
    const signal = request.body;
    if (header !== undefined && signal.idempotencyKey !== undefined && header !== signal.idempotencyKey) {
      throw new BadRequest(`The Idempotency-Key header (${header}) and the body's idempotencyKey (${signal.idempotencyKey}) differ; send one of them, or the same key in both.`);
    }
    const result = await ctx.signals.submit(signal, {
      workspaceId: auth.scope.workspaceId, source: 'api', receivedAt: ctx.clock.now(), actor: actorOf(auth), requestId: request.id,
      payload: sentBodies.get(request) ?? signal, ...(header !== undefined && { idempotencyKey: header }), timings: submitTimingsOf(request),
    });
    // The bytes JSON.stringify would write for { signal: { id, status, decision }, repeated }, with
    // the decision's text reused from the signal's row rather than written a second time.
    const body = `{"signal":{"id":${JSON.stringify(result.signalId)},"status":${JSON.stringify(result.decision.status)},"decision":${ctx.signals.decisionJsonOf(result)}},"repeated":${result.repeated}}`;
    // Fastify sends a string as it is: typed as the answer it spells, and checked against it under test.
    return reply.status(202).type(JSON_CONTENT_TYPE).send(checkedSubmitAnswer(body) as unknown as z.output<typeof submittedAnswer>);
  });

  app.post('/api/signals/preview', {
    config: { access: 'trader' },
    schema: {
      summary: 'Previews a signal: the decision it would get now and IB\'s what-if margin and commission; records and sends nothing',
      description: 'The body is exactly the one of POST /api/signals (the same schema and the same 400 messages). The signal goes through the same decision '
        + '(instrument, account, sizing, prices, every risk rule with its values) but nothing is recorded: no signal, no order, no audit entry. '
        + 'A preview is not an order: it counts toward no rate limit (maxOrdersPerMinute counts recorded orders) and a later signal with the same body is not its duplicate. '
        + 'When the decision would prepare an order and the connection\'s IB session is ready, IB is asked for its what-if of that order '
        + '(placeOrder with whatIf=true: IB answers the initial and maintenance margin before, change and after, equity with loan and the commission, and places nothing; '
        + `a bracket: its entry order). IB gets ${WHAT_IF_TIMEOUT_MS / 1000} s; without its answer \`whatIf\` is null and \`whatIfUnavailable\` says why ("IB what-if unavailable: …"). `
        + 'A denied decision has no what-if. `idempotencyKeyUsedBy` names the signal an earlier submission with the body\'s key recorded. Answers 200:\n\n'
        + `\`\`\`json\n${JSON.stringify(PREVIEW_EXAMPLE, null, 2)}\n\`\`\``,
      tags, headers, body: SignalSchema, response: { 200: previewAnswer },
    },
  }, async (request) => {
    const auth = authOf(request);
    const header = request.headers['idempotency-key'];
    const preview = await ctx.signals.preview(request.body, { workspaceId: auth.scope.workspaceId, receivedAt: ctx.clock.now(), ...(header !== undefined && { idempotencyKey: header }) });
    return { preview };
  });

  app.get('/api/signals', {
    config: { access: 'viewer' },
    schema: { summary: 'The workspace’s signals, newest first, a page at a time', tags, querystring: listQuery, response: { 200: signalsAnswer } },
  }, async (request) => {
    const q = request.query;
    return ctx.signals.list(authOf(request).scope, {
      limit: q.limit, ...(q.connectionId !== undefined && { connectionId: q.connectionId }), ...(q.status !== undefined && { status: q.status }),
      ...(q.since !== undefined && { since: Date.parse(q.since) }), ...(q.before !== undefined && { before: q.before }),
    });
  });

  app.get('/api/signals/:id', {
    config: { access: 'viewer' },
    schema: { summary: 'One signal: the payload as sent, the parsed signal, every step’s outcome and the order intent', tags, params: byId, response: { 200: z.object({ signal: signalAnswer }) } },
  }, async (request) => ({ signal: await ctx.signals.get(authOf(request).scope, request.params.id) }));
}
