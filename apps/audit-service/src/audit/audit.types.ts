import type { AuditFilters, AuditRecord, VerifyResult } from '@tr4ction/audit-chain';

export type { AuditFilters, AuditPage } from '@tr4ction/audit-chain';

export interface AuditQuery extends AuditFilters {
  cursor?: string;
  limit?: number;
}

/**
 * One page of an export, oldest first. The first request (no `after`) is the one that is audited and
 * fixes `until`, the head seq at that moment, so the file is a consistent snapshot however long it
 * takes to stream and however much is appended meanwhile.
 */
export interface AuditExportRequest {
  filters: AuditFilters;
  format: 'csv' | 'ndjson';
  after?: string;
  until?: string;
}

export interface AuditExportPage {
  items: AuditRecord[];
  until: string;
  /** Pass as `after` for the next page; null when the export is complete. */
  next_after: string | null;
}

export interface AuditVerifyAnswer extends VerifyResult {
  /** What the chain was checked against: stored checkpoints and the newest copy found on the event stream. */
  checkpoints: { stored: number; outside_copy_seq: number | null };
}
