export { AuditLog, CHAIN_BREAKS, type AuditEvent, type ChainVerdict, type ChainBreak } from './audit-log.ts';
export { canonicalJson, hashEvent, GENESIS_HASH } from './chain.ts';
export { AUDIT_CSV_COLUMNS, AUDIT_EXPORT_CONTENT_TYPES, AUDIT_EXPORT_FORMATS, csvCell, exportChunks, type AuditExportFormat } from './export-formats.ts';
export { describeVerdict, verifyWorkspaces, type WorkspaceVerdict } from './verify-workspaces.ts';
