import type { AuditRecord } from '@tr4ction/audit-chain';

export interface AuditQuery {
  type?: string;
  actor_id?: string;
  subject_id?: string;
  outcome?: 'success' | 'failure';
  from?: string;
  to?: string;
  trace_id?: string;
  cursor?: string;
  limit?: number;
}

export interface AuditPage {
  items: AuditRecord[];
  next_cursor: string | null;
}
