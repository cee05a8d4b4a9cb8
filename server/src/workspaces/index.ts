export { resolveAccess, hasRole, type WorkspaceAccess } from './access.ts';
export { WorkspaceMembers, memberView, type MemberView, type MembersDeps } from './members.ts';
export type { AuditRecorder } from './ports.ts';
