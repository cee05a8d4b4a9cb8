export { openDatabase, describeUrl, type Db, type DbKind, type DbSettings, type BackgroundErrorSink, type WarningSink } from './connect.ts';
export { migrateToLatest, MIGRATION_TABLE, type MigrationReport } from './migrate.ts';
export { MIGRATIONS, type KairoxMigration } from './migrations/index.ts';
export { DatabaseConnectError, MigrationError, isUniqueViolation } from './errors.ts';
export { WorkspaceScope, type ApiTokenRecord, type AuditEventRecord, type AuditFilter, type MemberRecord } from './workspace-scope.ts';
export * as accountsStore from './accounts-store.ts';
export { precompiled, PrecompiledQuery } from './precompiled.ts';
export { commitsFor, deferToGroupEnd, GroupCommit, inGroupedPiece, type Commits, type GroupEndWork } from './group-commit.ts';
export type { Executor, UserRow, WorkspaceRow, SessionRow, ApiTokenRow, MembershipView } from './accounts-store.ts';
export { MEMBERSHIP_ROLES, type AuditEventsTable, type Database, type MembershipRole } from './schema.ts';

import type { Db } from './connect.ts';
import { WorkspaceScope } from './workspace-scope.ts';

/** The data-access handle for one workspace's rows; see WorkspaceScope. */
export function forWorkspace(db: Db, workspaceId: string): WorkspaceScope {
  return new WorkspaceScope(workspaceId, db.kysely, db.kind);
}
