// Browser sessions: a random 32-byte id in an HTTP-only cookie, stored only as its sha256,
// with a fixed expiry and a per-session CSRF token.
import type { Clock } from '../common/index.ts';
import { randomSecret, safeEqual, sha256Hex } from '../common/index.ts';
import { accountsStore as store, type Db } from '../db/index.ts';

export interface NewSession {
  /** The cookie value; shown to the browser once, never stored. */
  sessionId: string;
  csrfToken: string;
  expiresAt: number;
}

export interface ActiveSession {
  idHash: string;
  userId: string;
  workspaceId: string;
  csrfToken: string;
  expiresAt: number;
}

const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

export class SessionStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  async create(userId: string, workspaceId: string): Promise<NewSession> {
    const sessionId = randomSecret(32);
    const csrfToken = randomSecret(32);
    const now = this.clock.now();
    const expiresAt = now + this.ttlMs;
    await store.insertSession(this.db.kysely, { id_hash: sha256Hex(sessionId), user_id: userId, workspace_id: workspaceId, csrf_token: csrfToken, created_at: now, expires_at: expiresAt });
    return { sessionId, csrfToken, expiresAt };
  }

  /** The live session for a cookie value, or undefined (unknown, malformed or expired). */
  async resolve(sessionId: string): Promise<ActiveSession | undefined> {
    if (!SESSION_ID.test(sessionId)) return undefined;
    const idHash = sha256Hex(sessionId);
    const row = await store.findSession(this.db.kysely, idHash);
    if (!row) return undefined;
    if (row.expires_at <= this.clock.now()) {
      await store.deleteSession(this.db.kysely, idHash);
      return undefined;
    }
    return { idHash, userId: row.user_id, workspaceId: row.workspace_id, csrfToken: row.csrf_token, expiresAt: row.expires_at };
  }

  async destroy(idHash: string): Promise<void> {
    await store.deleteSession(this.db.kysely, idHash);
  }

  async destroyById(sessionId: string): Promise<void> {
    await store.deleteSession(this.db.kysely, sha256Hex(sessionId));
  }

  async purgeExpired(): Promise<number> {
    return store.deleteExpiredSessions(this.db.kysely, this.clock.now());
  }

  static csrfMatches(session: ActiveSession, presented: string | undefined): boolean {
    return presented !== undefined && presented.length > 0 && safeEqual(session.csrfToken, presented);
  }
}
