import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * rotation_jobs_v1 projects the `rotation-job-<what>-<id>` streams (SecretRotationStepCompleted):
 * the last step a staged rotation completed and the store version it is rotating in. Its row is
 * also the job lock. service_accounts_v1.secret_ref is the store an account's secret is written to.
 */
export class StagedRotation1766100000000 implements MigrationInterface {
  name = 'StagedRotation1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE rotation.rotation_jobs_v1 (
      what text NOT NULL,
      subject_id text NOT NULL,
      step text NOT NULL CHECK (step IN ('create', 'set', 'test', 'finish')),
      version_id text,
      stream_version integer NOT NULL,
      updated_at timestamptz NOT NULL,
      last_failure text,
      PRIMARY KEY (what, subject_id)
    )`);
    await q.query(`ALTER TABLE rotation.service_accounts_v1 ADD COLUMN secret_ref jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rotation.service_accounts_v1 DROP COLUMN secret_ref`);
    await q.query(`DROP TABLE rotation.rotation_jobs_v1`);
  }
}
