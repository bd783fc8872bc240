import type { MigrationInterface, QueryRunner } from 'typeorm';

export const AUDIT_WRITER_ROLE = 'tr4ction_audit_writer';

/**
 * The role audit-service works as: it may read and append to the audit tables and nothing else
 * (no UPDATE, DELETE or TRUNCATE; the triggers refuse those to every role besides). It also may add
 * rows to the outbox, so a checkpoint and its AuditCheckpointSigned event commit together.
 *
 * NOLOGIN: nobody signs in as it. In development audit-service connects with DATABASE_URL and acts
 * as this role on every connection; in production AUDIT_DATABASE_URL names a login role that is a
 * member of it (see the audit-service README). Roles belong to the cluster, not the database, so it
 * is created only when missing (two databases migrating at once may race: the loser ignores it) and
 * is never dropped here.
 */
export class AuditWriterRole1764300000003 implements MigrationInterface {
  name = 'AuditWriterRole1764300000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${AUDIT_WRITER_ROLE}') THEN
          BEGIN
            CREATE ROLE ${AUDIT_WRITER_ROLE} NOLOGIN;
          EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
          END;
        END IF;
      END $$`);
    await q.query(`GRANT USAGE ON SCHEMA audit TO ${AUDIT_WRITER_ROLE}`);
    await q.query(`GRANT SELECT, INSERT ON audit.audit_log_v1, audit.audit_checkpoints_v1 TO ${AUDIT_WRITER_ROLE}`);
    await q.query(`GRANT INSERT ON audit.outbox TO ${AUDIT_WRITER_ROLE}`);
    await q.query(`GRANT USAGE ON SEQUENCE audit.outbox_position_seq TO ${AUDIT_WRITER_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`REVOKE ALL ON audit.audit_log_v1, audit.audit_checkpoints_v1, audit.outbox FROM ${AUDIT_WRITER_ROLE}`);
    await q.query(`REVOKE ALL ON SEQUENCE audit.outbox_position_seq FROM ${AUDIT_WRITER_ROLE}`);
    await q.query(`REVOKE ALL ON SCHEMA audit FROM ${AUDIT_WRITER_ROLE}`);
  }
}
