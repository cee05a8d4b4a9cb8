// Lets a test play the attacker with database access: switch off the append-only triggers
// on audit_events so rows can be edited or deleted behind Kairox's back.
import { sql } from 'kysely';
import type { Db } from '../../src/db/index.ts';

export async function disableAuditAppendOnly(db: Db): Promise<void> {
  if (db.kind === 'sqlite') {
    await sql`drop trigger audit_events_no_update`.execute(db.kysely);
    await sql`drop trigger audit_events_no_delete`.execute(db.kysely);
  } else {
    await sql`alter table audit_events disable trigger audit_events_no_change`.execute(db.kysely);
  }
}
