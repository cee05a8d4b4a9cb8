// Broker connections of the caller's workspace (the Connect Brokers & Exchanges form), their
// timeline, and a one-shot connection test. Another workspace's connection is a 404.
import { z } from 'zod';
import { publishedStatusOf, settingsOf } from '../../connections/index.ts';
import { detectSecret, formatHostPort, FORM_LABELS, MAX_CLIENT_ID } from '../../domain/index.ts';
import { renderCheckReport } from '../../sessions/index.ts';
import { connectionAnswer, connectionTestAnswer, savedConnectionAnswer, timelineAnswer, validFormAnswer } from '../answers/connections.ts';
import { authOf } from '../auth.ts';
import { actorOf, metaOf, type Api, type RouteContext } from '../context.ts';

// The form's shape (which fields, of which type); its rules, worded with the form's labels, are
// the domain's (validateConnectionForm), shared with `kairox check`. Every field accepts text, so
// a secret pasted into one reaches the domain's secret guard, which refuses it without echoing it.
function unknownFieldMessage(keys: readonly PropertyKey[]): string {
  // A key such as "password" or "apiKey" is a secret about to be stored: refuse without echoing anything.
  const named = keys.some((key) => /pass|secret|token|key|auth|credential/i.test(String(key)) || detectSecret(String(key)) !== undefined);
  return named
    ? 'This connection needs no password, API key or token: IB Gateway and TWS authenticate the login themselves. Nothing was saved.'
    : 'Unknown field; the form has Connection Type, Platform, IB Gateway Host:Port, IB Client ID and IB Account ID (connectionType, platform, hostPort, clientId, accountId) and enabled.';
}

const required = (label: string, expects: string) => (issue: { input?: unknown }) => `${label} ${issue.input === undefined ? 'is required and ' : ''}${expects}`;

const formFields = {
  connectionType: z.string({ error: `${FORM_LABELS.connectionType} must be text: Financial.` }).describe('Financial (the default; Crypto is planned).'),
  platform: z.string({ error: `${FORM_LABELS.platform} must be text: Interactive Brokers.` }).describe('Interactive Brokers (the default and only platform so far).'),
  hostPort: z.string({ error: required(FORM_LABELS.hostPort, 'must be text such as 127.0.0.1:7497.') })
    .describe('IB Gateway Host:Port of TWS or IB Gateway, e.g. 127.0.0.1:7497 (paper TWS) or 127.0.0.1:4002 (paper IB Gateway).'),
  clientId: z.union([z.number(), z.string()], { error: required(FORM_LABELS.clientId, `must be a whole number from 0 to ${MAX_CLIENT_ID}, for example 7.`) })
    .describe(`IB Client ID: a whole number from 0 to ${MAX_CLIENT_ID} that no other API program uses (digits as text are accepted too).`),
  accountId: z.string({ error: `${FORM_LABELS.accountId} must be text such as DU1234567, or null.` }).nullable()
    .describe('IB Account ID, e.g. DU1234567; optional, required only when the login has several accounts.'),
  enabled: z.boolean({ error: 'enabled must be true or false.' }).describe('Whether the worker keeps a session open (default true).'),
};

const formError = { error: (issue: z.core.$ZodRawIssue) => (issue.code === 'unrecognized_keys' ? unknownFieldMessage(issue.keys) : undefined) };

const createBody = z.strictObject({
  ...formFields,
  connectionType: formFields.connectionType.optional(),
  platform: formFields.platform.optional(),
  accountId: formFields.accountId.optional(),
  enabled: formFields.enabled.optional(),
}, formError);

const updateBody = z.strictObject(formFields, formError).partial();

const byId = z.object({ id: z.string().describe('A connection id (con_…).') });

const tags = ['Broker connections'];

function idOf(params: unknown): string {
  return (params as { id?: string }).id ?? '';
}

export function connectionRoutes(app: Api, ctx: RouteContext): void {
  const service = ctx.connections;

  app.post('/api/connections', {
    config: { access: 'trader' },
    schema: { summary: 'Saves a connection (the Connect Brokers & Exchanges form); the worker then keeps its session open', tags, body: createBody, response: { 201: savedConnectionAnswer } },
  }, async (request, reply) => {
    const a = authOf(request);
    const created = await service.create(a.scope, request.body, { actor: actorOf(a), meta: metaOf(request) });
    return reply.status(201).send(created);
  });

  // The form's rules without saving, for a form that checks a field as the user leaves it: the
  // same validator (and address policy) as saving, so the answer is the one saving would give.
  app.post('/api/connections/validate', {
    config: { access: 'trader' },
    schema: {
      summary: 'Checks the Connect Brokers & Exchanges form without saving anything',
      description: 'The rules of POST /api/connections (and `kairox check`): a problem answers 400 VALIDATION_FAILED with `problems[]` per field (`secret: true` on a value refused as a misplaced password, key or token, which is never echoed); valid settings answer `{ ok: true, hostPort, clientId, accountId, notices }`. A duplicate target is only found when saving.',
      tags, body: createBody, response: { 200: validFormAnswer },
    },
  }, async (request) => {
    const { settings, notices } = service.validate(request.body);
    return { ok: true as const, hostPort: formatHostPort(settings), clientId: settings.clientId, accountId: settings.accountId, notices };
  });

  // Unsaved settings get what `kairox check` does: one connection of their own, closed after.
  app.post('/api/connections/test', {
    config: { access: 'trader' },
    schema: {
      summary: 'Tests unsaved settings by connecting once, as `kairox check` does',
      description: 'The body is the form of POST /api/connections, checked by the same rules first (400 VALIDATION_FAILED with `problems[]`). The answer is `kairox check --json`’s outcome with `report`, the text `kairox check` prints. Testing the target and client id of a connection a session already runs is refused by IB (326, client id in use): test that one with POST /api/connections/:id/test.',
      tags, body: createBody, response: { 200: connectionTestAnswer },
    },
  }, async (request) => {
    const { settings, notices } = service.validate(request.body);
    const outcome = await ctx.connectionTests.testSettings(settings);
    outcome.notices.unshift(...notices);
    return { result: { ...outcome, report: renderCheckReport(outcome) } };
  });

  app.get('/api/connections', {
    config: { access: 'viewer' },
    schema: { summary: 'The workspace’s connections with their live status', tags, response: { 200: z.object({ connections: z.array(connectionAnswer) }) } },
  }, async (request) => ({ connections: await service.list(authOf(request).scope) }));

  app.get('/api/connections/:id', {
    config: { access: 'viewer' },
    schema: { summary: 'One connection with its live status', tags, params: byId, response: { 200: z.object({ connection: connectionAnswer }) } },
  }, async (request) => ({ connection: await service.get(authOf(request).scope, idOf(request.params)) }));

  app.patch('/api/connections/:id', {
    config: { access: 'trader' },
    schema: { summary: 'Changes some fields of a connection; the session restarts with them', tags, params: byId, body: updateBody, response: { 200: savedConnectionAnswer } },
  }, async (request) => {
    const a = authOf(request);
    return service.update(a.scope, idOf(request.params), request.body, { actor: actorOf(a), meta: metaOf(request) });
  });

  app.delete('/api/connections/:id', {
    config: { access: 'trader' },
    schema: { summary: 'Deletes a connection and stops its session', tags, params: byId, response: { 200: z.object({ deleted: z.literal(true) }) } },
  }, async (request) => {
    const a = authOf(request);
    await service.delete(a.scope, idOf(request.params), { actor: actorOf(a), meta: metaOf(request) });
    return { deleted: true as const };
  });

  app.get('/api/connections/:id/timeline', {
    config: { access: 'viewer' },
    schema: { summary: 'The session’s state changes and warnings, newest first, each with its reason', tags, params: byId, response: { 200: timelineAnswer } },
  }, async (request) => {
    const events = await service.timeline(authOf(request).scope, idOf(request.params));
    return {
      events: events.map((e) => ({ id: e.id, at: e.at, from: e.from_state, to: e.to_state, event: e.event, reason: e.reason, code: e.code })),
    };
  });

  /** Answered by the session that runs the connection, else by one connection of its own (sessions/connection-test.ts). */
  app.post('/api/connections/:id/test', {
    config: { access: 'trader' },
    schema: {
      summary: 'Tests the connection: from the running session, or by connecting once',
      description: 'The answer is the outcome `kairox check --json` gives, with `source` (running_session, published_status or one_shot_check) and `report`, the text `kairox check` prints.',
      tags, params: byId, response: { 200: connectionTestAnswer },
    },
  }, async (request) => {
    const row = await service.row(authOf(request).scope, idOf(request.params));
    const result = await ctx.connectionTests.test({ id: row.id, settings: settingsOf(row), published: publishedStatusOf(row) });
    return { result: { ...result, report: renderCheckReport(result) } };
  });
}
