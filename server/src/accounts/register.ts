// Creates users: the owner of a new workspace (first-run set-up over HTTP, `kairox user add` on
// an empty database, or with --new-workspace), and members of an existing workspace (an owner
// over POST /api/members, `kairox user add --workspace`). Set-up is race-safe: it claims a
// one-row marker in the same transaction, so of two concurrent set-ups exactly one commits.
import type { Clock, Logger } from '../common/index.ts';
import { Conflict, newId, NotFound, ValidationError } from '../common/index.ts';
import { accountsStore as store, isUniqueViolation, WorkspaceScope, type Db, type MembershipRole } from '../db/index.ts';
import type { AuditActor, RequestMeta } from '../domain/index.ts';
import { check, emailSchema, nameSchema, newPasswordSchema } from './credentials.ts';
import type { PasswordHasher } from './passwords.ts';
import type { AuditRecorder } from './ports.ts';

export interface RegisterDeps {
  db: Db;
  clock: Clock;
  hasher: PasswordHasher;
  audit: AuditRecorder;
  logger: Logger;
}

export interface RegisterInput {
  email: string;
  password: string;
  name?: string;
  workspaceName?: string;
}

export interface RegisteredOwner {
  user: { id: string; email: string; name: string | null };
  workspace: { id: string; name: string };
}

export type RegisterMode =
  /** HTTP first-run set-up: only while no user exists. */
  | 'first-run'
  /** CLI: whenever asked (the operator has the database); also closes first-run set-up. */
  | 'operator';

export async function registerOwner(deps: RegisterDeps, input: RegisterInput, mode: RegisterMode, meta: RequestMeta = {}): Promise<RegisteredOwner> {
  const email = check(emailSchema, input.email, 'email');
  const password = check(newPasswordSchema, input.password, 'password');
  const name = input.name === undefined ? null : check(nameSchema, input.name, 'name');
  const workspaceName = check(nameSchema, input.workspaceName ?? `${name ?? email.split('@')[0]}'s workspace`, 'workspaceName');

  if (mode === 'first-run' && (await store.countUsers(deps.db.kysely)) > 0) throw setupDone();
  const passwordHash = await deps.hasher.hash(password);
  const now = deps.clock.now();
  const user = { id: newId('usr'), email, name, password_hash: passwordHash, created_at: now, disabled_at: null };
  const workspace = { id: newId('ws'), name: workspaceName, created_at: now };

  try {
    await deps.db.kysely.transaction().execute(async (trx) => {
      await store.claimInstanceSetup(trx, now, mode === 'first-run');
      if (mode === 'first-run' && (await store.countUsers(trx)) > 0) throw setupDone();
      if (await store.findUserByEmail(trx, email)) throw new Conflict(`A user with e-mail ${email} already exists.`, 'EMAIL_TAKEN');
      await store.insertUser(trx, user);
      await store.insertWorkspace(trx, workspace);
      await store.insertMembership(trx, { workspace_id: workspace.id, user_id: user.id, role: 'owner', created_at: now });
      const scope = new WorkspaceScope(workspace.id, trx, deps.db.kind);
      await deps.audit.append(scope, {
        action: mode === 'first-run' ? 'setup.completed' : 'user.created',
        actor: mode === 'first-run' ? { type: 'user', id: user.id } : { type: 'cli', id: null },
        target: { type: 'user', id: user.id },
        data: { email, workspaceName, role: 'owner', ...(meta.ip !== undefined && { ip: meta.ip }) },
        ...(meta.requestId !== undefined && { requestId: meta.requestId }),
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      // Lost a race: another set-up claimed the marker, or the same e-mail was added meanwhile.
      if (mode === 'first-run') throw setupDone();
      throw new Conflict(`A user with e-mail ${email} already exists.`, 'EMAIL_TAKEN');
    }
    throw error;
  }
  deps.logger.info({ userId: user.id, workspaceId: workspace.id, mode }, 'owner account created');
  return { user: { id: user.id, email, name }, workspace: { id: workspace.id, name: workspaceName } };
}

function setupDone(): Conflict {
  return new Conflict('Set-up has already been completed; sign in instead, or ask the owner to add you.', 'SETUP_ALREADY_DONE');
}

export interface MemberInput {
  email: string;
  /** The first password of a new account; must be absent when the e-mail already has an account. */
  password?: string;
  /** Display name of a new account. */
  name?: string;
  role: MembershipRole;
}

export interface AddedMember {
  user: { id: string; email: string; name: string | null };
  workspace: { id: string; name: string };
  role: MembershipRole;
  /** False when the e-mail already had an account (one that no longer belonged to any workspace). */
  newAccount: boolean;
}

/**
 * Adds a member to an existing workspace, creating their account when the e-mail has none. A
 * sign-in lands in one workspace, so an account that already belongs to another is refused.
 */
export async function addMember(deps: RegisterDeps, workspaceId: string, input: MemberInput, actor: AuditActor, meta: RequestMeta = {}): Promise<AddedMember> {
  const email = check(emailSchema, input.email, 'email');
  const name = input.name === undefined ? null : check(nameSchema, input.name, 'name');
  const existing = await store.findUserByEmail(deps.db.kysely, email);
  if (existing && input.password !== undefined && input.password !== '') {
    throw new ValidationError(`${email} already has an account and signs in with their own password; add them without a password.`, 'password');
  }
  const passwordHash = existing ? undefined : await deps.hasher.hash(check(newPasswordSchema, input.password, 'password'));
  const now = deps.clock.now();

  try {
    return await deps.db.kysely.transaction().execute(async (trx) => {
      const workspace = await trx.selectFrom('workspaces').select(['id', 'name']).where('id', '=', workspaceId).executeTakeFirst();
      if (!workspace) throw new NotFound('Workspace');
      const found = await store.findUserByEmail(trx, email);
      let user: AddedMember['user'];
      if (found) {
        if (!existing) throw emailTaken(email);
        const memberships = await store.listMemberships(trx, found.id);
        const here = memberships.find((m) => m.workspaceId === workspaceId);
        if (here) throw new Conflict(`${email} is already a member of workspace "${workspace.name}" (${here.role}); change their role instead.`, 'ALREADY_A_MEMBER');
        if (memberships.length > 0) throw new Conflict(`${email} already belongs to another workspace, and a sign-in lands in one workspace; use another e-mail address.`, 'EMAIL_TAKEN');
        user = { id: found.id, email, name: found.name };
      } else {
        if (passwordHash === undefined) throw emailTaken(email);
        user = { id: newId('usr'), email, name };
        await store.insertUser(trx, { ...user, password_hash: passwordHash, created_at: now, disabled_at: null });
      }
      await store.insertMembership(trx, { workspace_id: workspaceId, user_id: user.id, role: input.role, created_at: now });
      await deps.audit.append(new WorkspaceScope(workspaceId, trx, deps.db.kind), {
        action: 'member.added', actor, target: { type: 'user', id: user.id },
        data: { email, role: input.role, newAccount: !found, ...(meta.ip !== undefined && { ip: meta.ip }) },
        ...(meta.requestId !== undefined && { requestId: meta.requestId }),
      });
      deps.logger.info({ userId: user.id, workspaceId, role: input.role }, 'member added');
      return { user, workspace, role: input.role, newAccount: !found };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken(email);
    throw error;
  }
}

function emailTaken(email: string): Conflict {
  return new Conflict(`A user with e-mail ${email} already exists.`, 'EMAIL_TAKEN');
}
