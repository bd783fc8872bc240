/** audit-service's read requests and replies are in the RPC catalogue. */
export type { AuditExportPage, AuditExportRequest, AuditFilters, AuditPage, AuditQuery, AuditVerifyAnswer } from '@tr4ction/contracts';
