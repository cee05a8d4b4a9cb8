export type { AuditAction, AuditActor, AuditActorType, AuditEventInput, RequestMeta } from './audit-event.ts';
