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
