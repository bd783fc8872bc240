/**
 * The audit log as audit-service answers it (`rpc.audit.*`, `GET /audit/*`): its records, the
 * filters and pages of a read, and the verdict of a verification. `@tr4ction/audit-chain` computes
 * over these shapes; it does not declare them again.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { EventProof } from '../bus/event-proof';
import type { Actor, EventSource, EventSubjectRef, Outcome } from '../events/envelope';

/**
 * One row of the audit log. `type` is a plain string, not the catalogue's union, because old
 * records must stay readable after an event type leaves the catalogue.
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

/** The position of a record in the chain: all that the next record and a checkpoint need. */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** The filters of `GET /audit/events`, shared by paging and export, by the service and the CLI. */
export const AuditFiltersSchema = Type.Object({
  type: Type.Optional(Type.String()),
  actor_id: Type.Optional(Type.String()),
  subject_id: Type.Optional(Type.String()),
  outcome: Type.Optional(Type.Union([Type.Literal('success'), Type.Literal('failure')])),
  from: Type.Optional(Type.String()),
  to: Type.Optional(Type.String()),
  trace_id: Type.Optional(Type.String()),
});
export type AuditFilters = Static<typeof AuditFiltersSchema>;

/** `rpc.audit.query`: the filters, keyset paging (`cursor` from the previous page) and a page size. */
export const AuditQuerySchema = Type.Composite([
  AuditFiltersSchema,
  Type.Object({ cursor: Type.Optional(Type.String()), limit: Type.Optional(Type.Number()) }),
]);
export type AuditQuery = Static<typeof AuditQuerySchema>;

/** One keyset page, newest first; `next_cursor` is null on the last page. */
export interface AuditPage {
  items: AuditRecord[];
  next_cursor: string | null;
}

/**
 * One page of an export, oldest first. The first request (no `after`) is the one that is audited and
 * fixes `until`, the head seq at that moment, so the file is a consistent snapshot however long it
 * takes to stream and however much is appended meanwhile.
 */
export const AuditExportRequestSchema = Type.Object({
  filters: AuditFiltersSchema,
  format: Type.Union([Type.Literal('csv'), Type.Literal('ndjson')]),
  after: Type.Optional(Type.String()),
  until: Type.Optional(Type.String()),
});
export type AuditExportRequest = Static<typeof AuditExportRequestSchema>;

/**
 * A page of an export. Each record travels as its JSON text (see `auditRowTextToJson` in
 * @tr4ction/audit-chain): audit-service neither parses nor re-serialises the rows, which was most of
 * its time per exported record. Small strings, one per record, so the gateway's heap keeps no
 * page-sized string between collections. `exportPageRecords` reads them.
 */
export interface AuditExportPage {
  /** Each record's `JSON.stringify(record)`, up to whitespace: the same members, order and values as a query page's items. */
  items_json: string[];
  until: string;
  /** Pass as `after` for the next page; null when the export is complete. */
  next_after: string | null;
}

/** The records of an export page, oldest first. */
export function exportPageRecords(page: Pick<AuditExportPage, 'items_json'>): AuditRecord[] {
  return page.items_json.map((text) => JSON.parse(text) as AuditRecord);
}

export type VerifyFailureReason =
  | 'seq_gap'
  | 'seq_order'
  | 'prev_hash_mismatch'
  | 'hash_mismatch'
  | 'checkpoint_mismatch'
  | 'checkpoint_signature_invalid'
  | 'truncated'
  /** A record's producer signature does not verify against the pinned bus keys. */
  | 'event_signature_invalid'
  /** A record's producer does not own its event type. */
  | 'event_producer_not_owner'
  /** A record without a producer signature after records that had one (a downgrade). */
  | 'event_proof_missing';

/**
 * The verdict of a chain verification. On failure, records 1..checked are the prefix that is still
 * vouched for, `head` is its last link, and `first_bad_seq` is the first seq that is not.
 */
export interface VerifyResult {
  ok: boolean;
  checked: number;
  head: ChainHead | null;
  first_bad_seq?: number;
  reason?: VerifyFailureReason;
}

/** The answer of `GET /audit/verify` and `rpc.audit.verify`. */
export interface AuditVerifyAnswer extends VerifyResult {
  /** What the chain was checked against: stored checkpoints and the newest copy found on the event stream. */
  checkpoints: { stored: number; outside_copy_seq: number | null };
}
