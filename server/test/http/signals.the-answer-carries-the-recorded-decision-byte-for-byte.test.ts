// Scenario: a program posts a signal and reads the answer. Kairox writes that answer from the
// decision's JSON text it stored on the signal's row instead of serialising the decision again;
// the bytes must stay exactly what JSON.stringify of { signal: { id, status, decision }, repeated }
// writes, with the content type Fastify gives a serialised object, and a repeat of the
// idempotency key (answered from the row) must read the same but for repeated: true.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signalTables } from '../../src/intake/signal-store.ts';
import type { Kairox } from '../../src/main.ts';
import { describeEachEngine } from '../support/engines.ts';
import { setUp, startKairox, type SignedInClient } from '../support/kairox.ts';

describeEachEngine('A signal\'s answer is its recorded decision, byte for byte', (engine) => {
  let kairox: Kairox;
  let owner: SignedInClient;
  let connectionId: string;

  beforeAll(async () => {
    kairox = await startKairox(engine);
    owner = await setUp(kairox);
    // No gateway listens there: the signal is decided (denied, with its steps) without IB.
    const created = await owner.request({ method: 'POST', url: '/api/connections', payload: { hostPort: '127.0.0.1:4002', clientId: 9 } });
    expect(created.statusCode, created.body).toBe(201);
    connectionId = (created.json() as { connection: { id: string } }).connection.id;
  });
  afterAll(async () => {
    await kairox?.close();
  });

  const rowOf = async (id: string) => signalTables(kairox.db).selectFrom('signals').select(['status', 'decision']).where('id', '=', id).executeTakeFirstOrThrow();

  it('answers the decision text stored on the row, in the bytes JSON.stringify writes', async () => {
    const answer = await owner.request({
      method: 'POST', url: '/api/signals', headers: { 'idempotency-key': 'pinned-bytes-1' },
      payload: { connectionId, instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 1 }, note: 'unicode “quotes” and \\ escapes' },
    });
    expect(answer.statusCode, answer.body).toBe(202);
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    const id = (answer.json() as { signal: { id: string } }).signal.id;
    const row = await rowOf(id);
    const decision = JSON.parse(row.decision) as { steps: unknown[] };
    expect(decision.steps.length).toBeGreaterThan(0);
    expect(answer.body).toBe(JSON.stringify({ signal: { id, status: row.status, decision }, repeated: false }));
    expect(answer.body).toBe(`{"signal":{"id":"${id}","status":"${row.status}","decision":${row.decision}},"repeated":false}`);
    expect(answer.headers['content-length']).toBe(String(Buffer.byteLength(answer.body)));

    const repeat = await owner.request({
      method: 'POST', url: '/api/signals', headers: { 'idempotency-key': 'pinned-bytes-1' },
      payload: { connectionId, instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: 1 }, note: 'unicode “quotes” and \\ escapes' },
    });
    expect(repeat.statusCode, repeat.body).toBe(202);
    expect(repeat.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(repeat.body).toBe(answer.body.replace(/"repeated":false}$/, '"repeated":true}'));
  });
});
