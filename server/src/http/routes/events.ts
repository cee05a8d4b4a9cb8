// GET /api/events: the workspace's live events as Server-Sent Events (http/event-stream.ts).
import { z } from 'zod';
import { KairoxError } from '../../common/index.ts';
import { authOf } from '../auth.ts';
import type { Api, RouteContext } from '../context.ts';
import { EventStreams } from '../event-stream.ts';

const FAMILY = /^[a-z_]+$/;

const eventsQuery = z.object({
  types: z.string()
    .refine((v) => v.split(',').every((t) => FAMILY.test(t)), 'types must be event families separated by commas, e.g. order,signal,connection')
    .optional()
    .describe('Only these event families (the part of the action before the dot), e.g. order,signal,connection; position and pnl pick the live position and P&L events. Every family when left out.'),
});

const DESCRIPTION = [
  'The workspace\'s events as they are written, as Server-Sent Events (send Accept: text/event-stream; an EventSource does).',
  'Every event is an audit event (the same object as GET /api/audit shows), in seq order: id is its seq, event its family (order, signal, connection, trading_controls, ...), data its JSON.',
  'Orders: order.<state> for every state change, order.fill for every execution (execId, shares, price, cumulative filled), order.commission, order.ib_message (IB\'s code and text verbatim).',
  'Connections: connection.state_changed for every change of the broker session\'s state (from, to, attempt; the server version when ready; IB\'s code and text when IB caused it) and connection.reconciled after each reconciliation with IB (what it examined, found, resent, expired, applied).',
  'Reconnecting with the header Last-Event-ID: <seq> resumes after that event, with nothing missed and nothing twice; without it the stream starts with events written from now on.',
  'Positions and P&L: event position (an account\'s changed positions: connectionId, account, positions [{ conId, symbol, position, avgCost }]) and event pnl (connectionId, account, totals { daily, unrealized, realized }, positions [{ conId, position, daily, unrealized, realized, value }]), from the process that runs the broker session.',
  'They have NO id line and are not resumable (a reconnect does not replay them; read GET /api/positions for the current picture), and are coalesced: at most one of each per connection and account per second, with the latest values.',
  'A comment line every 15 s keeps proxies from closing it. A client too slow to read is disconnected (resume with Last-Event-ID).',
].join(' ');

/** The seq after which a stream starts: the client's Last-Event-ID, or else the head now. */
function lastEventIdOf(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const text = Array.isArray(header) ? header[0] ?? '' : header;
  if (!/^\d{1,15}$/.test(text)) {
    throw new KairoxError('BAD_REQUEST', 400, 'Last-Event-ID must be the id (a whole number, the seq) of the last event you received from GET /api/events.');
  }
  return Number(text);
}

export function eventRoutes(app: Api, ctx: RouteContext): void {
  const streams = new EventStreams({ audit: ctx.audit, logger: ctx.logger, live: ctx.liveUpdates });
  // Open streams never end on their own: without this, closing the server would wait for them.
  app.addHook('preClose', async () => streams.closeAll());

  app.get('/api/events', {
    config: { access: 'viewer' },
    schema: {
      summary: 'Live events of the workspace (Server-Sent Events): its audit trail, resumable with Last-Event-ID, and live positions and P&L',
      description: DESCRIPTION,
      tags: ['Events'],
      querystring: eventsQuery,
      response: { 200: { description: 'An endless text/event-stream.', content: { 'text/event-stream': { schema: z.string() } } } },
    },
  }, async (request, reply) => {
    const accept = request.headers.accept ?? '';
    if (!accept.includes('text/event-stream')) {
      throw new KairoxError('BAD_REQUEST', 406, 'GET /api/events is a Server-Sent Events stream: send Accept: text/event-stream (an EventSource does).');
    }
    const { scope } = authOf(request);
    const after = lastEventIdOf(request.headers['last-event-id']) ?? (await scope.audit.head()).seq;
    const types = request.query.types === undefined ? undefined : new Set(request.query.types.split(','));
    const { body } = streams.start(scope, after, types);
    return reply
      .header('content-type', 'text/event-stream; charset=utf-8')
      .header('x-accel-buffering', 'no')
      // The schema documents the wire format (text); the body is the stream that writes it.
      .send(body as unknown as string);
  });
}
