// API tokens for programs: `kx_<prefix>_<secret>`. The prefix finds the row, the sha256 of the
// whole token proves it; the token itself is shown once, at creation, and never stored.
import type { Clock } from '../common/index.ts';
import { base32, Forbidden, newId, NotFound, randomSecret, safeEqual, sha256Hex } from '../common/index.ts';
import { accountsStore as store, type ApiTokenRecord, type Db, type MembershipRole, type WorkspaceScope } from '../db/index.ts';
import type { AuditActor, RequestMeta } from '../domain/index.ts';
import { randomBytes } from 'node:crypto';
import { check, nameSchema } from './credentials.ts';
import type { AuditRecorder } from './ports.ts';

const TOKEN_SHAPE = /^kx_([0-9a-z]{13})_([A-Za-z0-9_-]{43})$/;
/** last_used_at is a hint, not a log: write it at most this often per token. */
const TOUCH_INTERVAL_MS = 60_000;

export interface ApiTokenView {
  id: string;
  name: string;
  /** The public start of the token, enough to recognise it in a list. */
  prefix: string;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface TokenPrincipal {
  tokenId: string;
  userId: string;
  workspaceId: string;
}

export interface TokenDeps {
  db: Db;
  clock: Clock;
  audit: AuditRecorder;
}

export interface TokenActor {
  userId: string;
  role: MembershipRole;
  actor: AuditActor;
}

export class ApiTokens {
  constructor(private readonly deps: TokenDeps) {}

  async create(scope: WorkspaceScope, by: TokenActor, name: unknown, meta: RequestMeta = {}): Promise<{ token: ApiTokenView; secret: string }> {
    const tokenName = check(nameSchema, name, 'name');
    const prefix = base32(randomBytes(8));
    const secret = `kx_${prefix}_${randomSecret(32)}`;
    const row: Omit<ApiTokenRecord, 'workspace_id'> = {
      id: newId('tok'), user_id: by.userId, name: tokenName, prefix, secret_hash: sha256Hex(secret), created_at: this.deps.clock.now(), last_used_at: null, revoked_at: null,
    };
    await scope.transaction(async (s) => {
      await s.tokens.insert(row);
      await this.deps.audit.append(s, {
        action: 'token.created', actor: by.actor, target: { type: 'api_token', id: row.id }, data: { name: tokenName, prefix: `kx_${prefix}` },
        ...(meta.requestId !== undefined && { requestId: meta.requestId }),
      });
    });
    return { token: toView({ ...row, workspace_id: scope.workspaceId }), secret };
  }

  async list(scope: WorkspaceScope): Promise<ApiTokenView[]> {
    return (await scope.tokens.list()).map(toView);
  }

  async get(scope: WorkspaceScope, id: string): Promise<ApiTokenView> {
    const row = await scope.tokens.get(id);
    if (!row) throw new NotFound('API token');
    return toView(row);
  }

  /** Everyone revokes their own tokens; an owner any token of the workspace. Idempotent. */
  async revoke(scope: WorkspaceScope, by: TokenActor, id: string, meta: RequestMeta = {}): Promise<ApiTokenView> {
    return scope.transaction(async (s) => {
      const row = await s.tokens.get(id);
      if (!row) throw new NotFound('API token');
      if (row.user_id !== by.userId && by.role !== 'owner') throw new Forbidden('Only the token’s creator or a workspace owner can revoke it.');
      if (row.revoked_at !== null) return toView(row);
      const now = this.deps.clock.now();
      await s.tokens.revoke(id, now);
      await this.deps.audit.append(s, {
        action: 'token.revoked', actor: by.actor, target: { type: 'api_token', id }, data: { name: row.name },
        ...(meta.requestId !== undefined && { requestId: meta.requestId }),
      });
      return toView({ ...row, revoked_at: now });
    });
  }

  /** The principal behind a bearer token, or undefined when it is malformed, unknown or revoked. */
  async authenticate(presented: string): Promise<TokenPrincipal | undefined> {
    const match = TOKEN_SHAPE.exec(presented);
    if (!match) return undefined;
    const row = await store.findTokenByPrefix(this.deps.db.kysely, match[1]!);
    const presentedHash = sha256Hex(presented);
    if (!row || !safeEqual(row.secret_hash, presentedHash) || row.revoked_at !== null) return undefined;
    const now = this.deps.clock.now();
    if (row.last_used_at === null || now - row.last_used_at >= TOUCH_INTERVAL_MS) await store.touchToken(this.deps.db.kysely, row.id, now);
    return { tokenId: row.id, userId: row.user_id, workspaceId: row.workspace_id };
  }
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

function toView(row: ApiTokenRecord): ApiTokenView {
  return {
    id: row.id, name: row.name, prefix: `kx_${row.prefix}`, createdBy: row.user_id,
    createdAt: new Date(row.created_at).toISOString(), lastUsedAt: iso(row.last_used_at), revokedAt: iso(row.revoked_at),
  };
}
