// What workspaces needs from modules beside it; main.ts plugs the implementations in.
import type { WorkspaceScope } from '../db/index.ts';
import type { AuditEventInput } from '../domain/index.ts';

/** Appends to a workspace's audit trail (satisfied by audit/AuditLog). */
export interface AuditRecorder {
  append(scope: WorkspaceScope, event: AuditEventInput): Promise<unknown>;
}
