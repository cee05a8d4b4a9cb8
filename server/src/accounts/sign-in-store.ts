// Rows the sign-in path reads and writes: the account behind an e-mail together with the
// workspace a sign-in lands in (one query, whether or not the account exists), and the record of
// refusals that have no workspace trail to go to (migration 20261201T0900_sign_in_failures).
import type { Executor, MembershipRole, UserRow } from '../db/index.ts';

export interface SignInFailuresTable {
  at: number;
  /** sha256 of the normalised e-mail: people type passwords into the e-mail field. */
  email_hash: string;
  user_id: string | null;
  reason: string;
  ip: string | null;
  request_id: string | null;
}

/** Refusals are kept this long, then pruned by later refusals. */
export const SIGN_IN_FAILURE_RETENTION_MS = 30 * 24 * 3_600_000;

export interface SignInCandidate {
  user: UserRow;
  /** The user's oldest membership: where a sign-in lands. */
  home: { workspaceId: string; workspaceName: string; role: MembershipRole } | undefined;
}

export async function findSignInCandidate(db: Executor, email: string): Promise<SignInCandidate | undefined> {
  const row = await db
    .selectFrom('users as u')
    .leftJoin('memberships as m', 'm.user_id', 'u.id')
    .leftJoin('workspaces as w', 'w.id', 'm.workspace_id')
    .select(['u.id', 'u.email', 'u.name', 'u.password_hash', 'u.created_at', 'u.disabled_at', 'm.workspace_id', 'm.role', 'w.name as workspace_name'])
    .where('u.email', '=', email)
    .orderBy('m.created_at')
    .orderBy('m.workspace_id')
    .limit(1)
    .executeTakeFirst();
  if (!row) return undefined;
  const { workspace_id, role, workspace_name, ...user } = row;
  const home = workspace_id !== null && role !== null && workspace_name !== null ? { workspaceId: workspace_id, workspaceName: workspace_name, role } : undefined;
  return { user, home };
}

/** Records one refusal and prunes those past retention (the same two statements every time). */
export async function recordSignInFailure(db: Executor, row: SignInFailuresTable): Promise<void> {
  const tables = db.withTables<{ sign_in_failures: SignInFailuresTable }>();
  await tables.insertInto('sign_in_failures').values(row).execute();
  await tables.deleteFrom('sign_in_failures').where('at', '<', row.at - SIGN_IN_FAILURE_RETENTION_MS).execute();
}
