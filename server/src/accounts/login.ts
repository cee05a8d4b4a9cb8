// Password sign-in. Every failure gives the same error, and the same argon2 work is done
// whether or not the e-mail belongs to a user, so neither reveals who has an account.
import type { Logger } from '../common/index.ts';
import { Unauthorized } from '../common/index.ts';
import { accountsStore as store, forWorkspace, type Db, type MembershipRole } from '../db/index.ts';
import type { RequestMeta } from '../domain/index.ts';
import { normaliseEmail, PASSWORD_MAX } from './credentials.ts';
import type { PasswordHasher } from './passwords.ts';
import type { AuditRecorder } from './ports.ts';

export interface LoginDeps {
  db: Db;
  hasher: PasswordHasher;
  audit: AuditRecorder;
  logger: Logger;
}

export interface SignedIn {
  user: { id: string; email: string; name: string | null };
  /** The workspace a sign-in lands in: the user's oldest membership. */
  workspace: { id: string; name: string; role: MembershipRole };
}

export const INVALID_CREDENTIALS_MESSAGE = 'E-mail or password is incorrect.';

export async function checkPassword(deps: LoginDeps, email: string, password: string, meta: RequestMeta = {}): Promise<SignedIn> {
  const normalised = normaliseEmail(email);
  const user = normalised.length > 0 && normalised.length <= 254 ? await store.findUserByEmail(deps.db.kysely, normalised) : undefined;
  // Over-long passwords are refused after the same work, not before it.
  const candidate = password.length > PASSWORD_MAX ? '' : password;
  const passwordOk = user ? (await deps.hasher.verify(user.password_hash, candidate)) && candidate !== '' : await deps.hasher.verifyDummy(candidate);
  const home = user ? (await store.listMemberships(deps.db.kysely, user.id))[0] : undefined;
  const requestData = { ...(meta.ip !== undefined && { ip: meta.ip }) };
  const requestId = meta.requestId !== undefined ? { requestId: meta.requestId } : {};

  if (!user || !passwordOk || user.disabled_at !== null || !home) {
    if (user && home) {
      const reason = !passwordOk ? 'wrong_password' : user.disabled_at !== null ? 'user_disabled' : 'no_workspace';
      await deps.audit.append(forWorkspace(deps.db, home.workspaceId), {
        action: 'auth.login_failed', actor: { type: 'user', id: user.id }, target: { type: 'user', id: user.id }, data: { reason, ...requestData }, ...requestId,
      });
    }
    // Unknown e-mails belong to no workspace, so they go to the operator's log instead of a trail.
    deps.logger.warn({ known: user !== undefined, ip: meta.ip, requestId: meta.requestId }, 'sign-in refused');
    throw new Unauthorized(INVALID_CREDENTIALS_MESSAGE, 'INVALID_CREDENTIALS');
  }
  await deps.audit.append(forWorkspace(deps.db, home.workspaceId), {
    action: 'auth.login_succeeded', actor: { type: 'user', id: user.id }, target: { type: 'user', id: user.id }, data: requestData, ...requestId,
  });
  return { user: { id: user.id, email: user.email, name: user.name }, workspace: { id: home.workspaceId, name: home.workspaceName, role: home.role } };
}
