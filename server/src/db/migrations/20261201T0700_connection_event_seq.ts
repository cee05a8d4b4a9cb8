// Timeline events get a per-connection sequence: several events often share a millisecond (a
// drop, its retry, a warning) and `at` plus a random id put them in no reliable order. Existing
// rows are numbered by (at, id), the best order they have; new rows take the next number.
import { sql, type Kysely } from 'kysely';
import type { DbKind } from '../connect.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb, _kind: DbKind): Promise<void> {
  await db.schema.alterTable('connection_events').addColumn('seq', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  await sql`
    update connection_events set seq = (
      select count(*) from connection_events e
      where e.workspace_id = connection_events.workspace_id and e.connection_id = connection_events.connection_id
        and (e.at < connection_events.at or (e.at = connection_events.at and e.id <= connection_events.id))
    )`.execute(db);
  await db.schema.createIndex('connection_events_seq_uq').on('connection_events').columns(['workspace_id', 'connection_id', 'seq']).unique().execute();
}
