/**
 * How an audit record is stored in `audit.audit_log_v1` and read back as it was hashed: seq as a
 * number, timestamps in ISO form, and no `proof` member on a record that was hashed without one.
 * audit-service (its repository) and the CLI (verifying a restored copy directly) read it alike.
 */
import type { AuditRecord } from '../chain/audit-record.types';

export interface AuditRow extends Omit<AuditRecord, 'seq' | 'occurred_at' | 'recorded_at' | 'proof'> {
  seq: string;
  occurred_at: Date;
  recorded_at: Date;
  proof: AuditRecord['proof'] | null;
}

export const AUDIT_ROW_COLUMNS = 'seq, event_id, type, occurred_at, recorded_at, actor, subject, outcome, source, trace_id, data, proof, prev_hash, hash';

export function auditRowToRecord(r: AuditRow): AuditRecord {
  const { proof, ...rest } = r;
  const record: AuditRecord = { ...rest, seq: Number(r.seq), occurred_at: new Date(r.occurred_at).toISOString(), recorded_at: new Date(r.recorded_at).toISOString() };
  if (proof) record.proof = proof;
  return record;
}
