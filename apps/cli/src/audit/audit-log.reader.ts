/**
 * Reads an audit log straight from a database, oldest first, in pages: for verifying a database no
 * service serves (a restored backup). The live stack is verified through audit-service instead
 * (`rpc.audit.verify`). Rows are read as audit-service reads them (`auditRowToRecord`).
 */
import type { Client } from 'pg';
import { AUDIT_ROW_COLUMNS, auditRowToRecord, verifyChain, type AuditRecord, type AuditRow, type VerifyResult } from '@tr4ction/audit-chain';

export async function* readAuditLog(db: Client, pageSize = 2000): AsyncGenerator<AuditRecord> {
  let after = 0;
  for (;;) {
    const { rows } = await db.query<AuditRow>(`SELECT ${AUDIT_ROW_COLUMNS} FROM audit.audit_log_v1 WHERE seq > $1 ORDER BY seq LIMIT $2`, [after, pageSize]);
    for (const r of rows) yield auditRowToRecord(r);
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
