// Calls the gateway's admin HTTP API (loopback) the way a test outside the process would.
import type { Gateway } from '../../src/server/index.ts';

export interface AdminAnswer {
  status: number;
  json: Record<string, unknown>;
}

/** POST with a JSON body by default; pass 'GET' for /status and /orders. */
export async function admin(gw: Gateway, path: string, body?: unknown, method = 'POST'): Promise<AdminAnswer> {
  if (gw.adminPort === undefined) throw new Error('start the gateway with adminPort: 0 to use its admin API');
  const res = await fetch(`http://127.0.0.1:${gw.adminPort}${path}`, {
    method, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}
