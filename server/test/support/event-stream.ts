// Reads GET /api/events over a real loopback connection (inject would buffer an endless answer):
// frames are parsed as they arrive, and a test waits on the frames it expects.
import http from 'node:http';
import type { Kairox } from '../../src/main.ts';
import { until } from '../../src/broker/test-support.ts';

export interface StreamEvent {
  id: string | null;
  event: string;
  data: { seq: number; action: string; target: { type: string; id: string } | null; data: Record<string, unknown> };
}

export interface EventStreamReader {
  readonly status: number;
  readonly contentType: string | null;
  readonly events: StreamEvent[];
  /** Resolves once the server ended the stream. */
  readonly ended: Promise<void>;
  /** Waits until an event passes `check`, and returns it. */
  untilEvent(check: (e: StreamEvent) => boolean, what: string): Promise<StreamEvent>;
  close(): void;
}

/** Starts listening on loopback (port 0) once, and returns the base URL. */
export async function listenOnLoopback(kairox: Kairox): Promise<string> {
  const address = kairox.app.server.address();
  if (address && typeof address === 'object') return `http://127.0.0.1:${address.port}`;
  await kairox.app.listen({ host: '127.0.0.1', port: 0 });
  const now = kairox.app.server.address();
  if (!now || typeof now !== 'object') throw new Error('kairox did not listen on a TCP port');
  return `http://127.0.0.1:${now.port}`;
}

function parseFrame(frame: string): StreamEvent | undefined {
  let id: string | null = null;
  let event = 'message';
  const data: string[] = [];
  for (const line of frame.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') id = value;
    else if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  return data.length === 0 ? undefined : { id, event, data: JSON.parse(data.join('\n')) as StreamEvent['data'] };
}

export async function openEventStream(baseUrl: string, headers: Record<string, string>, query = ''): Promise<EventStreamReader> {
  // node:http with no agent: one socket per stream, closed with it (fetch's pool may open a spare
  // connection that would keep the server's close waiting for a request that never comes).
  const request = http.get(`${baseUrl}/api/events${query}`, { agent: false, headers: { accept: 'text/event-stream', ...headers } });
  const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
    request.once('response', resolve);
    request.once('error', reject);
  });
  let closedByUs = false;
  const events: StreamEvent[] = [];
  const ended = (async () => {
    const decoder = new TextDecoder();
    let pending = '';
    try {
      for await (const chunk of response) {
        pending += decoder.decode(chunk as Uint8Array, { stream: true });
        let end: number;
        while ((end = pending.indexOf('\n\n')) >= 0) {
          const parsed = parseFrame(pending.slice(0, end));
          pending = pending.slice(end + 2);
          if (parsed) events.push(parsed);
        }
      }
    } catch (error) {
      if (!closedByUs) throw error;
    }
  })();
  // Handled here so that a test which does not wait on the end does not see an unhandled rejection.
  ended.catch(() => undefined);
  const contentType = response.headers['content-type'];
  return {
    status: response.statusCode ?? 0,
    contentType: contentType ?? null,
    events,
    ended,
    async untilEvent(check, what) {
      await until(() => events.some(check), 10_000).catch(() => {
        throw new Error(`no ${what} within 10 s; the stream carried: ${events.map((e) => `${e.id} ${e.data.action}`).join(', ')}`);
      });
      return events.find(check)!;
    },
    close: () => {
      closedByUs = true;
      request.destroy();
    },
  };
}
