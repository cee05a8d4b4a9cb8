// Password sign-in. Every failure gives the same error, and a refused sign-in does the same work
// whether or not the e-mail belongs to a user, so neither the answer nor its timing tells who has
// an account: one read (the account with its workspace), one argon2 verify (against a dummy hash
// of the same cost for an unknown e-mail) and one write transaction (the workspace's audit trail
// for an account, the sign_in_failures record otherwise).
import type { Clock, Logger } from '../common/index.ts';
import { sha256Hex, Unauthorized } from '../common/index.ts';
import { forWorkspace, WorkspaceScope, type Db, type MembershipRole } from '../db/index.ts';
import type { RequestMeta } from '../domain/index.ts';
import { normaliseEmail, PASSWORD_MAX } from './credentials.ts';
import type { PasswordHasher } from './passwords.ts';
import type { AuditRecorder } from './ports.ts';
import { findSignInCandidate, recordSignInFailure, type SignInCandidate } from './sign-in-store.ts';

export interface LoginDeps {
  db: Db;
  clock: Clock;
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

type Refusal = 'unknown_user' | 'wrong_password' | 'user_disabled' | 'no_workspace';

type Decision = { ok: true; user: SignInCandidate['user']; home: NonNullable<SignInCandidate['home']> } | { ok: false; reason: Refusal };

function decide(found: SignInCandidate | undefined, passwordOk: boolean): Decision {
  if (!found) return { ok: false, reason: 'unknown_user' };
  if (!passwordOk) return { ok: false, reason: 'wrong_password' };
  if (found.user.disabled_at !== null) return { ok: false, reason: 'user_disabled' };
  if (!found.home) return { ok: false, reason: 'no_workspace' };
  return { ok: true, user: found.user, home: found.home };
}

export async function checkPassword(deps: LoginDeps, email: string, password: string, meta: RequestMeta = {}): Promise<SignedIn> {
  const normalised = normaliseEmail(email);
  const found = normalised.length > 0 && normalised.length <= 254 ? await findSignInCandidate(deps.db.kysely, normalised) : undefined;
  // Over-long passwords are refused after the same work, not before it.
  const candidate = password.length > PASSWORD_MAX ? '' : password;
  const matches = await deps.hasher.verify(found?.user.password_hash ?? (await deps.hasher.dummyHash()), candidate);
  const decision = decide(found, matches && candidate !== '');

  if (!decision.ok) {
    await recordRefusal(deps, normalised, found, decision.reason, meta);
    deps.logger.warn({ known: found !== undefined, ip: meta.ip, requestId: meta.requestId }, 'sign-in refused');
    throw new Unauthorized(INVALID_CREDENTIALS_MESSAGE, 'INVALID_CREDENTIALS');
  }
  const { user, home } = decision;
  await deps.audit.append(forWorkspace(deps.db, home.workspaceId), {
    action: 'auth.login_succeeded', actor: { type: 'user', id: user.id }, target: { type: 'user', id: user.id },
    data: { ...(meta.ip !== undefined && { ip: meta.ip }) }, ...(meta.requestId !== undefined && { requestId: meta.requestId }),
  });
  return { user: { id: user.id, email: user.email, name: user.name }, workspace: { id: home.workspaceId, name: home.workspaceName, role: home.role } };
}

/** One write transaction on every refusal: to the user's workspace trail, or to sign_in_failures. */
async function recordRefusal(deps: LoginDeps, email: string, found: SignInCandidate | undefined, reason: Refusal, meta: RequestMeta): Promise<void> {
  await deps.db.kysely.transaction().execute(async (trx) => {
    if (found?.home) {
      await deps.audit.append(new WorkspaceScope(found.home.workspaceId, trx, deps.db.kind), {
        action: 'auth.login_failed', actor: { type: 'user', id: found.user.id }, target: { type: 'user', id: found.user.id },
        data: { reason, ...(meta.ip !== undefined && { ip: meta.ip }) }, ...(meta.requestId !== undefined && { requestId: meta.requestId }),
      });
      return;
    }
    // An unknown e-mail belongs to no workspace: its refusal is the operator's record.
    await recordSignInFailure(trx, {
      at: deps.clock.now(), email_hash: sha256Hex(email), user_id: found?.user.id ?? null, reason, ip: meta.ip ?? null, request_id: meta.requestId ?? null,
    });
  });
}
