// Scenario: the dashboard's Connect Brokers & Exchanges form checks a field as the user leaves it
// and tests settings before saving them. Both answer by the rules of saving (the same problems
// per field, a pasted secret flagged and never echoed), the test answers what `kairox check`
// prints, and neither saves anything.
import { afterEach, expect, it } from 'vitest';
import { startGateway, type Gateway } from '@kairox/gateway-sim';
import type { Kairox } from '../../src/main.ts';
import { describeEachEngine } from '../support/engines.ts';
import { setUp, startKairox } from '../support/kairox.ts';

const SECRET = 'sk_live_51HxYzAbCdEfGhIjKlMnOpQr';

describeEachEngine('checking and testing the connection form without saving', (engine) => {
  let kairox: Kairox | undefined;
  let gw: Gateway | undefined;
  afterEach(async () => {
    await kairox?.close();
    await gw?.close();
    kairox = undefined;
    gw = undefined;
  });

  it('validates with the saving rules: problems per field, a secret flagged, valid settings normalised', async () => {
    kairox = await startKairox(engine);
    const a = await setUp(kairox);

    const bad = await a.request({ method: 'POST', url: '/api/connections/validate', payload: { hostPort: 'localhost', clientId: '7.5' } });
    expect(bad.statusCode).toBe(400);
    const problems = (bad.json() as { error: { code: string; problems: { field: string; message: string; secret?: boolean }[] } }).error;
    expect(problems.code).toBe('VALIDATION_FAILED');
    expect(problems.problems.map((p) => p.field)).toEqual(['hostPort', 'clientId']);
    expect(problems.problems[0]?.message).toMatch(/^IB Gateway Host:Port /);
    expect(problems.problems[1]?.message).toMatch(/^IB Client ID must be a whole number/);
    expect(problems.problems.some((p) => p.secret)).toBe(false);

    const secret = await a.request({ method: 'POST', url: '/api/connections/validate', payload: { hostPort: '127.0.0.1:4002', clientId: SECRET } });
    expect(secret.statusCode).toBe(400);
    expect(secret.body).not.toContain(SECRET);
    expect(secret.json()).toMatchObject({ error: { problems: [{ field: 'clientId', secret: true, message: expect.stringContaining('needs no secret') }] } });

    const good = await a.request({ method: 'POST', url: '/api/connections/validate', payload: { hostPort: '127.0.0.1:4002', clientId: '0', accountId: 'du1234567' } });
    expect(good.statusCode).toBe(200);
    expect(good.json()).toEqual({ ok: true, hostPort: '127.0.0.1:4002', clientId: 0, accountId: 'DU1234567', notices: [expect.stringContaining('Client ID 0')] });

    // Saving refuses the same secret with the same flag.
    const saved = await a.request({ method: 'POST', url: '/api/connections', payload: { hostPort: SECRET, clientId: 1 } });
    expect(saved.json()).toMatchObject({ error: { problems: [{ field: 'hostPort', secret: true }] } });
    expect(((await a.request({ url: '/api/connections' })).json() as { connections: unknown[] }).connections).toEqual([]);
  });

  it('tests unsaved settings against the simulator with the report `kairox check` prints, and saves nothing', async () => {
    gw = await startGateway({ port: 0, accounts: ['DU1234567'] });
    kairox = await startKairox(engine);
    const a = await setUp(kairox);

    const r = await a.request({ method: 'POST', url: '/api/connections/test', payload: { hostPort: `127.0.0.1:${gw.port}`, clientId: '31', accountId: 'DU1234567' } });
    expect(r.statusCode).toBe(200);
    const { result } = r.json() as { result: { ok: boolean; source: string; report: string; accounts: string[] } };
    expect(result).toMatchObject({ ok: true, exitCode: 0, source: 'one_shot_check', serverVersion: 178, accounts: ['DU1234567'], mode: 'paper', account: { id: 'DU1234567', exists: true } });
    expect(result.report).toContain(`Connected to 127.0.0.1:${gw.port} as client 31`);
    expect(result.report).toContain('Accounts: DU1234567');
    expect(result.report.trimEnd().endsWith('Ready.')).toBe(true);
    expect(((await a.request({ url: '/api/connections' })).json() as { connections: unknown[] }).connections).toEqual([]);

    const nobody = await a.request({ method: 'POST', url: '/api/connections/test', payload: { hostPort: '127.0.0.1:1', clientId: 1 } });
    expect(nobody.statusCode).toBe(200);
    expect(nobody.json()).toMatchObject({ result: { ok: false, exitCode: 3, failure: { kind: 'refused' }, report: expect.stringContaining('Not ready: Nothing is listening at 127.0.0.1:1') } });

    const invalid = await a.request({ method: 'POST', url: '/api/connections/test', payload: { hostPort: '127.0.0.1:4002', clientId: 'seven' } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({ error: { problems: [{ field: 'clientId' }] } });
  });
});
