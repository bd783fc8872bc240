/**
 * Reads an audit log straight from a database, oldest first, in pages: for verifying a database no
 * service serves (a restored backup). The live stack is verified through audit-service instead
 * (`rpc.audit.verify`). Row shapes follow audit-service's repository: seq as a number, timestamps
 * in ISO form, as they were hashed.
 */
import type { Client } from 'pg';
import { verifyChain, type AuditRecord, type VerifyResult } from '@tr4ction/audit-chain';

interface AuditRow extends Omit<AuditRecord, 'seq' | 'occurred_at' | 'recorded_at'> {
  seq: string;
  occurred_at: Date;
  recorded_at: Date;
}

const COLUMNS = 'seq, event_id, type, occurred_at, recorded_at, actor, subject, outcome, source, trace_id, data, prev_hash, hash';

export async function* readAuditLog(db: Client, pageSize = 2000): AsyncGenerator<AuditRecord> {
  let after = 0;
  for (;;) {
    const { rows } = await db.query<AuditRow>(`SELECT ${COLUMNS} FROM audit.audit_log_v1 WHERE seq > $1 ORDER BY seq LIMIT $2`, [after, pageSize]);
    for (const r of rows) {
      yield { ...r, seq: Number(r.seq), occurred_at: new Date(r.occurred_at).toISOString(), recorded_at: new Date(r.recorded_at).toISOString() };
    }
    if (rows.length < pageSize) return;
    after = Number(rows[rows.length - 1].seq);
  }
}

/** Whether the database has an audit log at all (a dump of something else would not). */
export async function hasAuditLog(db: Client): Promise<boolean> {
  const { rows } = await db.query<{ found: string | null }>(`SELECT to_regclass('audit.audit_log_v1')::text AS found`);
  return rows[0]?.found !== null && rows[0]?.found !== undefined;
}

/** The hash chain of a database's audit log, verified record by record in constant memory. */
export function verifyAuditLog(db: Client): Promise<VerifyResult> {
  return verifyChain(readAuditLog(db), [], []);
}
