// What the operator does from a shell on the server: `kairox user add` and `kairox token create`.
// Adding a user to a database that already has users needs a target: a member of an existing
// workspace (--workspace), or, on purpose, a separate workspace with its own owner
// (--new-workspace); it never silently creates a second owner. A token is created only for a user
// who proves it with their password, exactly as signing in and POST /api/tokens would.
import { Conflict, KairoxError, ValidationError } from '../common/index.ts';
import { accountsStore as store, forWorkspace, type Db, type MembershipRole } from '../db/index.ts';
import type { AuditActor } from '../domain/index.ts';
import { checkPassword } from './login.ts';
import { addMember, registerOwner, type RegisterDeps } from './register.ts';
import type { ApiTokens, ApiTokenView } from './tokens.ts';

const OPERATOR: AuditActor = { type: 'cli', id: null };

export interface OperatorUserInput {
  email: string;
  password: string;
  name?: string;
  /** Id or exact name of the workspace to join. */
  workspace?: string;
  /** Role in that workspace (default viewer). */
  role?: MembershipRole;
  /** Create a separate workspace owned by this user although users exist. */
  newWorkspace?: boolean;
  /** Name of the new workspace (first user, or --new-workspace). */
  workspaceName?: string;
}

export interface OperatorAddedUser {
  userId: string;
  email: string;
  workspaceId: string;
  workspaceName: string;
  role: MembershipRole;
  /** True when a new workspace was created (the user is its owner). */
  createdWorkspace: boolean;
  newAccount: boolean;
}

async function findWorkspace(db: Db, ref: string): Promise<{ id: string; name: string }> {
  const found = await store.findWorkspaces(db.kysely, ref);
  if (found.length === 1) return found[0]!;
  const known = (await store.listWorkspacesWithOwners(db.kysely)).map((w) => `"${w.name}" (${w.id})`).join(', ') || 'none';
  if (found.length === 0) throw new KairoxError('NOT_FOUND', 404, `No workspace has the id or name "${ref}"; the workspaces are: ${known}.`);
  throw new ValidationError(`Several workspaces are named "${ref}"; name one by its id: ${found.map((w) => w.id).join(', ')}.`, 'workspace');
}

async function secondOwnerRefusal(db: Db, email: string): Promise<Conflict> {
  const workspaces = (await store.listWorkspacesWithOwners(db.kysely))
    .map((w) => `"${w.name}" (${w.id}${w.owners.length > 0 ? `, owner ${w.owners.join(', ')}` : ''})`)
    .join('; ');
  return new Conflict(
    `Kairox already has users, and without --workspace this would create a second, separate workspace with its own owner. ` +
    `To add ${email} to an existing workspace: kairox user add --email ${email} --workspace <id or name> --role viewer|trader|owner. ` +
    `Workspaces: ${workspaces}. To create a separate workspace on purpose, add --new-workspace.`,
  );
}

export async function addUserAsOperator(deps: RegisterDeps, input: OperatorUserInput): Promise<OperatorAddedUser> {
  if (input.workspace !== undefined) {
    if (input.newWorkspace) throw new ValidationError('Give either --workspace (join an existing workspace) or --new-workspace (create one), not both.', 'workspace');
    const workspace = await findWorkspace(deps.db, input.workspace);
    const role = input.role ?? 'viewer';
    const added = await addMember(deps, workspace.id, {
      email: input.email, role, ...(input.password !== '' && { password: input.password }), ...(input.name !== undefined && { name: input.name }),
    }, OPERATOR);
    return { userId: added.user.id, email: added.user.email, workspaceId: workspace.id, workspaceName: workspace.name, role, createdWorkspace: false, newAccount: added.newAccount };
  }
  if (input.role !== undefined && input.role !== 'owner') {
    throw new ValidationError('--role applies to a member of an existing workspace: add --workspace <id or name>. The first user of a new workspace is its owner.', 'role');
  }
  if (!input.newWorkspace && (await store.countUsers(deps.db.kysely)) > 0) throw await secondOwnerRefusal(deps.db, input.email.trim().toLowerCase());
  const owner = await registerOwner(deps, input, 'operator');
  return { userId: owner.user.id, email: owner.user.email, workspaceId: owner.workspace.id, workspaceName: owner.workspace.name, role: 'owner', createdWorkspace: true, newAccount: true };
}

export interface OperatorTokenInput {
  email: string;
  password: string;
  /** Label of the token (default "kairox token create"). */
  name?: string;
  /** Id or exact name of one of the user's workspaces (default: the one a sign-in lands in). */
  workspace?: string;
}

export interface OperatorToken {
  secret: string;
  token: ApiTokenView;
  workspace: { id: string; name: string };
  role: MembershipRole;
}

export async function createTokenAsOperator(deps: RegisterDeps & { tokens: ApiTokens }, input: OperatorTokenInput): Promise<OperatorToken> {
  // Refused with the same words as a failed sign-in, and recorded on the user's trail the same way.
  const signedIn = await checkPassword(deps, input.email, input.password);
  const memberships = await store.listMemberships(deps.db.kysely, signedIn.user.id);
  const chosen = input.workspace === undefined
    ? memberships[0]
    : memberships.find((m) => m.workspaceId === input.workspace) ?? memberships.find((m) => m.workspaceName === input.workspace);
  if (!chosen) {
    const theirs = memberships.map((m) => `"${m.workspaceName}" (${m.workspaceId})`).join(', ');
    throw new KairoxError('NOT_FOUND', 404, `${signedIn.user.email} is not a member of a workspace "${input.workspace}"; their workspaces are: ${theirs}.`);
  }
  const by = { userId: signedIn.user.id, role: chosen.role, actor: { type: 'user', id: signedIn.user.id } as const };
  const created = await deps.tokens.create(forWorkspace(deps.db, chosen.workspaceId), by, input.name ?? 'kairox token create');
  return { secret: created.secret, token: created.token, workspace: { id: chosen.workspaceId, name: chosen.workspaceName }, role: chosen.role };
}
