/**
 * Rebuilds the temporal projections from the audit log alone: every version row is deleted and the
 * log is folded again, oldest first, in one transaction under the append lock (appends wait; reads
 * see the old rows until it commits). The result must equal what the live append wrote, row for row.
 */
import type { DataSource } from 'typeorm';
import { AUDIT_ROW_COLUMNS, auditRowToRecord, type AuditRow } from '@tr4ction/audit-chain';
import { APPEND_LOCK_SQL } from '../audit/audit.repository';
import { applyRecord } from './temporal.repository';

const PAGE = 2000;

/** Returns how many audit records were folded. */
export async function replayTemporalProjections(dataSource: DataSource): Promise<number> {
  return dataSource.transaction(async (m) => {
    await m.query(APPEND_LOCK_SQL);
    await m.query(`DELETE FROM audit.entity_versions_v1`);
    let after = 0;
    let folded = 0;
    for (;;) {
      const rows: AuditRow[] = await m.query(`SELECT ${AUDIT_ROW_COLUMNS} FROM audit.audit_log_v1 WHERE seq > $1 ORDER BY seq LIMIT $2`, [after, PAGE]);
      for (const row of rows) await applyRecord(m, auditRowToRecord(row));
      folded += rows.length;
      if (rows.length < PAGE) return folded;
      after = Number(rows[rows.length - 1].seq);
    }
  });
}
