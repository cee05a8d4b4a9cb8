// The workspace's audit trail, read-only, for every member (a viewer reads everything).
import { Readable } from 'node:stream';
import { z } from 'zod';
import { AUDIT_CSV_COLUMNS, AUDIT_EXPORT_CONTENT_TYPES, AUDIT_EXPORT_FORMATS, exportChunks } from '../../audit/index.ts';
import { isId, NotFound } from '../../common/index.ts';
import type { AuditFilter } from '../../db/index.ts';
import { auditEventAnswer, auditPageAnswer, chainVerdictAnswer } from '../answers/audit.ts';
import { authOf } from '../auth.ts';
import type { Api, RouteContext } from '../context.ts';

/** Which events: shared by the page-at-a-time list and the export. */
const filterQuery = z.object({
  signalId: z.string().regex(/^sig_[0-9a-z]{26}$/, 'signalId must be a signal id (sig_ and 26 letters or digits) from GET /api/signals').optional()
    .describe('Only the events of this signal (received, instrument resolved, sized, risk evaluated, prepared or denied).'),
  connectionId: z.string().regex(/^con_[0-9a-z]{26}$/, 'connectionId must be a connection id (con_ and 26 letters or digits) from GET /api/connections').optional()
    .describe('Only events of this connection: its own, and every event that names it (its signals, instruments, policy).'),
  since: z.iso.datetime({ offset: true, error: 'since must be an ISO 8601 time with its zone, e.g. 2026-12-01T15:00:00Z' }).optional()
    .describe('Only events at or after this time.'),
  until: z.iso.datetime({ offset: true, error: 'until must be an ISO 8601 time with its zone, e.g. 2026-12-01T16:00:00Z' }).optional()
    .describe('Only events before this time.'),
});

const listQuery = filterQuery.extend({
  limit: z.coerce.number({ error: 'limit must be a number' }).int('limit must be a whole number').min(1, 'limit must be 1 to 200').max(200, 'limit must be 1 to 200').default(50)
    .describe('How many events, newest first.'),
  before: z.coerce.number({ error: 'before must be a sequence number' }).int('before must be a whole number').min(1, 'before must be at least 1').optional()
    .describe('Only events with a smaller sequence number: the nextBefore of the previous page.'),
});

const exportQuery = filterQuery.extend({
  format: z.enum(AUDIT_EXPORT_FORMATS, { error: 'format must be jsonl or csv' }).default('jsonl')
    .describe('jsonl: one event a line, exactly as GET /api/audit shows it. csv: a header row, then one row an event.'),
});

function filterOf(query: z.infer<typeof filterQuery>): AuditFilter {
  return {
    ...(query.signalId !== undefined && { target: { type: 'signal', id: query.signalId } }),
    ...(query.connectionId !== undefined && { connectionId: query.connectionId }),
    ...(query.since !== undefined && { since: Date.parse(query.since) }),
    ...(query.until !== undefined && { until: Date.parse(query.until) }),
  };
}

const EXPORT_DESCRIPTION = [
  'The whole matching trail, oldest first (seq order), as a file download; it ends at the last event written when the export began.',
  'Every event carries seq, prevHash and hash: an unfiltered export can be verified offline (each hash is SHA-256 over the event and the workspace id, see docs/operations.md).',
  `CSV columns: ${AUDIT_CSV_COLUMNS.join(', ')}; RFC 4180 quoting, CRLF line ends, an empty cell is null, data is the event's canonical JSON text.`,
  'To stop spreadsheet formula injection, a CSV cell that starts with =, +, -, @, a tab or a carriage return (or with an apostrophe) gets a leading apostrophe: remove one leading apostrophe to get the value back.',
].join(' ');

const byId = z.object({ id: z.string().describe('An audit event id (aud_…).') });

const tags = ['Audit trail'];

export function auditRoutes(app: Api, ctx: RouteContext): void {
  app.get('/api/audit', {
    config: { access: 'viewer' },
    schema: { summary: 'The audit trail, newest first, a page at a time; by signal, connection and time', tags, querystring: listQuery, response: { 200: auditPageAnswer } },
  }, async (request) => {
    const query = request.query;
    const events = await ctx.audit.list(authOf(request).scope, { limit: query.limit, ...(query.before !== undefined && { beforeSeq: query.before }), filter: filterOf(query) });
    const last = events.at(-1);
    return { events, nextBefore: events.length === query.limit && last && last.seq > 1 ? last.seq : null };
  });

  app.get('/api/audit/export', {
    config: { access: 'viewer' },
    schema: { summary: 'The audit trail as a JSONL or CSV file, oldest first; by signal, connection and time', description: EXPORT_DESCRIPTION, tags, querystring: exportQuery },
  }, async (request, reply) => {
    const { format } = request.query;
    const { scope, workspace } = authOf(request);
    const date = new Date(ctx.clock.now()).toISOString().slice(0, 10);
    const chunks = exportChunks(format, ctx.audit.oldestFirst(scope, filterOf(request.query)));
    // Streamed: the store is read a batch at a time as the client takes the file.
    return reply
      .header('content-type', AUDIT_EXPORT_CONTENT_TYPES[format])
      .header('content-disposition', `attachment; filename="kairox-audit-${workspace.id}-${date}.${format}"`)
      .send(Readable.from(chunks));
  });

  app.get('/api/audit/verify', {
    config: { access: 'viewer' },
    schema: { summary: 'Checks the hash chain of the whole trail', tags, response: { 200: chainVerdictAnswer } },
  }, async (request) => ctx.audit.verifyChain(authOf(request).scope));

  app.get('/api/audit/:id', {
    config: { access: 'viewer' },
    schema: { summary: 'One audit event', tags, params: byId, response: { 200: z.object({ event: auditEventAnswer }) } },
  }, async (request) => {
    const { id } = request.params;
    if (!isId(id, 'aud')) throw new NotFound('Audit event');
    return { event: await ctx.audit.get(authOf(request).scope, id) };
  });
}
