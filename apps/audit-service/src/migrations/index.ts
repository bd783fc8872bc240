import { EventSourcingTables1764300000000 } from './1764300000000-event-sourcing-tables';
import { AuditLog1764300000001 } from './1764300000001-audit-log';

export const AUDIT_SERVICE_SCHEMA = 'audit';
export const auditServiceMigrations = [EventSourcingTables1764300000000, AuditLog1764300000001];
