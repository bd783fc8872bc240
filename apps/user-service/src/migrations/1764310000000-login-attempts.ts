import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When the last login attempt was reserved: the growing delays of the NIST profile are measured
 * from it, and setting it while the row is locked stops a burst of concurrent attempts from all
 * slipping past the delay together.
 */
export class LoginAttempts1764310000000 implements MigrationInterface {
  name = 'LoginAttempts1764310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users.users_v1 ADD COLUMN last_attempt_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users.users_v1 DROP COLUMN last_attempt_at`);
  }
}
