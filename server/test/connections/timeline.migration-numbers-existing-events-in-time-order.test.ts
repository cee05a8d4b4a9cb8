// Scenario: a database from before timeline sequences holds events of two connections. Migrating
// numbers each connection's events from 1 in time order (ties by id, the best order they had),
// and new events then continue each connection's sequence.
import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { connectionsOf, connectionTables } from '../../src/connections/index.ts';
import { migrateToLatest, MIGRATIONS, openDatabase, type Db } from '../../src/db/index.ts';
import { describeEachEngine } from '../support/engines.ts';

const T0 = Date.UTC(2026, 10, 30, 9, 0, 0);
const SEQ = '20261201T0700_connection_event_seq';

describeEachEngine('connection event sequence migration', (engine) => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('numbers existing events per connection in time order, and new ones follow on', async () => {
    db = await openDatabase(await engine.config());
    await migrateToLatest(db, MIGRATIONS.filter((m) => m.name < SEQ));
    await db.kysely.insertInto('workspaces').values({ id: 'ws_1', name: 'Desk', created_at: T0 }).execute();
    const old = [['cev_b', 'con_a', T0 + 5], ['cev_c', 'con_a', T0], ['cev_a', 'con_a', T0 + 5], ['cev_d', 'con_b', T0 + 1]] as const;
    for (const [id, connection, at] of old) {
      // The table as it was before the migration: no seq column.
      await sql`insert into connection_events (id, workspace_id, connection_id, at, from_state, to_state, event, reason, code)
        values (${id}, 'ws_1', ${connection}, ${at}, 'stopped', 'connecting', 'start', ${id}, null)`.execute(db.kysely);
    }

    expect((await migrateToLatest(db)).applied).toContain(SEQ);
    const events = connectionTables(db);
    const seqOf = async () => Object.fromEntries((await events.selectFrom('connection_events').select(['id', 'seq']).execute()).map((r) => [r.id, Number(r.seq)]));
    expect(await seqOf()).toEqual({ cev_c: 1, cev_a: 2, cev_b: 3, cev_d: 1 });

    const store = connectionsOf(db, 'ws_1');
    await store.appendEvent({ id: 'cev_0', connection_id: 'con_a', at: T0, from_state: 'connecting', to_state: 'syncing', event: 'handshake_done', reason: 'new', code: null });
    expect((await seqOf()).cev_0).toBe(4);
    expect((await store.events('con_a', 10)).map((e) => e.id)).toEqual(['cev_0', 'cev_b', 'cev_a', 'cev_c']);
  });
});
