// Approved instruments of the caller's workspace: search IB for contracts through a connection,
// approve one by conId (its details re-read from IB), list, revoke. Another workspace's
// instrument or connection is a 404. Searching changes nothing, so viewers may search.
import { z } from 'zod';
import { SEC_TYPES } from '../../domain/index.ts';
import { instrumentAnswer, oneInstrumentAnswer, searchAnswer } from '../answers/instruments.ts';
import { authOf } from '../auth.ts';
import { actorOf, metaOf, type Api, type RouteContext } from '../context.ts';

// Text that may reach a TWS field: printable ASCII only (a NUL or a control character would inject fields).
const wireText = (what: string, pattern: RegExp, example: string) =>
  z.string({ error: `${what} must be text such as ${example}` })
    .trim()
    .regex(/^[\x20-\x7e]*$/, `${what} must be printable ASCII text (no control characters), such as ${example}`)
    .regex(pattern, `${what} must look like ${example}`)
    .transform((s) => s.toUpperCase());

const searchBody = z.strictObject({
  symbol: wireText('symbol', /^[A-Za-z0-9][A-Za-z0-9 .\-/&]{0,31}$/, 'AAPL, BRK B or ES').describe('The symbol, e.g. AAPL, ES, EUR (with currency USD for EUR.USD).'),
  secType: z.enum(SEC_TYPES, { error: `secType must be one of ${SEC_TYPES.join(', ')}` }).describe('STK (stocks, ETFs), FUT, OPT or CASH (FX pairs).'),
  exchange: wireText('exchange', /^[A-Za-z0-9.]{1,16}$/, 'SMART, NASDAQ, CME or IDEALPRO').optional().describe('Exchange or listing, e.g. SMART, NASDAQ, TSE, CME, IDEALPRO.'),
  currency: wireText('currency', /^[A-Za-z]{3}$/, 'USD').optional().describe('Three-letter currency, e.g. USD or CAD: tells listings apart (SHOP trades in both).'),
  expiry: z.string({ error: 'expiry must be text: YYYYMM or YYYYMMDD' }).regex(/^\d{6}(\d{2})?$/, 'expiry must be YYYYMM (contract month) or YYYYMMDD (last trade date)').optional()
    .describe('Futures and options: the contract month YYYYMM or the last trade date YYYYMMDD.'),
  strike: z.number({ error: 'strike must be a number' }).positive('strike must be above 0').optional().describe('Options: the strike price.'),
  right: z.enum(['C', 'P'], { error: 'right must be C (call) or P (put)' }).optional().describe('Options: C (call) or P (put).'),
});

const approveBody = z.strictObject({
  connectionId: z.string({ error: 'connectionId is required: the connection (con_…) whose IB login trades it' }).describe('The connection (con_…) the instrument is traded through.'),
  conId: z.number({ error: 'conId is required: IB\'s contract id, as a search lists it' }).int('conId must be a whole number').positive('conId must be above 0')
    .describe('IB’s contract id, from a search; the details are re-read from IB by this id.'),
});

const listQuery = z.object({
  connectionId: z.string().optional().describe('Only this connection’s instruments.'),
  includeRevoked: z.enum(['true', 'false'], { error: 'includeRevoked must be true or false' }).optional().describe('Also revoked ones (kept for history). Default false.'),
});

const connectionParams = z.object({ id: z.string().describe('A connection id (con_…).') });
const instrumentParams = z.object({ id: z.string().describe('An instrument id (ins_…).') });

const tags = ['Approved instruments'];

export function instrumentRoutes(app: Api, ctx: RouteContext): void {
  const service = ctx.instruments;

  app.post('/api/connections/:id/instruments/search', {
    config: { access: 'viewer' },
    schema: {
      summary: 'Searches IB for contracts through the connection’s session; every candidate, with its details',
      description: 'Ambiguous answers list every candidate (SHOP: USD and CAD listings). An unknown description answers `candidates: []` with IB’s own text in `notFound`. The connection must be enabled and ready (409 CONNECTION_NOT_READY says which state it is in).',
      tags, params: connectionParams, body: searchBody, response: { 200: searchAnswer },
    },
  }, async (request) => service.search(authOf(request).scope, request.params.id, request.body));

  app.post('/api/instruments', {
    config: { access: 'trader' },
    schema: {
      summary: 'Approves a contract for automation, pinned by conId; its details are re-read from IB and stored',
      description: 'A conId IB does not know is 422 CONTRACT_NOT_FOUND with IB’s text; a type Kairox does not automate is 422 INSTRUMENT_NOT_SUPPORTED; one already approved on the connection is 409.',
      tags, body: approveBody, response: { 201: oneInstrumentAnswer },
    },
  }, async (request, reply) => {
    const a = authOf(request);
    const instrument = await service.approve(a.scope, request.body, { actor: actorOf(a), meta: metaOf(request) });
    return reply.status(201).send({ instrument });
  });

  app.get('/api/instruments', {
    config: { access: 'viewer' },
    schema: { summary: 'The workspace’s approved instruments, oldest approval first', tags, querystring: listQuery, response: { 200: z.object({ instruments: z.array(instrumentAnswer) }) } },
  }, async (request) => {
    const { connectionId, includeRevoked } = request.query;
    return { instruments: await service.list(authOf(request).scope, { ...(connectionId !== undefined && { connectionId }), includeRevoked: includeRevoked === 'true' }) };
  });

  app.get('/api/instruments/:id', {
    config: { access: 'viewer' },
    schema: { summary: 'One approved (or revoked) instrument', tags, params: instrumentParams, response: { 200: oneInstrumentAnswer } },
  }, async (request) => ({ instrument: await service.get(authOf(request).scope, request.params.id) }));

  app.delete('/api/instruments/:id', {
    config: { access: 'trader' },
    schema: { summary: 'Revokes an approval: signals no longer find it; the row is kept for history', tags, params: instrumentParams, response: { 200: oneInstrumentAnswer } },
  }, async (request) => {
    const a = authOf(request);
    return { instrument: await service.revoke(a.scope, request.params.id, { actor: actorOf(a), meta: metaOf(request) }) };
  });
}
