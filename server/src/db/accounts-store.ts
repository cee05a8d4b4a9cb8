// Rows that are not owned by a workspace: users, workspaces themselves, memberships, sessions,
// the set-up claim, and the token lookup used to authenticate (which yields the workspace).
import type { Kysely, Selectable } from 'kysely';
import type { ApiTokensTable, Database, MembershipRole, SessionsTable, UsersTable, WorkspacesTable } from './schema.ts';
import { precompiled } from './precompiled.ts';

export type Executor = Kysely<Database>;
export type UserRow = Selectable<UsersTable>;
export type WorkspaceRow = Selectable<WorkspacesTable>;
export type SessionRow = Selectable<SessionsTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;

export interface MembershipView {
  workspaceId: string;
  workspaceName: string;
  role: MembershipRole;
  createdAt: number;
}

// The reads that authenticate every API request, built once (precompiled.ts).
const userById = precompiled('user by id', (db: Executor, p: { id: string }) => db.selectFrom('users').selectAll().where('id', '=', p.id));

const membershipOf = precompiled('membership of a user in a workspace', (db: Executor, p: { userId: string; workspaceId: string }) =>
  db
    .selectFrom('memberships as m')
    .innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
    .select(['m.workspace_id', 'w.name', 'm.role', 'm.created_at'])
    .where('m.user_id', '=', p.userId)
    .where('m.workspace_id', '=', p.workspaceId));

const tokenByPrefix = precompiled('API token by prefix', (db: Executor, p: { prefix: string }) =>
  db.selectFrom('api_tokens').selectAll().where('prefix', '=', p.prefix));

const setTokenLastUsed = precompiled('set an API token\'s last use', (db: Executor, p: { id: string; now: number }) =>
  db.updateTable('api_tokens').set({ last_used_at: p.now }).where('id', '=', p.id));

export async function countUsers(db: Executor): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findUserByEmail(db: Executor, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function findUserById(db: Executor, id: string): Promise<UserRow | undefined> {
  return userById.first(db, { id });
}

export async function insertUser(db: Executor, row: UserRow): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

export async function insertWorkspace(db: Executor, row: { id: string; name: string; created_at: number }): Promise<void> {
  await db.insertInto('workspaces').values(row).execute();
}

export async function insertMembership(db: Executor, row: { workspace_id: string; user_id: string; role: MembershipRole; created_at: number }): Promise<void> {
  await db.insertInto('memberships').values(row).execute();
}

/** The user's workspaces, oldest membership first (the first is where a sign-in lands). */
export async function listMemberships(db: Executor, userId: string): Promise<MembershipView[]> {
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
    .select(['m.workspace_id', 'w.name', 'm.role', 'm.created_at'])
    .where('m.user_id', '=', userId)
    .orderBy('m.created_at')
    .orderBy('m.workspace_id')
    .execute();
  return rows.map((r) => ({ workspaceId: r.workspace_id, workspaceName: r.name, role: r.role, createdAt: r.created_at }));
}

export async function findMembership(db: Executor, userId: string, workspaceId: string): Promise<MembershipView | undefined> {
  const all = await membershipOf.first(db, { userId, workspaceId });
  return all && { workspaceId: all.workspace_id, workspaceName: all.name, role: all.role, createdAt: all.created_at };
}

/** Workspaces whose id or exact name is `ref` (more than one when a name is shared). */
export async function findWorkspaces(db: Executor, ref: string): Promise<WorkspaceRow[]> {
  return db.selectFrom('workspaces').selectAll().where((eb) => eb.or([eb('id', '=', ref), eb('name', '=', ref)])).orderBy('created_at').orderBy('id').execute();
}

/** Every workspace with the e-mail addresses of its owners, oldest first (for the operator). */
export async function listWorkspacesWithOwners(db: Executor): Promise<Array<{ id: string; name: string; owners: string[] }>> {
  const rows = await db
    .selectFrom('workspaces as w')
    .leftJoin('memberships as m', (join) => join.onRef('m.workspace_id', '=', 'w.id').on('m.role', '=', 'owner'))
    .leftJoin('users as u', 'u.id', 'm.user_id')
    .select(['w.id', 'w.name', 'u.email'])
    .orderBy('w.created_at')
    .orderBy('w.id')
    .orderBy('u.email')
    .execute();
  const byId = new Map<string, { id: string; name: string; owners: string[] }>();
  for (const r of rows) {
    const ws = byId.get(r.id) ?? { id: r.id, name: r.name, owners: [] };
    if (r.email !== null) ws.owners.push(r.email);
    byId.set(r.id, ws);
  }
  return [...byId.values()];
}

/**
 * Claims the one-row set-up marker. With `exclusive` the claim fails (unique violation) when it is
 * already taken; without it an existing claim is kept. The row lock makes concurrent claims queue.
 */
export async function claimInstanceSetup(db: Executor, now: number, exclusive: boolean): Promise<void> {
  const insert = db.insertInto('instance_setup').values({ id: 1, completed_at: now });
  await (exclusive ? insert : insert.onConflict((oc) => oc.column('id').doNothing())).execute();
}

export async function insertSession(db: Executor, row: SessionRow): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

export async function findSession(db: Executor, idHash: string): Promise<SessionRow | undefined> {
  return db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
}

export async function deleteSession(db: Executor, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

export async function deleteExpiredSessions(db: Executor, now: number): Promise<number> {
  const result = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Authentication only: finds a token by its public prefix, whatever its workspace. */
export async function findTokenByPrefix(db: Executor, prefix: string): Promise<ApiTokenRow | undefined> {
  return tokenByPrefix.first(db, { prefix });
}

export async function touchToken(db: Executor, id: string, now: number): Promise<void> {
  await setTokenLastUsed.run(db, { id, now });
}
