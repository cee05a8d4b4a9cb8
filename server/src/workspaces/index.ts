export { resolveAccess, hasRole, type WorkspaceAccess } from './access.ts';
