// Which workspace a signed-in user acts in, with which role. Every request is bound to one
// membership; its WorkspaceScope is then the only way to that workspace's rows.
import { accountsStore as store, forWorkspace, type Db, type MembershipRole, type WorkspaceScope } from '../db/index.ts';

export interface WorkspaceAccess {
  user: { id: string; email: string; name: string | null };
  workspace: { id: string; name: string };
  role: MembershipRole;
  scope: WorkspaceScope;
}

/** The access for (user, workspace), or undefined when the user is disabled, gone, or not a member. */
export async function resolveAccess(db: Db, userId: string, workspaceId: string): Promise<WorkspaceAccess | undefined> {
  const user = await store.findUserById(db.kysely, userId);
  if (!user || user.disabled_at !== null) return undefined;
  const membership = await store.findMembership(db.kysely, userId, workspaceId);
  if (!membership) return undefined;
  return {
    user: { id: user.id, email: user.email, name: user.name },
    workspace: { id: membership.workspaceId, name: membership.workspaceName },
    role: membership.role,
    scope: forWorkspace(db, workspaceId),
  };
}

const RANK: Record<MembershipRole, number> = { viewer: 0, trader: 1, owner: 2 };

/** True when `role` is at least `needed` (owner > trader > viewer). */
export function hasRole(role: MembershipRole, needed: MembershipRole): boolean {
  return RANK[role] >= RANK[needed];
}
