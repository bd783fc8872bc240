/**
 * Payloads of the `rpc.ops.*` patterns: operator actions that run outside the services (a
 * pg_dump, a pg_restore) and are recorded through audit-service, so they are evented and audited.
 */
export interface BackupCompletedRequest {
  /** Name of the database that was dumped (the event's subject id). */
  database: string;
  size_bytes: number;
  sha256: string;
  /** Base name of the dump file, no folder. */
  file_name: string;
}

export interface RestoreCompletedRequest {
  /** Name of the database the dump was restored into. */
  target_database: string;
  sha256: string;
  file_name: string;
}

export interface OperationRecorded {
  event_id: string;
  type: string;
}

/** The audit reads, as the gateway routes them and as AuditLogQueried names them. */
export const AUDIT_READ_ENDPOINTS = ['/audit/events', '/audit/events/export', '/audit/verify'] as const;
export type AuditReadEndpoint = (typeof AUDIT_READ_ENDPOINTS)[number];

/**
 * `rpc.audit.refused-read`: an authenticated caller asked for an audit read its roles do not allow.
 * `query` is the request's query string as received (unvalidated: the guard refused before any
 * validation); audit-service keeps only the known filters, bounded.
 */
export interface RefusedAuditReadRequest {
  endpoint: AuditReadEndpoint;
  query: Record<string, unknown>;
  reason: 'FORBIDDEN';
  /**
   * Refusals of this caller at this endpoint collapsed into this one record (the gateway records
   * one per caller, endpoint and window), and the instants of the first and the last of them.
   */
  count?: number;
  first_at?: string;
  last_at?: string;
}
