import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Filtered pages pick their seqs from an index alone (index-only scan) and read the rows by primary
 * key. Two things keep that cheap at a million records:
 * - outcome within a time window gets an index holding all three columns it needs (outcome, then
 *   occurred_at for the window, then seq), so a day's failures are read from the index, not by
 *   walking every newer record;
 * - the log only grows, so vacuum runs for inserts alone; at the default (20 % of the table) a large
 *   log goes long without one and index-only scans fall back to visiting the heap for pages the
 *   visibility map does not know yet. 1 % keeps the map current at a small, steady cost.
 */
export class AuditQueryIndexes1764300000004 implements MigrationInterface {
  name = 'AuditQueryIndexes1764300000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX audit_log_v1_outcome_occurred ON audit.audit_log_v1 (outcome, occurred_at, seq)`);
    await q.query(`ALTER TABLE audit.audit_log_v1 SET (autovacuum_vacuum_insert_scale_factor = 0.01)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit.audit_log_v1 RESET (autovacuum_vacuum_insert_scale_factor)`);
    await q.query(`DROP INDEX audit.audit_log_v1_outcome_occurred`);
  }
}
