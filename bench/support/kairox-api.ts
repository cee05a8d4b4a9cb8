// Shared by the benchmarks: the owner and an API token made through Kairox's own API (in-process
// inject, so set-up costs nothing on the network), and a typed call that fails loudly.
import type { Kairox } from '../../server/src/main.ts';

export interface BenchApi {
  /** `Bearer …` of the bench's API token. */
  authorization: string;
  call<T>(method: 'GET' | 'POST' | 'PUT', url: string, payload?: object): Promise<T>;
}

export async function benchApi(kairox: Kairox): Promise<BenchApi> {
  const setup = await kairox.app.inject({ method: 'POST', url: '/api/setup', payload: { email: 'bench@example.test', password: 'correct horse battery staple' } });
  if (setup.statusCode !== 201) throw new Error(`set-up failed: ${setup.statusCode} ${setup.body}`);
  const cookie = setup.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const csrf = (setup.json() as { csrfToken: string }).csrfToken;
  const minted = await kairox.app.inject({ method: 'POST', url: '/api/tokens', payload: { name: 'bench' }, headers: { cookie, 'x-csrf-token': csrf } });
  if (minted.statusCode !== 201) throw new Error(`token creation failed: ${minted.statusCode} ${minted.body}`);
  const authorization = `Bearer ${(minted.json() as { secret: string }).secret}`;
  return {
    authorization,
    call: async <T>(method: 'GET' | 'POST' | 'PUT', url: string, payload?: object): Promise<T> => {
      const r = await kairox.app.inject({ method, url, headers: { authorization }, ...(payload && { payload }) });
      if (r.statusCode >= 300) throw new Error(`${method} ${url} answered ${r.statusCode}: ${r.body}`);
      return r.json() as T;
    },
  };
}
