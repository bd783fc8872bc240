import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each record keeps the producer's proof (identity, subject, key id, signature, payload digest) as the
 * event arrived. Nullable: records written before events were signed have none and still verify by
 * the chain alone. Adding a nullable column rewrites no row, so the append-only trigger never fires.
 */
export class AuditRecordProof1764300000005 implements MigrationInterface {
  name = 'AuditRecordProof1764300000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit.audit_log_v1 ADD COLUMN proof jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit.audit_log_v1 DROP COLUMN proof`);
  }
}
