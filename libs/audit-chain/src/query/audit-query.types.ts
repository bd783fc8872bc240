/** The filters and pages of an audit read are contracts (audit-service answers them, the CLI and gateway ask). */
export type { AuditFilters, AuditPage } from '@tr4ction/contracts';
