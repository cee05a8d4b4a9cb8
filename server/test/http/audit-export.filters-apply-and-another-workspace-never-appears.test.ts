// Scenario: an owner exports only what an inquiry asks for (one signal, one connection, a time
// window) and gets exactly what GET /api/audit lists for the same filters, oldest first, in either
// format. A second workspace holds events about the same signal and connection ids: they never
// appear in the first workspace's export, filtered or not, and the reverse.
import { afterEach, expect, it } from 'vitest';
import { AuditLog, type AuditEvent } from '../../src/audit/index.ts';
import { ManualClock } from '../../src/common/index.ts';
import { forWorkspace } from '../../src/db/index.ts';
import { addUser, type Kairox } from '../../src/main.ts';
import { parseCsv } from '../support/csv.ts';
import { describeEachEngine } from '../support/engines.ts';
import { logIn, OWNER, setUp, startKairox, type SignedInClient } from '../support/kairox.ts';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 2, 10, 14);
const SIG_A = `sig_${'a'.repeat(26)}`;
const SIG_B = `sig_${'b'.repeat(26)}`;
const CON_A = `con_${'a'.repeat(26)}`;
const CON_B = `con_${'b'.repeat(26)}`;
const iso = (ms: number) => new Date(ms).toISOString();

async function exportedIds(client: SignedInClient, query: string, format: 'jsonl' | 'csv'): Promise<string[]> {
  const response = await client.request({ url: `/api/audit/export?format=${format}${query ? `&${query}` : ''}` });
  expect(response.statusCode, response.body).toBe(200);
  if (format === 'jsonl') return response.body.split('\n').filter(Boolean).map((line) => (JSON.parse(line) as AuditEvent).id);
  return parseCsv(response.body).slice(1).map((row) => row[1]!);
}

async function listedIds(client: SignedInClient, query: string): Promise<string[]> {
  const response = await client.request({ url: `/api/audit?limit=200${query ? `&${query}` : ''}` });
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as { events: AuditEvent[] }).events.map((e) => e.id).reverse();
}

describeEachEngine('audit export filters', (engine) => {
  let kairox: Kairox | undefined;
  afterEach(async () => {
    await kairox?.close();
    kairox = undefined;
  });

  it('exports what the list shows for the same filters, and only the caller\'s workspace', async () => {
    const clock = new ManualClock(T0 - HOUR);
    kairox = await startKairox(engine, {}, { clock });
    const signedUp = await setUp(kairox);
    await addUser(kairox.config, { email: 'bob@example.test', password: 'bob has a long password', newWorkspace: true }, { clock });
    const bobAtStart = await logIn(kairox, 'bob@example.test', 'bob has a long password');
    const workspaceOf = async (c: SignedInClient) => ((await c.request({ url: '/api/me' })).json() as { workspace: { id: string } }).workspace.id;
    const log = new AuditLog(clock);
    const scopes = [forWorkspace(kairox.db, await workspaceOf(signedUp)), forWorkspace(kairox.db, await workspaceOf(bobAtStart))] as const;

    // The same story in both workspaces, an hour apart: connection A, signal A on it, signal B on connection B, connection B.
    const ids: Array<Record<'conA' | 'sigA' | 'sigB' | 'conB', string>> = [];
    for (const scope of scopes) {
      clock.set(T0);
      const actor = { type: 'user', id: 'usr_x' } as const;
      const conA = await log.append(scope, { action: 'connection.created', actor, target: { type: 'connection', id: CON_A } });
      clock.set(T0 + HOUR);
      const sigA = await log.append(scope, { action: 'signal.received', actor, target: { type: 'signal', id: SIG_A }, data: { connectionId: CON_A } });
      clock.set(T0 + 2 * HOUR);
      const sigB = await log.append(scope, { action: 'signal.received', actor, target: { type: 'signal', id: SIG_B }, data: { connectionId: CON_B } });
      clock.set(T0 + 3 * HOUR);
      const conB = await log.append(scope, { action: 'connection.updated', actor, target: { type: 'connection', id: CON_B } });
      ids.push({ conA: conA.id, sigA: sigA.id, sigB: sigB.id, conB: conB.id });
    }
    const [a, b] = ids as [Record<string, string>, Record<string, string>];
    // Signed in again after the story's hours, so no session has idled out on the moved clock.
    const alice = await logIn(kairox, OWNER.email, OWNER.password);
    const bob = await logIn(kairox, 'bob@example.test', 'bob has a long password');

    // Each filter, and the ids it must give in a workspace whose story is `r`.
    const cases: Array<[string, (r: Record<string, string>) => string[]]> = [
      [`signalId=${SIG_A}`, (r) => [r.sigA!]],
      [`connectionId=${CON_A}`, (r) => [r.conA!, r.sigA!]],
      [`connectionId=${CON_B}`, (r) => [r.sigB!, r.conB!]],
      [`since=${encodeURIComponent(iso(T0 + HOUR))}&until=${encodeURIComponent(iso(T0 + 3 * HOUR))}`, (r) => [r.sigA!, r.sigB!]],
      [`connectionId=${CON_B}&since=${encodeURIComponent(iso(T0 + 3 * HOUR))}`, (r) => [r.conB!]],
      [`signalId=${SIG_B}&until=${encodeURIComponent(iso(T0 + 2 * HOUR))}`, () => []],
    ];
    for (const [client, own, other] of [[alice, a, b], [bob, b, a]] as const) {
      for (const [query, expected] of cases) {
        for (const format of ['jsonl', 'csv'] as const) {
          expect(await exportedIds(client, query, format), `${format} ${query}`).toEqual(expected(own));
        }
        expect(await listedIds(client, query), query).toEqual(expected(own));
      }
      // Unfiltered: the workspace's whole trail (its sign-up events too), and nothing of the other's.
      for (const format of ['jsonl', 'csv'] as const) {
        const all = await exportedIds(client, '', format);
        expect(all).toEqual(await listedIds(client, ''));
        expect(all).toEqual(expect.arrayContaining(Object.values(own)));
        for (const id of Object.values(other)) expect(all).not.toContain(id);
      }
    }
  });
});
