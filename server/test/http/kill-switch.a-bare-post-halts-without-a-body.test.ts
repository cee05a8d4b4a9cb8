// Scenario: in a hurry, a trader halts the workspace with `curl -X POST …/api/kill-switch` and no
// body at all, or with a JSON content type and an empty body. Both halt; a body with a reason still
// works and a wrong field is still refused.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Kairox } from '../../src/main.ts';
import { describeEachEngine } from '../support/engines.ts';
import { setUp, startKairox, type SignedInClient } from '../support/kairox.ts';

describeEachEngine('the kill switch without a body', (engine) => {
  let kairox: Kairox;
  let owner: SignedInClient;

  beforeAll(async () => {
    kairox = await startKairox(engine);
    owner = await setUp(kairox);
  });
  afterAll(async () => {
    await kairox?.close();
  });

  const halted = async () => ((await owner.request({ url: '/api/kill-switch' })).json() as { killSwitch: unknown }).killSwitch;
  const lift = async () => expect((await owner.request({ method: 'DELETE', url: '/api/kill-switch' })).statusCode).toBe(200);

  it('halts on a POST with no body and no content type', async () => {
    const response = await owner.request({ method: 'POST', url: '/api/kill-switch' });
    expect(response.statusCode, response.body).toBe(200);
    expect(await halted()).toMatchObject({ reason: null });
    await lift();
  });

  it('halts on a POST with a JSON content type and an empty body', async () => {
    const response = await owner.request({ method: 'POST', url: '/api/kill-switch', headers: { 'content-type': 'application/json', 'content-length': '0' }, payload: '' });
    expect(response.statusCode, response.body).toBe(200);
    expect(await halted()).not.toBeNull();
    await lift();
  });

  it('keeps the reason when one is sent, and refuses an unknown field naming it', async () => {
    expect((await owner.request({ method: 'POST', url: '/api/kill-switch', payload: { reason: 'feed looks wrong' } })).statusCode).toBe(200);
    expect(await halted()).toMatchObject({ reason: 'feed looks wrong' });
    await lift();
    const wrong = await owner.request({ method: 'POST', url: '/api/kill-switch', payload: { why: 'x' } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('why');
  });
});
