// Table types for Kysely. Portable conventions, identical on SQLite and PostgreSQL:
// - ids are text (prefixed, see common/ids.ts);
// - timestamps are epoch milliseconds in a bigint/integer column (`*_at`), null when not set;
// - booleans are integers 0/1 (none yet: state is expressed as nullable timestamps instead);
// - JSON payloads are text holding canonical JSON.
import type { Generated } from 'kysely';

/**
 * A member's role in a workspace: a viewer reads; a trader also trades and changes connection
 * settings; an owner also manages members (and, later, enables live execution).
 */
export type MembershipRole = 'owner' | 'trader' | 'viewer';
export const MEMBERSHIP_ROLES: readonly MembershipRole[] = ['owner', 'trader', 'viewer'];

export interface UsersTable {
  id: string;
  /** Lower-cased, trimmed. */
  email: string;
  /** Display name, optional. */
  name: string | null;
  password_hash: string;
  created_at: number;
  disabled_at: number | null;
}

export interface WorkspacesTable {
  id: string;
  name: string;
  created_at: number;
  /** Sequence number of the last audit event; bumped in the appending transaction. */
  audit_seq: Generated<number>;
  /** Hash of the last audit event ('' before the first): detects a truncated chain. */
  audit_head_hash: Generated<string>;
}

export interface MembershipsTable {
  workspace_id: string;
  user_id: string;
  role: MembershipRole;
  created_at: number;
}

export interface ApiTokensTable {
  id: string;
  workspace_id: string;
  user_id: string;
  name: string;
  /** Public, unique part of the token used to find the row; the secret part is only hashed. */
  prefix: string;
  secret_hash: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface SessionsTable {
  /** sha256 of the session id held in the cookie; the id itself is never stored. */
  id_hash: string;
  user_id: string;
  workspace_id: string;
  csrf_token: string;
  created_at: number;
  expires_at: number;
}

export interface AuditEventsTable {
  id: string;
  workspace_id: string;
  seq: number;
  occurred_at: number;
  actor_type: string;
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  request_id: string | null;
  /** Canonical JSON of the event's details. */
  data: string;
  prev_hash: string;
  hash: string;
}

/** One row at most: claimed by the first-run set-up so two concurrent set-ups cannot both win. */
export interface InstanceSetupTable {
  id: number;
  completed_at: number;
}

export interface Database {
  users: UsersTable;
  workspaces: WorkspacesTable;
  memberships: MembershipsTable;
  api_tokens: ApiTokensTable;
  sessions: SessionsTable;
  audit_events: AuditEventsTable;
  instance_setup: InstanceSetupTable;
}
