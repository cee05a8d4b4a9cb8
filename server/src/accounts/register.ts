// Creates a user together with the workspace they own: the first-run set-up over HTTP, and
// `kairox user add` from the CLI. Set-up is race-safe: it claims a one-row marker in the same
// transaction, so of two concurrent set-ups exactly one commits.
import type { Clock, Logger } from '../common/index.ts';
import { Conflict, newId } from '../common/index.ts';
import { accountsStore as store, isUniqueViolation, WorkspaceScope, type Db } from '../db/index.ts';
import type { RequestMeta } from '../domain/index.ts';
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
