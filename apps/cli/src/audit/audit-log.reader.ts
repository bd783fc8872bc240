/**
 * Reads an audit log straight from a database, oldest first, in pages: for verifying a database no
 * service serves (a restored backup). The live stack is verified through audit-service instead
 * (`rpc.audit.verify`). Table, columns, row type and paging are audit-service's own (`@tr4ction/audit-chain`).
 */
import type { Client } from 'pg';
import { AUDIT_LOG_TABLE, readAuditRecords, verifyChain, type AuditRecord, type AuditRow, type VerifyResult } from '@tr4ction/audit-chain';

export function readAuditLog(db: Client, pageSize = 2000): AsyncGenerator<AuditRecord> {
  return readAuditRecords(async (sql, params) => (await db.query<AuditRow>(sql, params)).rows, pageSize);
}

/** Whether the database has an audit log at all (a dump of something else would not). */
export async function hasAuditLog(db: Client): Promise<boolean> {
  const { rows } = await db.query<{ found: string | null }>(`SELECT to_regclass($1)::text AS found`, [AUDIT_LOG_TABLE]);
  return rows[0]?.found !== null && rows[0]?.found !== undefined;
}

/** The hash chain of a database's audit log, verified record by record in constant memory. */
export function verifyAuditLog(db: Client): Promise<VerifyResult> {
  return verifyChain(readAuditLog(db), [], []);
}
