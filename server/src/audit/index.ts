export { AuditLog, type AuditEvent, type ChainVerdict, type ChainBreak } from './audit-log.ts';
export { canonicalJson, hashEvent, GENESIS_HASH } from './chain.ts';
