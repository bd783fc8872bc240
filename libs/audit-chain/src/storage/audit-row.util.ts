/**
 * How an audit record is stored in `audit.audit_log_v1` and read back as it was hashed: seq as a
 * number, timestamps in ISO form, and no `proof` member on a record that was hashed without one.
 * audit-service (its repository) and the CLI (verifying a restored copy directly) read it alike,
 * with the same columns and the same paging (`readAuditRecords`).
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
  const record: AuditRecord = {
    ...rest,
    seq: Number(r.seq),
    occurred_at: new Date(r.occurred_at).toISOString(),
    recorded_at: new Date(r.recorded_at).toISOString(),
  };
  if (proof) record.proof = proof;
  return record;
}

/** The table of the audit log (audit-service's; the CLI reads a restored copy of it, never the live one). */
export const AUDIT_LOG_TABLE = 'audit.audit_log_v1';

/** Runs one SQL read and returns its rows: a TypeORM DataSource's `query`, or a pg client's `query(...).rows`. */
export type AuditRowQuery = (sql: string, params: unknown[]) => Promise<AuditRow[]>;

/** The whole log, oldest first, in keyset pages of `pageSize`: verification streams through it in constant memory. */
export async function* readAuditRecords(query: AuditRowQuery, pageSize = 2000): AsyncGenerator<AuditRecord> {
  let after = 0;
  for (;;) {
    const rows = await query(`SELECT ${AUDIT_ROW_COLUMNS} FROM ${AUDIT_LOG_TABLE} WHERE seq > $1 ORDER BY seq LIMIT $2`, [after, pageSize]);
    for (const r of rows) yield auditRowToRecord(r);
    if (rows.length < pageSize) return;
    after = Number(rows[rows.length - 1].seq);
  }
}
