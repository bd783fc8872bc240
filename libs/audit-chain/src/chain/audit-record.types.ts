import type { Actor, EventProof, EventSource, EventSubjectRef, Outcome } from '@tr4ction/contracts';

/**
 * One row of the audit log (the `AuditRecord` schema of docs/api.md). `type` is a plain string, not the catalogue's
 * union, because old records must stay readable after an event type leaves the catalogue.
 */
export interface AuditRecord {
  seq: number;
  event_id: string;
  type: string;
  occurred_at: string;
  recorded_at: string;
  actor: Actor;
  subject: EventSubjectRef;
  outcome: Outcome;
  source: EventSource;
  trace_id: string | null;
  data: Record<string, unknown>;
  /**
   * The producer's signature as the event arrived (absent on records written before events were
   * signed). Hashed with the record, so the chain and its checkpoints cover it.
   */
  proof?: EventProof;
  prev_hash: string;
  hash: string;
}

/** Everything that `hash` covers. */
export type UnhashedAuditRecord = Omit<AuditRecord, 'hash'>;

/** What the caller supplies for a new record; the chain supplies `seq`, `prev_hash` and `hash`. */
export type AuditRecordFields = Omit<AuditRecord, 'seq' | 'prev_hash' | 'hash'>;

/** The position of a record in the chain: all that the next record and a checkpoint need. */
export interface ChainHead {
  seq: number;
  hash: string;
}
