// Scenario: someone types the cloud metadata address into IB Gateway Host:Port in an IPv6
// spelling that embeds it (NAT64, IPv4-translated, IPv4-mapped). The form refuses each one.
import { afterEach, expect, it } from 'vitest';
import type { Kairox } from '../../src/main.ts';
import { describeEachEngine } from '../support/engines.ts';
import { setUp, startKairox } from '../support/kairox.ts';

describeEachEngine('connection form and IPv6 forms of 169.254.169.254', (engine) => {
  let kairox: Kairox | undefined;
  afterEach(async () => {
    await kairox?.close();
    kairox = undefined;
  });

  it('refuses NAT64, IPv4-translated and IPv4-mapped spellings and saves nothing', async () => {
    kairox = await startKairox(engine);
    const a = await setUp(kairox);
    for (const hostPort of ['[64:ff9b::a9fe:a9fe]:80', '[::ffff:0:a9fe:a9fe]:80', '[::ffff:a9fe:a9fe]:80', '[64:ff9b::169.254.169.254]:4002']) {
      const r = await a.request({ method: 'POST', url: '/api/connections', payload: { hostPort, clientId: 1 } });
      expect(r.statusCode, hostPort).toBe(400);
      expect(r.json(), hostPort).toMatchObject({ error: { message: expect.stringContaining('IB Gateway Host:Port is not allowed: link-local') } });
    }
    const list = await a.request({ method: 'GET', url: '/api/connections' });
    expect(list.json()).toEqual({ connections: [] });
  });
});
