import type { AuditRecord } from '../chain/audit-record.types';

/** The filters of `GET /audit/events` (docs/api.md), shared by paging and export, by the service and the CLI. */
export interface AuditFilters {
  type?: string;
  actor_id?: string;
  subject_id?: string;
  outcome?: 'success' | 'failure';
  from?: string;
  to?: string;
  trace_id?: string;
}

/** One keyset page, newest first; `next_cursor` is null on the last page. */
export interface AuditPage {
  items: AuditRecord[];
  next_cursor: string | null;
}
