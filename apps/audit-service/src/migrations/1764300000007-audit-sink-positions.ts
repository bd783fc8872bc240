import type { MigrationInterface, QueryRunner } from 'typeorm';
import { AUDIT_WRITER_ROLE } from './1764300000003-audit-writer-role';

/**
 * Where each audit sink stands: the newest seq it acknowledged. A sink resumes from here after any
 * crash, so delivery is at least once and never skips a record.
 */
export class AuditSinkPositions1764300000007 implements MigrationInterface {
  name = 'AuditSinkPositions1764300000007';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE audit.sink_positions_v1 (
      sink text PRIMARY KEY,
      acked_seq bigint NOT NULL DEFAULT 0 CHECK (acked_seq >= 0),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON audit.sink_positions_v1 TO ${AUDIT_WRITER_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit.sink_positions_v1`);
  }
}
