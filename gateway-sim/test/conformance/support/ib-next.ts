// @stoqey/ib's IBApiNext (promise / observable API) connected to the simulator at a chosen server
// version, for flows where the point is how a promise-based client is answered: a request the
// gateway refuses must reject that request's promise, not leave it to a time-out.
import { ConnectionState, IBApiNext } from '@stoqey/ib';
import type { Gateway } from '../../../src/server/index.ts';
import { startVersionCapProxy } from './version-cap-proxy.ts';
import type { Version } from './ib-session.ts';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };

export interface NextSession {
  api: IBApiNext;
  close(): Promise<void>;
}

function until(api: IBApiNext, state: ConnectionState, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`IBApiNext not ${ConnectionState[state]} within ${timeoutMs} ms`)), timeoutMs);
    const sub = api.connectionState.subscribe((s) => {
      if (s !== state) return;
      clearTimeout(timer);
      queueMicrotask(() => sub.unsubscribe());
      resolve();
    });
  });
}

/** Connects (176/177 through the version-capping proxy) and returns once the client is connected. */
export async function openNext(gw: Gateway, clientId: number, version: Version): Promise<NextSession> {
  const proxy = version < 178 ? await startVersionCapProxy({ host: gw.host, port: gw.port }, version) : undefined;
  const api = new IBApiNext({ host: '127.0.0.1', port: proxy?.port ?? gw.port, maxReqPerSec: 1000, logger: silent, reconnectInterval: 0 });
  const connected = until(api, ConnectionState.Connected, 3000);
  api.connect(clientId);
  await connected;
  return {
    api,
    async close() {
      const gone = until(api, ConnectionState.Disconnected, 2000).catch(() => undefined);
      api.disconnect();
      await gone;
      await proxy?.close();
    },
  };
}

/** Settles with the promise's rejection; fails if it resolves or stays pending past `timeoutMs`. */
export function rejectionOf(p: Promise<unknown>, timeoutMs = 3000): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still pending after ${timeoutMs} ms`)), timeoutMs);
    p.then(
      () => {
        clearTimeout(timer);
        reject(new Error('resolved instead of rejecting'));
      },
      (e: unknown) => {
        clearTimeout(timer);
        resolve(e);
      },
    );
  });
}
