// Admin HTTP API for fault injection, on loopback only: JSON POST endpoints that call the
// gateway's control methods, GET /status and GET /orders (documented in gateway-sim/README.md).
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { ConnectivityCode, GatewayControl } from './gateway.ts';

export interface AdminServer {
  readonly port: number;
  close(): Promise<void>;
}

/** The part of the gateway the admin API drives. */
export type AdminTarget = GatewayControl & { clients(): unknown[] };

class BadRequest extends Error {}

const MAX_BODY = 64 * 1024;

function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new BadRequest('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8').trim();
      if (text === '') return resolve({});
      try {
        const v: unknown = JSON.parse(text);
        if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('not an object');
        resolve(v as Record<string, unknown>);
      } catch {
        reject(new BadRequest('body must be a JSON object'));
      }
    });
    req.on('error', reject);
  });
}

function num(body: Record<string, unknown>, key: string, opts: { int?: boolean; min?: number; optional?: number } = {}): number {
  const v = body[key];
  if (v === undefined && opts.optional !== undefined) return opts.optional;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new BadRequest(`"${key}" must be a number`);
  if (opts.int && !Number.isInteger(v)) throw new BadRequest(`"${key}" must be an integer`);
  if (opts.min !== undefined && v < opts.min) throw new BadRequest(`"${key}" must be ≥ ${opts.min}`);
  return v;
}

function str(body: Record<string, unknown>, key: string, fallback?: string): string {
  const v = body[key];
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== 'string') throw new BadRequest(`"${key}" must be a string`);
  return v;
}

function bool(body: Record<string, unknown>, key: string): boolean {
  const v = body[key];
  if (typeof v !== 'boolean') throw new BadRequest(`"${key}" must be true or false`);
  return v;
}

type Route = (body: Record<string, unknown>) => unknown;

function routes(g: AdminTarget): Record<string, Route> {
  return {
    '/drop-connections': () => ({ dropped: g.dropAllConnections() }),
    '/pause': () => { g.pause(); return { paused: true }; },
    '/resume': () => { g.resume(); return { paused: false }; },
    '/restart': (b) => {
      const seconds = num(b, 'seconds', { min: 0, optional: 5 });
      void g.restart(seconds);
      return { restarting: true, refuseSeconds: seconds };
    },
    '/connectivity': (b) => {
      const code = num(b, 'code', { int: true });
      if (code !== 1100 && code !== 1101 && code !== 1102) throw new BadRequest('"code" must be 1100, 1101 or 1102');
      g.connectivity(code as ConnectivityCode);
      return { sent: code };
    },
    '/competing-session': () => { g.competingSession(); return { sent: 10197 }; },
    '/send-error': (b) => {
      const target = b['clientId'] === undefined ? 'all' : num(b, 'clientId', { int: true });
      const sent = g.sendError(target, num(b, 'id', { int: true, optional: -1 }), num(b, 'code', { int: true }), str(b, 'message'));
      return { sent };
    },
    '/reject-next-order': (b) => {
      g.rejectNextOrder(num(b, 'code', { int: true, optional: 201 }), str(b, 'message', 'Order rejected - reason:Simulated rejection'));
      return { armed: true };
    },
    '/delay-fills': (b) => { g.delayFills(num(b, 'ms', { min: 0 })); return { ok: true }; },
    '/set-price': (b) => { g.setPrice(num(b, 'conId', { int: true }), num(b, 'price', { min: 0 })); return { ok: true }; },
    '/advance-clock': (b) => { g.advanceClock(num(b, 'ms', { min: 0 })); return { ok: true }; },
    '/read-only': (b) => {
      if (typeof b['on'] !== 'boolean') throw new BadRequest('"on" must be true or false');
      g.setReadOnly(b['on']);
      return { readOnly: b['on'] };
    },
    '/misbehave/next-valid-id-rollback': (b) => {
      g.rollBackNextValidIdOnRestart(num(b, 'by', { int: true, min: 0 }));
      return { misbehaviours: g.misbehaviours };
    },
    '/misbehave/drop-order-status': (b) => {
      g.dropOrderStatus(num(b, 'every', { int: true, min: 0 }));
      return { misbehaviours: g.misbehaviours };
    },
    '/misbehave/exec-before-open-order': (b) => {
      g.execBeforeOpenOrder(bool(b, 'on'));
      return { misbehaviours: g.misbehaviours };
    },
    '/misbehave/resend-executions-on-reconnect': (b) => {
      g.resendExecutionsOnReconnect(bool(b, 'on'));
      return { misbehaviours: g.misbehaviours };
    },
    '/misbehave/late-commissions': (b) => {
      g.lateCommissions(num(b, 'ms', { min: 0 }));
      return { misbehaviours: g.misbehaviours };
    },
    '/misbehave/reset': () => {
      g.resetMisbehaviours();
      return { misbehaviours: g.misbehaviours };
    },
  };
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Starts the admin API on 127.0.0.1 (never on another interface: it can break every client). */
export function startAdminServer(g: AdminTarget, opts: { port: number; logger: Logger }): Promise<AdminServer> {
  const table = routes(g);
  const log = opts.logger.child({ component: 'admin-http' });
  const server = createServer((req, res) => {
    void (async () => {
      try {
        const path = (req.url ?? '/').split('?')[0] ?? '/';
        if (req.method === 'GET' && path === '/status') {
          reply(res, 200, { paused: g.paused, readOnly: g.readOnly, misbehaviours: g.misbehaviours, clients: g.clients() });
          return;
        }
        if (req.method === 'GET' && path === '/orders') {
          const orders = g.orders();
          reply(res, 200, { count: orders.length, orders });
          return;
        }
        const route = table[path];
        if (!route) return reply(res, 404, { error: `unknown endpoint ${path}`, endpoints: ['GET /status', 'GET /orders', ...Object.keys(table).map((p) => `POST ${p}`)] });
        if (req.method !== 'POST') return reply(res, 405, { error: `${path} takes POST` });
        const body = await readBody(req);
        const result = route(body);
        log.info({ path, body }, 'admin action');
        reply(res, 200, result);
      } catch (err) {
        if (err instanceof BadRequest) reply(res, 400, { error: err.message });
        else {
          log.error({ err: (err as Error).message }, 'admin action failed');
          reply(res, 500, { error: (err as Error).message });
        }
      }
    })();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => {
      server.off('error', reject);
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : opts.port;
      resolve({
        port,
        close: () => new Promise<void>((r) => {
          server.closeAllConnections();
          server.close(() => r());
        }),
      });
    });
  });
}
