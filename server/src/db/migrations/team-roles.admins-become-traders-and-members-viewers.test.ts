// Scenario: a database created before team roles has an owner, an admin and a member. Migrating
// forward makes the admin a trader and the member a viewer, keeps everything else, and from then
// on the old role names are refused by the database itself.
import { afterEach, expect, it } from 'vitest';
import { sql } from 'kysely';
import { describeEachEngine } from '../../../test/support/engines.ts';
import { migrateToLatest, MIGRATIONS, openDatabase, type Db } from '../index.ts';

const T0 = Date.UTC(2026, 10, 24, 9, 0, 0);
const BEFORE_TEAM_ROLES = MIGRATIONS.filter((m) => m.name < '20261201T0800_team_roles');

describeEachEngine('team roles migration', (engine) => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('turns admins into traders and members into viewers, and refuses the old names afterwards', async () => {
    db = await openDatabase(await engine.config());
    await migrateToLatest(db, BEFORE_TEAM_ROLES);
    const k = db.kysely;
    await k.insertInto('workspaces').values({ id: 'ws_1', name: 'Desk', created_at: T0 }).execute();
    const roles = { usr_owner: 'owner', usr_admin: 'admin', usr_member: 'member' } as const;
    for (const [id, role] of Object.entries(roles)) {
      await k.insertInto('users').values({ id, email: `${id}@example.test`, name: null, password_hash: 'x', created_at: T0, disabled_at: null }).execute();
      await sql`insert into memberships (workspace_id, user_id, role, created_at) values ('ws_1', ${id}, ${role}, ${T0})`.execute(k);
    }

    const { applied } = await migrateToLatest(db);
    expect(applied).toContain('20261201T0800_team_roles');

    const after = await k.selectFrom('memberships').select(['workspace_id', 'user_id', 'role', 'created_at']).orderBy('user_id').execute();
    expect(after.map((m) => ({ ...m, created_at: Number(m.created_at) }))).toEqual([
      { workspace_id: 'ws_1', user_id: 'usr_admin', role: 'trader', created_at: T0 },
      { workspace_id: 'ws_1', user_id: 'usr_member', role: 'viewer', created_at: T0 },
      { workspace_id: 'ws_1', user_id: 'usr_owner', role: 'owner', created_at: T0 },
    ]);
    await expect(sql`update memberships set role = 'admin' where user_id = 'usr_admin'`.execute(k)).rejects.toThrow(/check/i);
    // The primary key survived: a second membership of the same user in the same workspace is refused.
    await expect(sql`insert into memberships (workspace_id, user_id, role, created_at) values ('ws_1', 'usr_admin', 'viewer', ${T0})`.execute(k)).rejects.toThrow(/unique|duplicate/i);
    // So did the index used to find a user's workspaces.
    const indexes = await indexNames(db);
    expect(indexes).toContain('memberships_user_idx');
  });
});

async function indexNames(db: Db): Promise<string[]> {
  const rows = db.kind === 'sqlite'
    ? await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'memberships'`.execute(db.kysely)
    : await sql<{ name: string }>`select indexname as name from pg_indexes where tablename = 'memberships'`.execute(db.kysely);
  return rows.rows.map((r) => r.name);
}
