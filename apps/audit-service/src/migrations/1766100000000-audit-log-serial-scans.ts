import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * No parallel scans of the audit log. Its reads are pages (a keyset, at most 1,000 records) and
 * streamed exports; on a time-window page the planner sometimes chose a parallel index scan, and
 * starting its workers cost more than the page (p95 73 ms against 5 ms at 1M records, issue 19).
 */
export class AuditLogSerialScans1766100000000 implements MigrationInterface {
  name = 'AuditLogSerialScans1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit.audit_log_v1 SET (parallel_workers = 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit.audit_log_v1 RESET (parallel_workers)`);
  }
}
