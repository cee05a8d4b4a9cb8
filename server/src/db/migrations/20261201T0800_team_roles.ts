// Team roles: owner, trader, viewer replace owner, admin, member (admin -> trader, member -> viewer).
// The role column's check constraint changes with the values: PostgreSQL alters it in place;
// SQLite cannot alter a constraint, so the (unreferenced) memberships table is rebuilt.
import { sql, type Kysely } from 'kysely';
import type { DbKind } from '../connect.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const RENAMED_ROLE = sql`case role when 'admin' then 'trader' when 'member' then 'viewer' else role end`;

export async function up(db: AnyDb, kind: DbKind): Promise<void> {
  if (kind === 'postgres') {
    // The initial migration's unnamed column check got PostgreSQL's default name.
    await sql`alter table memberships drop constraint memberships_role_check`.execute(db);
    await sql`update memberships set role = ${RENAMED_ROLE}`.execute(db);
    await sql`alter table memberships add constraint memberships_role_check check (role in ('owner', 'trader', 'viewer'))`.execute(db);
    return;
  }
  await db.schema
    .createTable('memberships_next')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('owner', 'trader', 'viewer')`))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('memberships_pk', ['workspace_id', 'user_id'])
    .execute();
  await sql`insert into memberships_next (workspace_id, user_id, role, created_at)
    select workspace_id, user_id, ${RENAMED_ROLE}, created_at from memberships`.execute(db);
  await db.schema.dropTable('memberships').execute();
  await db.schema.alterTable('memberships_next').renameTo('memberships').execute();
  await db.schema.createIndex('memberships_user_idx').on('memberships').columns(['user_id', 'created_at']).execute();
}
