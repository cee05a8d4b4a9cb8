// Scenario: a session drops, schedules its retry, retries and gets a warning within the same
// millisecond. The connection's timeline serves them newest first in the order they happened,
// not in the order of their random ids (the ids here sort the other way on purpose).
import { afterEach, expect, it } from 'vitest';
import { connectionSource, connectionTables } from '../../src/connections/index.ts';
import type { Kairox } from '../../src/main.ts';
import { describeEachEngine } from '../support/engines.ts';
import { setUp, startKairox } from '../support/kairox.ts';

const AT = Date.parse('2026-12-01T09:30:00Z');
const STEPS = [
  ['ready', 'disconnected', 'dropped'], ['disconnected', 'waiting_to_retry', 'retry_scheduled'], ['waiting_to_retry', 'connecting', 'retry'],
  ['connecting', 'syncing', 'handshake_done'], ['syncing', 'syncing', 'warning'], ['syncing', 'ready', 'synced'], ['ready', 'ready', 'warning'],
  ['ready', 'degraded', 'connectivity_lost'],
] as const;

describeEachEngine('connection timeline order', (engine) => {
  let kairox: Kairox | undefined;
  afterEach(async () => {
    await kairox?.close();
    kairox = undefined;
  });

  it('events that share a millisecond come back newest first, in the order they were written', async () => {
    kairox = await startKairox(engine);
    const owner = await setUp(kairox);
    const { connection } = (await owner.request({ method: 'POST', url: '/api/connections', payload: { hostPort: '127.0.0.1:4002', clientId: 9 } })).json() as { connection: { id: string } };
    const { workspace_id: workspace } = await connectionTables(kairox.db).selectFrom('broker_connections').select('workspace_id').where('id', '=', connection.id).executeTakeFirstOrThrow();

    const source = connectionSource(kairox.db);
    for (const [i, [from, to, event]] of STEPS.entries()) {
      // Ids that sort backwards: cev_z…, cev_y…, …
      const id = `cev_${String.fromCharCode(122 - i).repeat(26)}`;
      await source.appendTimeline(workspace, connection.id, { id, at: AT, from, to, event, reason: `step ${i}`, code: null });
    }

    const { events } = (await owner.request({ url: `/api/connections/${connection.id}/timeline` })).json() as { events: { reason: string; at: number }[] };
    expect(events.map((e) => e.reason)).toEqual(STEPS.map((_, i) => `step ${i}`).reverse());
    expect(new Set(events.map((e) => e.at))).toEqual(new Set([AT]));
  });
});
